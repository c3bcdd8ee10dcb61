"""The facilitator kit at build time: branch maps, role cards, the session plan."""

from __future__ import annotations

import dataclasses
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.facilitation import (
    DEBRIEF_MINUTES,
    MAX_REACTIONS,
    PAGE_PX,
    card_px,
    live_minutes,
    main_path,
    reactions,
    session_minutes,
)
from generator.load import LoadedScenario, load_scenario, load_scenario_bytes, scenario_files
from generator.model import Bank, Choice, Scenario
from generator.reading import words
from generator.render import OUTCOME_LABELS, render_facilitator, render_plan

from .helpers import ROOT

SHIPPED = [load_scenario(p) for p in scenario_files(ROOT / "scenarios")]
IDS = [x.slug for x in SHIPPED]
LONG_ABOUT = (
    "A first-year nursing student who works two part-time jobs, one at a care home on "
    "weekend nights and one at a pharmacy after class, and who sends money home to a "
    "younger brother each month. The required textbook costs more than he spends on food "
    "in a week, the campus bookshop has sold out of used copies, and his first exam is "
    "on Monday. He has never asked the library for anything before, and he is not sure "
    "what it is for. "
) * 2
"""A patron's ``about`` long enough to push a patron card past one printed page."""


class _Map(HTMLParser):
    """The map's nodes, edges and labels, and the text alternative's items."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self.edges: list[str] = []
        self.labels: list[str] = []
        self.list_steps: list[str] = []
        self.list_edges: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "g" and "rp-map-node" in cls:
            self.nodes.append(a["data-step"] or "")
        elif tag == "path" and "rp-map-edge" in cls:
            self.edges.append(a["data-edge"] or "")
        elif tag == "g" and "rp-map-label" in cls:
            self.labels.append(a["data-label"] or "")
        elif tag == "li" and "data-step" in a:
            self.list_steps.append(a["data-step"] or "")
        elif tag == "li" and "data-edge" in a:
            self.list_edges.append(a["data-edge"] or "")


def parsed(html: str) -> _Map:
    m = _Map()
    m.feed(html)
    return m


@pytest.mark.parametrize("loaded", SHIPPED, ids=IDS)
def test_branch_map_has_a_node_per_step_and_a_labelled_edge_per_reply(
    loaded: LoadedScenario,
) -> None:
    s = loaded.scenario
    m = parsed(render_facilitator(loaded))
    assert sorted(m.nodes) == sorted(s.steps)
    replies = sum(len(step.choices or []) for step in s.steps.values())
    assert len(m.edges) == replies
    assert len(set(m.edges)) == replies, "every reply has its own label"
    assert m.labels == m.edges
    # The text alternative says the same: every step, every reply, in the same words.
    assert sorted(m.list_steps) == sorted(s.steps)
    assert m.list_edges == m.edges


def test_map_shapes_and_line_styles_say_more_than_colour() -> None:
    loaded = next(x for x in SHIPPED if x.slug == "shouting-about-a-blocked-card")
    html = render_facilitator(loaded)
    assert "<ellipse" in html and "<polygon" in html and "<rect" in html
    assert 'class="rp-map-edge rp-map-good" data-edge=' in html
    assert re.search(r'rp-map-good"[^>]*stroke-dasharray="8 5"', html)
    assert re.search(r'rp-map-poor"[^>]*stroke-dasharray="2 4"', html)
    assert not re.search(r'rp-map-best"[^>]*stroke-dasharray', html)
    assert "<script" not in html and " on" not in re.sub(r">[^<]*<", "><", html)


@pytest.mark.parametrize("loaded", SHIPPED, ids=IDS)
def test_cards_keep_the_hidden_need_off_the_staff_card(loaded: LoadedScenario) -> None:
    html = render_facilitator(loaded)
    patron = html[html.index('id="patron-card"') : html.index('id="staff-card"')]
    staff = html[html.index('id="staff-card"') : html.index('id="observer-checklist"')]
    assert "What you really want" in patron
    assert "What you really want" not in staff and "<strong>You are " not in staff
    goal = loaded.scenario.patron.goal or ""
    assert goal.split()[0] not in staff or goal[:30] not in staff
    order = [html.index(f">{h}</h2>") for h in SHEETS]
    assert order == sorted(order)


SHEETS = ("Patron card", "Staff card", "Observer checklist", "Branch map", "Debrief")
BOX = '<span class="rp-box" aria-hidden="true">&#9744;</span>'
PRINCIPLES = ("Yes-first", "Acknowledged", "Offered what", "Followed up", "Tone")


@pytest.mark.parametrize("loaded", SHIPPED, ids=IDS)
def test_observer_checklist_follows_the_scenario_with_tick_boxes(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    html = render_facilitator(loaded)
    sheet = html[html.index('id="observer-checklist"') : html.index('id="branch-map"')]
    # Each objective, each key moment of the patron card (the patron's line, or what
    # happens) and each principle gets a tick box.
    for objective in s.objectives:
        assert f'<li class="task-list-item">{BOX} {objective}</li>' in sheet
    rows = reactions(s, OUTCOME_LABELS)
    moments = re.findall(r"<li>When (.*?)</li>", sheet, re.S)
    assert len(moments) == len(rows) >= 1
    for row, moment in zip(rows, moments, strict=True):
        said = f'{s.patron.name} says: "{row.at.line}"' if row.at.line else row.at.scene
        assert unescape(said or "") in unescape(moment)
        assert moment.count(BOX) == 3 and "met the real need" in moment
    for principle in PRINCIPLES:
        assert re.search(rf"{BOX} {principle}", sheet), principle
    limits = f"{BOX} Limits and safety" in sheet
    assert limits == (s.topic == "difficult-patrons")
    boxes = len(s.objectives) + 3 * len(rows) + len(PRINCIPLES) + limits
    assert sheet.count(BOX) == boxes
    # The observer may know what the patron is after; the staff card still does not.
    assert (s.patron.goal or "")[:40] in unescape(sheet)


def test_patron_card_reactions_follow_the_main_path() -> None:
    loaded = next(x for x in SHIPPED if x.slug == "copying-a-whole-book")
    rows = reactions(loaded.scenario, OUTCOME_LABELS)
    decisions = [x for x in main_path(loaded.scenario) if loaded.scenario.steps[x].choices]
    assert 1 <= len(rows) <= min(3, len(decisions))
    assert all(row.kinds for row in rows)
    assert rows[0].kinds[0][0].startswith("Meets your real need")


def _patron_card(html: str) -> str:
    return html[html.index('id="patron-card"') : html.index('id="staff-card"')]


@pytest.mark.parametrize("loaded", SHIPPED, ids=IDS)
def test_patron_card_frames_narration_apart_from_the_patrons_lines(
    loaded: LoadedScenario,
) -> None:
    """Scene text is told as the staff member sees it ("You look through her account"):
    on the patron card it is labelled narration, never the patron's own words."""
    s = loaded.scenario
    card = unescape(_patron_card(render_facilitator(loaded)))
    spans = re.findall(r'<span class="rp-narration">(.*?)</span>', card)
    outside = re.sub(r'<span class="rp-narration">.*?</span>', "", card)
    assert all(x.startswith("<strong>What happens:</strong> <em>") for x in spans)
    rows = reactions(s, OUTCOME_LABELS)
    # A decision step is shown by the patron's line when it has one.
    scenes = [
        m.scene
        for row in rows
        for m in [*([row.at] if row.at.line is None else []), *(k[1] for k in row.kinds)]
        if m.scene
    ]
    first = s.steps[s.start].scene
    for scene in scenes:
        assert any(scene in x for x in spans), scene
    for scene in [*scenes, *([first] if first else [])]:
        assert " ".join(scene.split()[:6]) not in outside, scene
    if first:
        assert re.search(r"<strong>You start.</strong> <span class=\"rp-narration\">", card)
    # Told once, before the first narration, what the narration's "you" is.
    key = '"you" means the staff member'
    assert (key in card) == bool(spans)
    if spans:
        assert card.index(key) < card.index('<span class="rp-narration">')
    # The patron's lines are what they say.
    for row in rows:
        for _, said in row.kinds:
            if said.line:
                assert f'say: "{said.line}"' in outside


def test_a_long_patron_card_keeps_fewer_reactions_to_fit_one_page() -> None:
    s = next(x for x in SHIPPED if x.slug == "copying-a-whole-book").scenario
    assert len(reactions(s, OUTCOME_LABELS)) == MAX_REACTIONS
    long = s.model_copy(update={"patron": s.patron.model_copy(update={"about": LONG_ABOUT})})
    rows = reactions(long, OUTCOME_LABELS)
    assert 1 <= len(rows) < MAX_REACTIONS
    one_more = reactions(s, OUTCOME_LABELS)[: len(rows) + 1]
    assert card_px(long, rows) <= PAGE_PX < card_px(long, one_more)
    # Never none: a card too long even with one reaction keeps that one.
    endless = s.model_copy(update={"patron": s.patron.model_copy(update={"about": LONG_ABOUT * 4})})
    assert len(reactions(endless, OUTCOME_LABELS)) == 1


QUIET = b"""title: A quiet card
topic: yes-first
summary: A patron asks twice.
objectives: [Listen]
patron: {name: Ann, about: A reader.}
start: ask
steps:
  ask:
    patron: Can I borrow this?
    choices:
      - {text: "Yes.", quality: best, feedback: Good., next: again}
      - {text: "No.", quality: poor, feedback: Bad., next: bad}
  again:
    patron: And this one?
    choices:
      - {text: "Of course.", quality: best, feedback: Good., next: ok}
      - {text: "One is the limit.", quality: poor, feedback: Bad., next: bad}
  ok: {ending: success, patron: Thanks., debrief: Fine.}
  bad: {ending: failure, scene: Ann leaves the book on the desk., debrief: Not fine.}
"""


def test_the_key_to_narration_comes_with_narration_only() -> None:
    loaded = load_scenario_bytes(QUIET, "x.yml", "x")
    card = _patron_card(render_facilitator(loaded))
    assert "What happens:" in card and "means the staff member" in card
    # Without the one scene, the card has neither narration nor the key to it.
    plain_steps = {**loaded.scenario.steps}
    plain_steps["bad"] = plain_steps["bad"].model_copy(update={"scene": None, "patron": "Oh."})
    quiet = loaded.scenario.model_copy(update={"steps": plain_steps})
    card = _patron_card(render_facilitator(dataclasses.replace(loaded, scenario=quiet)))
    assert "What happens:" not in card and "means the staff member" not in card
    assert '2. After you say: "And this one?"' in unescape(card)


def test_live_minutes_come_from_the_notes_or_the_length() -> None:
    for loaded in SHIPPED:
        notes = loaded.scenario.notes or ""
        found = re.search(r"(\d+)\s*minutes", notes)
        assert live_minutes(loaded.scenario) == int(found.group(1)) if found else True
    bare = SHIPPED[0].scenario.model_copy(update={"notes": None, "live_minutes": None})
    decisions = [x for x in main_path(bare) if bare.steps[x].choices]
    assert live_minutes(bare) == 2 * len(decisions) + 4


def test_plan_lists_every_scenario_with_its_time_and_facilitator_page() -> None:
    html = render_plan(SHIPPED)
    for loaded in SHIPPED:
        assert f'data-slug="{loaded.slug}"' in html
        assert f'href="../scenarios/{loaded.slug}/facilitator/"' in html
    assert len(re.findall(r"about \d+ minutes live", html)) == len(SHIPPED)
    for sheet in ("logbook-of-nos", "weekly-review", "secret-shopper", "attendance"):
        assert f'href="../sheets/{sheet}/"' in html


def test_attendance_sheet_asks_for_the_session_and_a_line_per_person() -> None:
    text = (ROOT / "content" / "sheets" / "attendance.md").read_text("utf-8")
    for field in ("Date:", "Session:", "Facilitator:", "Scenarios run:"):
        assert re.search(rf"^(?:.* )?{field} _{{8,}}", text, re.M), field
    header = "| Name | Role | Branch | Signature | Passed (LMS or certificate) |"
    assert header in text
    rows = re.findall(r"^\| \| \| \| \| yes / no \|$", text, re.M)
    assert len(rows) >= 10
    # Listed with the other sheets in the site's navigation, under For trainers.
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "          - sheets/secret-shopper.md\n          - sheets/attendance.md\n" in nav


def test_built_site_links_kit_pages_but_keeps_them_out_of_the_learners_list(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    slug = "copying-a-whole-book"
    page = (tmp_path / "scenarios" / slug / "index.html").read_text()
    assert f'href="../../scenarios/{slug}/facilitator/"' in page
    kit = (tmp_path / "scenarios" / slug / "facilitator" / "index.html").read_text()
    assert "Patron card" in kit
    nav = page[page.index('class="md-nav md-nav--primary"') :]
    assert "facilitator/" not in nav.split("For trainers")[0]
    assert "plan-a-session/" in nav


def test_a_scenarios_place_in_a_session_counts_its_debrief() -> None:
    plan = render_plan(SHIPPED)
    for loaded in SHIPPED:
        live = live_minutes(loaded.scenario)
        total = session_minutes(loaded.scenario)
        assert total == live + DEBRIEF_MINUTES
        # kit.js adds up data-minutes: each scenario brings its debrief along.
        assert f'<li data-minutes="{total}" data-slug="{loaded.slug}">' in plan
        assert f"about {live} minutes live, {total} with its debrief." in plan
        kit = render_facilitator(loaded)
        intro = kit[: kit.index("</p>")]
        assert f"About {live} minutes live, and {DEBRIEF_MINUTES} more for the debrief" in intro
        assert f"{total} minutes of your meeting" in intro
    # A 45-minute meeting holds two scenarios of 10 minutes live, not three, and the
    # page says so in plain words.
    ten = next(x.scenario for x in SHIPPED if live_minutes(x.scenario) == 10)
    assert 2 * session_minutes(ten) <= 45 < 3 * session_minutes(ten)
    rule = re.sub(r"\s+", " ", plan[plan.index('class="rp-plan-rule"') :].split("</p>")[0])
    assert f"Plan {DEBRIEF_MINUTES} minutes after each scenario for its debrief" in rule
    assert "a 45-minute meeting holds two scenarios of 10 minutes live, not three." in rule


@pytest.mark.parametrize("udu", [True, False])
def test_links_in_scenario_text_work_on_the_facilitator_page(udu: bool) -> None:
    raw = (
        (ROOT / "tests" / "data" / "valid" / "minimal.yml")
        .read_text("utf-8")
        .replace(
            "debrief: Offer what you can do.",
            'debrief: "See [the sheet](../desk-powers.md#how-to-use-the-sheet) and [x](other.md)."',
        )
    )
    html = render_facilitator(load_scenario_bytes(raw.encode(), "x.yml", "x"), udu)
    if udu:  # shown at scenarios/x/facilitator/, written for scenarios/x/
        assert 'href="../../../desk-powers/#how-to-use-the-sheet"' in html
        assert 'href="../../../scenarios/other/"' in html
    else:  # shown at scenarios/x/facilitator.html, written for scenarios/x.html
        assert 'href="../../desk-powers.html#how-to-use-the-sheet"' in html
        assert 'href="../../scenarios/other.html"' in html


# -- the home page's timings, measured from the scenarios --------------------------
READ_PER_MINUTE = 200
"""Words a minute: adults read 175 to 300 silently; 200 allows for reading with care."""
CHOOSE_SECONDS = 15
"""To weigh the replies and pick one, or to answer a question, beyond reading them."""
IDEAS = [
    "service-values", "beyond-satisfaction", "yes-first", "policy-and-technology",
    "follow-up", "difficult-patrons", "expectations",
]  # fmt: skip
NUMBERS = {20 + i: w for i, w in enumerate("twenty twenty-one twenty-two twenty-three "
    "twenty-four twenty-five twenty-six twenty-seven twenty-eight twenty-nine thirty "
    "thirty-one thirty-two thirty-three thirty-four thirty-five".split())}  # fmt: skip


def _count(text: str | None) -> int:
    return len(words(text or ""))


def _routes(s: Scenario) -> list[list[tuple[str, Choice]]]:
    """Every way through the scenario to an ending, as the replies chosen, without
    coming back to a step."""
    found: list[list[tuple[str, Choice]]] = []

    def go(at: str, seen: list[str], chosen: list[tuple[str, Choice]]) -> None:
        if s.steps[at].ending:
            found.append(chosen)
            return
        for c in s.steps[at].choices or []:
            if c.next not in seen:
                go(c.next, [*seen, c.next], [*chosen, (at, c)])

    go(s.start, [s.start], [])
    return found


def play_minutes(s: Scenario) -> tuple[float, float]:
    """How long one play takes on the website, by the shortest and by the longest route:
    the words it shows read at READ_PER_MINUTE, and CHOOSE_SECONDS for each reply and
    each question. A play shows the summary, the objectives and the patron; each step's
    narration and line and every reply offered; the ending's debrief and the review of
    the choices (each one's feedback, and the best reply where another was chosen); the
    knowledge check (prompt, options and one option's feedback, averaged over a bank's
    versions)."""
    shown = _count(s.summary) + sum(map(_count, s.objectives)) + _count(s.patron.about)
    for slot in s.questions:
        versions = slot.variants if isinstance(slot, Bank) else [slot]
        shown += sum(
            _count(q.prompt)
            + sum(_count(o.text) for o in q.options)
            + sum(_count(o.feedback) for o in q.options) / len(q.options)
            for q in versions
        ) / len(versions)
    times = []
    for route in _routes(s):
        read = shown
        for at, c in route:
            step = s.steps[at]
            read += _count(step.scene) + _count(step.patron)
            read += sum(_count(x.text) for x in step.choices or []) + _count(c.feedback)
            best = next((x for x in step.choices or [] if x.quality == "best"), c)
            read += _count(best.text) if c is not best else 0
        end = s.steps[route[-1][1].next]
        read += _count(end.scene) + _count(end.patron) + _count(end.debrief)
        choices = len(route) + len(s.questions)
        times.append(read / READ_PER_MINUTE + choices * CHOOSE_SECONDS / 60)
    return min(times), max(times)


def test_the_home_page_times_fit_the_scenarios() -> None:
    home = (ROOT / "content" / "index.md").read_text("utf-8")
    said = re.search(r"A scenario takes (\d+) to (\d+) minutes\. About (\d+) or (\d+) when", home)
    assert said, "the home page says how long a scenario takes"
    low, high, quick_low, quick_high = map(int, said.groups())
    times = [play_minutes(x.scenario) for x in SHIPPED]
    quickest = [t[0] for t in times]
    longest = [t[1] for t in times]
    # The range holds every scenario's shortest and longest play, rounded to the minute.
    assert (low, high) == (round(min(quickest)), round(max(longest)))
    assert (quick_low, quick_high) == (round(min(quickest)), round(max(quickest)))
    assert f"up to {high} when it goes the long way round" in home
    # The whole course: every scenario's plays and the idea pages.
    ideas = (
        sum(
            _count(re.sub(r"\(.*?\)", "", (ROOT / "content" / f"{p}.md").read_text("utf-8")))
            for p in IDEAS
        )
        / READ_PER_MINUTE
    )
    hours = (sum(quickest) + ideas) / 60, (sum(longest) + ideas) / 60
    course = re.sub(r"\s+", " ", home)
    assert f"The whole course is {NUMBERS[len(SHIPPED)]} scenarios plus seven short" in course
    quarters = {"two and a quarter": 2.25, "four and a half": 4.5}
    stated = re.search(r"from about (.+?) to (.+?) hours", course)
    assert stated
    for words_said, measured in zip(stated.groups(), hours, strict=True):
        assert abs(quarters[words_said] - measured) <= 0.125, (words_said, measured)
