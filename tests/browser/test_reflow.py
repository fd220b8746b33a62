"""RGAA 10.4 and 10.11: readable at 200 % zoom and at 320 px width, without horizontal
scrolling or clipped text (issue #3, item 5). Zoom is what a browser really does: the
same 1280×800 window at a device scale of 2 lays the page out at 640 CSS pixels;
text-only zoom doubles the root font size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.live_server import LiveServer

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PAGES = ["/", "/contact/", "/actualites/", "/accessibilite/", "/recherche/?q=mairie", "/compte/connexion/"]

# Horizontal overflow of the page, and elements whose text is cut off by overflow:hidden.
MEASURE = """() => {
  const doc = document.documentElement;
  const clipped = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const hides = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
    if (hides && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        && el.textContent.trim() && !el.matches('.skip-link')) {
      clipped.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    }
  }
  return {overflow: doc.scrollWidth - doc.clientWidth, clipped};
}"""


@pytest.fixture
def reflow_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height, scale = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="fr-FR"
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def _check(page: Page, server: LiveServer, name: str, *, text_zoom: bool = False) -> None:
    for path in PAGES:
        page.goto(server.url("fouesnant.localhost", path), wait_until="load")
        if text_zoom:
            page.add_style_tag(content="html { font-size: 200% !important; }")
        found = page.evaluate(MEASURE)
        assert found["overflow"] <= 0, f"{path}: {found['overflow']} px of horizontal scrolling ({name})"
        assert found["clipped"] == [], f"{path}: text cut off in {found['clipped']} ({name})"
        # The main menu, the search field and the footer stay reachable.
        assert page.locator("#contenu").is_visible()
        assert page.get_by_role("contentinfo").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server.url("fouesnant.localhost", "/"), wait_until="load")
    if text_zoom:
        page.add_style_tag(content="html { font-size: 200% !important; }")
    page.screenshot(path=str(SCREENSHOTS / f"reflow-{name}.png"), full_page=True)


@pytest.mark.parametrize("reflow_page", [(320, 640, 1)], indirect=True)
def test_pages_reflow_at_320_px(reflow_page: Page, site_server: LiveServer, db: None) -> None:
    _check(reflow_page, site_server, "320px")


@pytest.mark.parametrize("reflow_page", [(640, 400, 2)], indirect=True)
def test_pages_work_at_200_percent_zoom(reflow_page: Page, site_server: LiveServer, db: None) -> None:
    """A 1280×800 window zoomed to 200 %."""
    _check(reflow_page, site_server, "zoom-200")


@pytest.mark.parametrize("reflow_page", [(1280, 800, 1)], indirect=True)
def test_pages_work_with_text_enlarged_to_200_percent(reflow_page: Page, site_server: LiveServer, db: None) -> None:
    _check(reflow_page, site_server, "texte-200", text_zoom=True)
