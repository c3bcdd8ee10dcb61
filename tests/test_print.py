"""The facilitator kit and print in real Chromium: PDFs on A4 and Letter read back with
pdftotext, branch maps measured in the browser, axe-core on the kit's pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.load import load_scenario, scenario_files

from .browser_support import axe_violations, serve
from .build import build_site
from .conftest import make_project
from .helpers import DATA, ROOT

pytestmark = pytest.mark.browser

SHIPPED = [load_scenario(p) for p in scenario_files(ROOT / "scenarios")]
LONGEST = max(SHIPPED, key=lambda x: (len(x.scenario.steps), x.slug)).slug
CARDS = ("Patron card", "Staff card", "Observer checklist", "Branch map", "Debrief")
ONE_PAGE = CARDS[:3]
"""The sheets handed out or held during the role-play: each on a page of its own."""


LONG_CARD = "long-patron-card"
EXTRA = 2
"""Test scenarios served beside the shipped ones: long-words and LONG_CARD."""


def long_patron_card() -> str:
    """A shipped scenario whose patron has a long description, as a trainer may write."""
    text = (ROOT / "scenarios" / "copying-a-whole-book.yml").read_text("utf-8")
    about = " ".join(["A first-year nursing student who works two jobs and studies at night."] * 16)
    return re.sub(r"  about: >\n(?:    .*\n)+", f"  about: {about}\n", text, count=1)


@pytest.fixture(scope="module")
def kit_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped site, plus a scenario with long outside links, served on 127.0.0.1."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install poppler-utils (make test does it as root)")
    scenarios: dict[str, Path | str] = {x.slug: Path(x.path) for x in SHIPPED}
    scenarios["long-words"] = DATA / "valid" / "long-words.yml"
    scenarios[LONG_CARD] = long_patron_card()
    root = make_project(tmp_path_factory.mktemp("print") / "project", scenarios)
    with serve(root / "site") as url:
        build_site(root, site_url=url + "/")
        yield url


def pdf_pages(page: Page, tmp: Path, paper: str) -> list[str]:
    """The page printed to PDF on ``paper``, as the text of each PDF page."""
    target = tmp / f"print-{paper}.pdf"
    page.pdf(path=str(target), format=paper)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def in_order(needle: list[str], haystack: list[str]) -> bool:
    """Whether every word of ``needle`` appears in ``haystack`` in the same order."""
    rest = iter(haystack)
    return all(any(word == other for other in rest) for word in needle)


def open_kit(page: Page, kit_url: str, slug: str) -> None:
    page.goto(f"{kit_url}/scenarios/{slug}/facilitator/")
    page.wait_for_selector(".rp-map-svg")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_facilitator_page_prints_each_card_on_its_own_pages(
    page: Page, kit_url: str, paper: str, tmp_path: Path
) -> None:
    open_kit(page, kit_url, LONGEST)
    pages = pdf_pages(page, tmp_path, paper)
    assert len(pages) >= 3
    starts = []
    for heading in CARDS:
        found = [i for i, text in enumerate(pages) if re.search(rf"^\s*{heading}\s*$", text, re.M)]
        assert len(found) == 1, (heading, found)
        starts.append(found[0])
    assert starts == sorted(set(starts)), "each card starts on a page of its own, in order"
    # The patron card follows the page title on the first sheet when it fits there; every
    # other card starts a sheet of its own.
    assert starts[0] <= 1
    for before, heading in zip(starts, CARDS, strict=True):
        if before == 0:
            continue
        first_line = next(line for line in pages[before].splitlines() if line.strip())
        assert first_line.strip() == heading, (heading, first_line)
    # The patron and staff cards and the observer checklist fit one page each; no
    # card's text is cut off.
    assert starts[1] == starts[0] + 1 and starts[2] == starts[1] + 1
    assert starts[3] == starts[2] + 1
    printed = words(" ".join(pages))
    texts = page.evaluate(
        """() => [...document.querySelectorAll('.rp-sheet')].map(s => {
             const c = s.cloneNode(true); c.querySelectorAll('svg').forEach(x => x.remove());
             document.body.appendChild(c); const t = c.innerText; c.remove(); return t; })"""
    )
    assert len(texts) == len(CARDS)
    for heading, text in zip(CARDS, texts, strict=True):
        assert in_order(words(text), printed), f"{heading}: text missing from the PDF"
    # The theme's header, navigation, footer and search are not printed.
    assert "Skip to content" not in " ".join(pages)
    assert not re.search(r"^\s*Search\s*$", " ".join(pages), re.M)


SHEET_TEXTS = """() => [...document.querySelectorAll('.rp-sheet')].map(s => {
  const c = s.cloneNode(true); c.querySelectorAll('svg').forEach(x => x.remove());
  document.body.appendChild(c); const t = c.innerText; c.remove(); return t; })"""


@pytest.mark.parametrize(
    ("paper", "slugs"),
    [("Letter", [*(x.slug for x in SHIPPED), LONG_CARD]), ("A4", [LONG_CARD])],
    ids=["Letter", "A4"],
)
def test_no_role_card_is_split_across_pages(
    page: Page, kit_url: str, tmp_path: Path, paper: str, slugs: list[str]
) -> None:
    """The patron card, the staff card and the observer checklist each print whole on
    one page, every line of them on that page: every shipped scenario on Letter, and a
    patron card too long for three reactions on both papers. Letter is the page that
    runs out first: A4 is 67 px taller and only 3% narrower."""
    for slug in slugs:
        open_kit(page, kit_url, slug)
        pages = pdf_pages(page, tmp_path, paper)
        texts = page.evaluate(SHEET_TEXTS)
        for heading, text in zip(ONE_PAGE, texts, strict=False):
            found = [i for i, p in enumerate(pages) if re.search(rf"^\s*{heading}\s*$", p, re.M)]
            assert len(found) == 1, (slug, heading, found)
            on_page = words(pages[found[0]])
            for line in text.splitlines():
                assert in_order(words(line), on_page), (slug, heading, paper, line)
            assert in_order(words(text), on_page), (slug, heading, paper)
            if heading == "Observer checklist":
                assert pages[found[0]].count("\u2610") == text.count("\u2610") > 0


@pytest.mark.parametrize("slug", [x.slug for x in SHIPPED])
def test_branch_map_nodes_do_not_overlap(page: Page, kit_url: str, slug: str) -> None:
    open_kit(page, kit_url, slug)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.rp-map-node')].map(n => {
             const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""
    )
    steps = load_scenario(ROOT / "scenarios" / f"{slug}.yml").scenario.steps
    assert len(boxes) == len(steps)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)
    svg = page.evaluate(
        "() => { const r = document.querySelector('.rp-map-svg').getBoundingClientRect();"
        " return [r.width, document.querySelector('.md-content').getBoundingClientRect().width] }"
    )
    assert svg[0] <= svg[1]


def test_scenario_page_prints_its_study_version_without_the_answers(
    page: Page, kit_url: str, tmp_path: Path
) -> None:
    slug = "copying-a-whole-book"
    page.goto(f"{kit_url}/scenarios/{slug}/")
    page.wait_for_selector("[data-rp-ready]")
    printed = words(" ".join(pdf_pages(page, tmp_path, "A4")))
    s = load_scenario(ROOT / "scenarios" / f"{slug}.yml").scenario
    for step in s.steps.values():
        for choice in step.choices or []:
            assert in_order(words(choice.feedback)[:12], printed), choice.feedback
    # A bank prints every version, though the screen shows the one this attempt asks.
    for slot in s.questions:
        for q in getattr(slot, "variants", [slot]):
            assert in_order(words(q.prompt), printed), q.prompt
    for q in [q for slot in s.questions for q in getattr(slot, "variants", [slot])]:
        for option in q.options:
            if option.feedback:
                # Not printed as a whole: short feedback's common words are all over
                # the page, in order, so look for the words side by side.
                assert " ".join(words(option.feedback)) not in " ".join(printed)
    joined = " ".join(printed)
    assert "show the answer" not in joined and "check answer" not in joined
    # The knowledge check prints though the screen shows it only after an ending; the
    # phone's shortcut to the role-play does not print.
    assert page.locator(".rp-check").is_hidden()
    assert "skip to the role play" not in joined


def test_printed_outside_links_show_where_they_go(page: Page, kit_url: str, tmp_path: Path) -> None:
    page.goto(f"{kit_url}/scenarios/long-words/")
    page.wait_for_selector("[data-rp-ready]")
    hrefs = page.eval_on_selector_all("a.rp-ext", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs
    text = " ".join(pdf_pages(page, tmp_path, "Letter"))
    flat = re.sub(r"\s+", "", text)
    for href in hrefs:
        assert f"({href})" in flat, href
    # Links inside the site keep their words only.
    assert "(../" not in flat and "127.0.0.1" not in flat


def test_session_plan_builds_a_running_order(page: Page, kit_url: str) -> None:
    page.goto(f"{kit_url}/plan-a-session/")
    page.wait_for_selector(".rp-plan[data-kit-ready]")
    rows = page.locator(".rp-plan-list li")
    assert rows.count() == len(SHIPPED) + EXTRA
    minutes = [int(rows.nth(i).get_attribute("data-minutes") or 0) for i in range(2)]
    page.get_by_label("Meeting length").select_option("30")
    for i in range(2):
        rows.nth(i).get_by_role("checkbox").check()
    expect(page.locator(".rp-plan-order li")).to_have_count(2)
    total = sum(minutes)
    expect(page.locator(".rp-plan-total")).to_contain_text(f"Total: {total} of 30 minutes")


def test_a_45_minute_plan_holds_two_scenarios_of_10_minutes_with_their_debriefs(
    page: Page, kit_url: str
) -> None:
    page.goto(f"{kit_url}/plan-a-session/")
    page.wait_for_selector(".rp-plan[data-kit-ready]")
    page.get_by_label("Meeting length").select_option("45")
    rows = page.locator(".rp-plan-list li")
    ten = [i for i in range(rows.count()) if "about 10 minutes live" in rows.nth(i).inner_text()]
    for i in ten[:2]:
        rows.nth(i).get_by_role("checkbox").check()
    expect(page.locator(".rp-plan-total")).to_contain_text("Total: 40 of 45 minutes, leaving 5")
    rows.nth(ten[2]).get_by_role("checkbox").check()
    expect(page.locator(".rp-plan-total")).to_contain_text("Total: 60 of 45 minutes")
    expect(page.locator(".rp-plan-total")).to_contain_text("15 minutes too long")


def test_session_plan_without_javascript_is_a_plain_list(browser: object, kit_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{kit_url}/plan-a-session/")
    assert page.locator(".rp-plan-builder").is_hidden()
    assert page.locator(".rp-plan-list li").count() == len(SHIPPED) + EXTRA
    assert "minutes live" in page.locator(".rp-plan").inner_text()
    context.close()


KIT_PAGES = {
    "facilitator": f"scenarios/{LONGEST}/facilitator/",
    "plan": "plan-a-session/",
    "certificate": "certificate/",
    "sheet": "sheets/secret-shopper/",
    "attendance": "sheets/attendance/",
}


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("name", list(KIT_PAGES))
def test_axe_finds_no_violations_on_the_kit_pages(
    page: Page, kit_url: str, name: str, scheme: str
) -> None:
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(f"{kit_url}/{KIT_PAGES[name]}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def _passed_state(slug: str, date: str) -> tuple[str, str]:
    """A stored state (the runtime's State) in which ``slug`` is passed on ``date``."""
    loaded = next(x for x in SHIPPED if x.slug == slug)
    s = loaded.scenario
    quiz = {str(i): [[0], True] for i in range(len(s.questions))}
    state = {
        "v": loaded.digest, "n": 1, "seed": 7, "path": [], "at": s.start, "wait": False,
        "done": "success", "quiz": quiz, "date": date,
    }  # fmt: skip
    return f"rp2:{slug}", json.dumps(state)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_certificate_is_one_page_with_the_name_and_the_passed_scenarios(
    page: Page, kit_url: str, paper: str, tmp_path: Path
) -> None:
    passed = {"copying-a-whole-book": "2026-11-20", "when-calm-does-not-work": "2026-11-23"}
    page.goto(f"{kit_url}/certificate/")
    for slug, date in passed.items():
        key, value = _passed_state(slug, date)
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])
    half = _passed_state("praise-for-a-colleague", "")
    started = json.loads(half[1]) | {"done": "failure"}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [half[0], json.dumps(started)])
    page.reload()
    page.wait_for_selector(".rp-cert-page[data-kit-ready]")
    expect(page.locator(".rp-cert-nojs")).to_be_hidden()
    page.get_by_label("Your name, as it should appear on the certificate").fill("Ada Okafor")
    expect(page.locator(".rp-cert-name")).to_have_text("Ada Okafor")
    items = page.locator(".rp-cert-list li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("passed on 2026-11-20")
    pages = pdf_pages(page, tmp_path, paper)
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "Ada Okafor" in text
    assert "Copying a whole book, passed on 2026-11-20" in text
    assert "When calm does not work, passed on 2026-11-23" in text
    assert "Praise for a colleague" not in text  # completed, not passed
    assert "not a record from a learning management system" in text
    assert "Your name" not in text and "Print the certificate" not in text


def test_certificate_without_javascript_explains_what_it_needs(
    browser: object, kit_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{kit_url}/certificate/")
    expect(page.locator(".rp-cert-nojs")).to_be_visible()
    expect(page.locator(".rp-cert-nojs")).to_contain_text("needs JavaScript")
    expect(page.locator(".rp-cert")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize(
    "sheet", ["logbook-of-nos", "weekly-review", "secret-shopper", "attendance"]
)
def test_each_exercise_sheet_prints_on_one_page(
    page: Page, kit_url: str, sheet: str, paper: str, tmp_path: Path
) -> None:
    page.goto(f"{kit_url}/sheets/{sheet}/")
    pages = pdf_pages(page, tmp_path, paper)
    assert len(pages) == 1, f"{sheet} takes {len(pages)} pages on {paper}"
    if sheet == "attendance":  # the whole table, every row of it, on paper
        text = " ".join(pages[0].split())
        assert "Name Role Branch Signature Passed (LMS or certificate)" in text
        assert text.count("yes / no") == 12


def test_a_ticked_running_order_prints_without_the_full_list(
    page: Page, kit_url: str, tmp_path: Path
) -> None:
    page.goto(f"{kit_url}/plan-a-session/")
    page.wait_for_selector(".rp-plan[data-kit-ready]")
    rows = page.locator(".rp-plan-list li")
    titles = [rows.nth(i).locator("a").first.inner_text() for i in (0, 3)]
    for i in (0, 3):
        rows.nth(i).get_by_role("checkbox").check()
    text = " ".join(" ".join(pdf_pages(page, tmp_path, "A4")).split())
    for title in titles:
        assert title in text
    assert "Total:" in text
    untouched = rows.nth(1).locator("a").first.inner_text()
    assert untouched not in text
