"""The facilitator kit's style sheet (kit.css): linked in their own HTML by the pages that
need it (facilitator, plan, certificate, progress), by no other page, and applied
without JavaScript and after Material's instant navigation."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import markdown
import pytest
from playwright.sync_api import Browser, Page, expect

from generator.assets import asset
from generator.catalog import ScenarioCatalog
from generator.site import SiteOptions, plan_site
from generator.site_paths import ASSET_DIR
from generator.text import page_url

from .helpers import MINIMAL, REFERENCE

KIT_CSS = f"{ASSET_DIR}/kit.css"
KIT_KINDS = {"facilitator", "plan", "certificate", "progress"}
LINK = re.compile(r'<link rel="stylesheet" href="([^"]*kit\.css)">')


def _plan(tmp_path: Path, use_directory_urls: bool) -> list[tuple[str, str, str]]:
    """(docs path, kind, body) of every page planned for two scenarios."""
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    for slug, source in (("reference-book", REFERENCE), ("minimal", MINIMAL)):
        shutil.copy(source, folder / f"{slug}.yml")
    catalog = ScenarioCatalog(folder)
    catalog.refresh()
    plan = plan_site(
        list(catalog.entries.values()), SiteOptions(use_directory_urls=use_directory_urls)
    )
    assert KIT_CSS in plan.sources() and KIT_CSS not in plan.global_assets("style")
    return [(p.src, p.kind, p.body) for p in plan.pages]


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_only_the_kits_pages_link_its_style_sheet_where_it_is(
    tmp_path: Path, use_directory_urls: bool
) -> None:
    pages = _plan(tmp_path, use_directory_urls)
    assert {kind for _, kind, _ in pages} >= KIT_KINDS | {"scenario", "topic"}
    for src, kind, body in pages:
        links = LINK.findall(body)
        if kind not in KIT_KINDS:
            assert links == [], src
            continue
        assert len(links) == 1, src
        here = posixpath.dirname("/" + page_url(src, use_directory_urls))
        assert posixpath.normpath(posixpath.join(here, links[0])) == "/" + KIT_CSS, src


def test_the_link_survives_an_engine_that_reads_the_body_as_markdown(tmp_path: Path) -> None:
    """``generator pages`` writes each body into a Markdown file: the link must stay in the
    page's outer element, not become a paragraph of its own."""
    for src, kind, body in _plan(tmp_path, True):
        if kind in KIT_KINDS:
            html = markdown.markdown(body)
            assert LINK.search(html) and not re.search(r"<p>\s*<link", html), src


def test_the_kits_styles_are_published_minified_and_left_out_of_every_page() -> None:
    kit, site = asset("kit.css").decode(), asset("site.css").decode()
    assert ".rp-map-svg{" in kit and ".rp-cert-input{" in kit and "/*" not in kit
    assert not re.search(r"\.rp-(map|cert|plan|sheet|reactions)", site)


# In Chromium.

KIT_PAGES = [
    "scenarios/reference-book/facilitator/",
    "plan-a-session/",
    "certificate/",
    "progress/",
]
# Whether the kit's style sheet is among the page's sheets, loaded, and the width of the
# branch map's lines (when the page has one): kit.css draws them, the browser's default
# would fill each curve black without a line.
SHEETS_JS = """() => {
  const kit = [...document.styleSheets].filter(s => (s.href || '').endsWith('/kit.css'));
  const edge = document.querySelector('.rp-map-edge');
  return {kit: kit.map(s => s.cssRules.length > 0),
          map: edge && getComputedStyle(edge).strokeWidth};
}"""


@pytest.mark.browser
def test_without_javascript_the_kits_pages_have_their_styles_and_no_other_page_loads_them(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    loads: list[str] = []
    page.on("request", lambda r: loads.append(r.url) if r.url.endswith("/kit.css") else None)
    for path in KIT_PAGES:
        page.goto(f"{site_url}/{path}")
        seen = page.evaluate(SHEETS_JS)
        assert seen["kit"] == [True], path
        if path.endswith("facilitator/"):
            assert seen["map"] == "1.6px"
    assert loads and set(loads) == {f"{site_url}/{KIT_CSS}"}
    loads.clear()
    for path in ("", "scenarios/reference-book/", "topics/yes-first/"):
        page.goto(f"{site_url}/{path}")
        assert page.evaluate(SHEETS_JS)["kit"] == [], path
    assert loads == []
    context.close()


def _follow(page: Page, url: str) -> None:
    """Follow a link to ``url`` in the article, as Material's instant navigation does."""
    page.evaluate(
        """href => { const a = document.createElement('a');
                     a.href = href; a.id = 'rp-test-link'; a.textContent = 'Next page';
                     document.querySelector('article').append(a); }""",
        url,
    )
    page.locator("#rp-test-link").click()


@pytest.mark.browser
def test_the_kits_styles_come_and_go_with_its_pages_under_instant_navigation(
    page: Page, site_url: str
) -> None:
    page.goto(f"{site_url}/scenarios/reference-book/")
    page.wait_for_selector("[data-rp-ready]")
    page.evaluate("window.__samePage = true")
    _follow(page, f"{site_url}/scenarios/reference-book/facilitator/")
    page.wait_for_selector(".rp-map-svg")
    expect(page.locator(".rp-map-edge").first).to_have_css("stroke-width", "1.6px")
    assert page.evaluate(SHEETS_JS)["kit"] == [True]
    _follow(page, f"{site_url}/scenarios/reference-book/")
    page.wait_for_selector(".rp-live")
    assert page.evaluate(SHEETS_JS)["kit"] == []
    assert page.evaluate("window.__samePage === true"), "Material's instant navigation was used"
