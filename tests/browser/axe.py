"""axe-core in a Playwright page (sync API), for the browser journeys.

The axe-core script comes from the `axe-playwright-python` package, which bundles
`axe.min.js`; it is injected into the page and run with the WCAG 2.x A/AA rules.
Results are reduced to what a failure message needs: rule id, impact, help text and,
for each failing node, its CSS target and axe's summary of what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from playwright.sync_api import Page

# WCAG 2.0, 2.1 and 2.2, levels A and AA (the RGAA targets AA).
WCAG_TAGS: tuple[str, ...] = (
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22a",
    "wcag22aa",
)

# Runs in the page once axe is injected; returns only the violations, trimmed.
_RUN_AXE = """
async (options) => {
  const results = await axe.run(document, options);
  return {
    version: results.testEngine.version,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => Array.isArray(t) ? t.join(" >>> ") : String(t)),
        html: n.html,
        failureSummary: n.failureSummary || "",
      })),
    })),
  };
}
"""


@dataclass(frozen=True)
class AxeNode:
    target: str
    html: str
    failure_summary: str


@dataclass(frozen=True)
class AxeViolation:
    id: str
    impact: str | None
    help: str
    help_url: str
    nodes: list[AxeNode] = field(default_factory=list)

    @property
    def targets(self) -> list[str]:
        return [n.target for n in self.nodes]

    def describe(self) -> str:
        lines = [f"{self.id} ({self.impact or 'n/a'}): {self.help} — {self.help_url}"]
        for node in self.nodes:
            summary = " ".join(node.failure_summary.split())
            lines.append(f"    • {node.target}  {node.html[:160]}")
            if summary:
                lines.append(f"      {summary}")
        return "\n".join(lines)


@cache
def axe_source() -> str:
    """The axe-core script bundled with axe-playwright-python."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def run_axe(page: Page, *, tags: tuple[str, ...] = WCAG_TAGS) -> list[AxeViolation]:
    """Inject axe-core into `page` (if not already there) and return its violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
    }
    raw: dict[str, Any] = page.evaluate(_RUN_AXE, options)
    return [
        AxeViolation(
            id=v["id"],
            impact=v["impact"],
            help=v["help"],
            help_url=v["helpUrl"],
            nodes=[
                AxeNode(
                    target=", ".join(n["target"]),
                    html=n["html"],
                    failure_summary=n["failureSummary"],
                )
                for n in v["nodes"]
            ],
        )
        for v in raw["violations"]
    ]


def format_violations(violations: list[AxeViolation], *, where: str = "") -> str:
    head = f"axe-core: {len(violations)} WCAG A/AA violation(s)" + (f" on {where}" if where else "")
    return "\n".join([head, *(v.describe() for v in violations)])


def assert_no_violations(page: Page, *, tags: tuple[str, ...] = WCAG_TAGS) -> None:
    violations = run_axe(page, tags=tags)
    assert not violations, format_violations(violations, where=page.url)
