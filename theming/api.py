"""What other apps may ask of theming: the effective design tokens of a tenant, as CSS.

Tokens are resolved field by field: the tenant's own theme, else (for a commune) its EPCI's,
else the platform defaults. The result is cached under a tenant-scoped key and dropped by
theming.services when the tenant's theme — or its EPCI's — changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.core.cache import cache
from django.templatetags.static import static
from django_tenants.utils import schema_context

TOKENS_CACHE_KEY = "theming:tokens"
FIELDS = ("primary_colour", "secondary_colour", "header_style", "corners", "font")
FONT_STACKS = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    "atkinson-hyperlegible": '"Atkinson Hyperlegible", system-ui, sans-serif',
    "source-sans-3": '"Source Sans 3", system-ui, sans-serif',
}
FONT_NAMES = {"atkinson-hyperlegible": "Atkinson Hyperlegible", "source-sans-3": "Source Sans 3"}
FILE_FIELDS = ("logo", "favicon")
DEFAULTS: dict[str, str] = {
    "primary_colour": "#000091",
    "secondary_colour": "#6a6af4",
    "header_style": "light",
    "corners": "rounded",
    "font": "system",
}


@dataclass(frozen=True)
class Tokens:
    primary_colour: str
    secondary_colour: str
    header_style: str
    corners: str
    font: str
    version: str
    logo_url: str = ""
    favicon_url: str = ""

    def as_css(self) -> str:
        radius = "0.25rem" if self.corners == "rounded" else "0"
        header_bg = self.primary_colour if self.header_style == "coloured" else "#ffffff"
        header_fg = "#ffffff" if self.header_style == "coloured" else "#161616"
        faces = ""
        if self.font in FONT_NAMES:
            for weight in (400, 700):
                url = static(f"theming/fonts/{self.font}/{self.font}-latin-{weight}-normal.woff2")
                faces += (
                    f'@font-face {{ font-family: "{FONT_NAMES[self.font]}"; font-style: normal; '
                    f'font-weight: {weight}; font-display: swap; src: url("{url}") format("woff2"); }}\n'
                )
        return faces + (
            ":root {\n"
            f"  --font-family: {FONT_STACKS.get(self.font, FONT_STACKS['system'])};\n"
            f"  --primary: {self.primary_colour};\n"
            f"  --secondary: {self.secondary_colour};\n"
            f"  --radius: {radius};\n"
            f"  --header-background: {header_bg};\n"
            f"  --header-text: {header_fg};\n"
            "}\n"
        )


def _own_values() -> tuple[dict[str, str], int]:
    from .models import Theme

    theme = Theme.objects.filter(pk=1).first()
    if theme is None:
        return {}, 0
    values = {f: getattr(theme, f) for f in FIELDS if getattr(theme, f)}
    for field in FILE_FIELDS:
        stored = getattr(theme, field)
        if stored:
            values[f"{field}_url"] = stored.url
    return values, theme.version


def resolve(*, parent_schema: str | None, overrides: dict[str, str] | None = None) -> Tokens:
    """Tokens of the current schema, inheriting from `parent_schema` (the EPCI) field by field.

    `overrides` (already validated values, for a preview) replace the tenant's own fields.
    """
    own, own_version = _own_values()
    if overrides is not None:
        own = {**own, **{f: v for f, v in overrides.items() if f in FIELDS}}
        for f in FIELDS:
            if f in overrides and not overrides[f]:
                own.pop(f, None)
    inherited: dict[str, str] = {}
    parent_version = 0
    if parent_schema:
        with schema_context(parent_schema):
            inherited, parent_version = _own_values()
    values: dict[str, Any] = {f: own.get(f) or inherited.get(f) or DEFAULTS[f] for f in FIELDS}
    for field in FILE_FIELDS:
        values[f"{field}_url"] = own.get(f"{field}_url") or inherited.get(f"{field}_url") or ""
    return Tokens(**values, version=f"{own_version}.{parent_version}")


def tokens_for_current_tenant(*, parent_schema_getter: Callable[[], str | None]) -> Tokens:
    """Cached tokens of the current schema; the parent is only looked up on a cache miss."""
    cached = cache.get(TOKENS_CACHE_KEY)
    if isinstance(cached, dict):
        return Tokens(**cached)
    tokens = resolve(parent_schema=parent_schema_getter())
    cache.set(TOKENS_CACHE_KEY, asdict(tokens), 3600)
    return tokens


def forget_tokens() -> None:
    """Drop the cached tokens of the current schema."""
    cache.delete(TOKENS_CACHE_KEY)
