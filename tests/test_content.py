"""The shipped training content, held to the content rules."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.lint import run_lint, staff_texts
from generator.load import LoadedScenario, load_scenario, scenario_files
from generator.model import Choice, Scenario
from generator.reading import grade, words
from generator.text import link_target, links_in
from generator.topics import TOPIC_SLUGS

from .helpers import ROOT

SCENARIOS = [load_scenario(p) for p in scenario_files(ROOT / "scenarios")]
IDS = [s.slug for s in SCENARIOS]
CONTENT = ROOT / "content"
IDEA_PAGES = [
    "service-values.md",
    "beyond-satisfaction.md",
    "yes-first.md",
    "policy-and-technology.md",
    "follow-up.md",
    "difficult-patrons.md",
    "expectations.md",
]
# The source articles are not part of the project: CI points TRAINING_SOURCES at them
# (see .ci/run); a checkout with shared/ beside it finds them there.
SOURCES = Path(os.environ.get("TRAINING_SOURCES") or ROOT.parent / "shared" / "sources")


def main_path(s: Scenario) -> list[str]:
    """Steps visited by always taking the first best choice, ending included."""
    path, at = [], s.start
    while at not in path:
        path.append(at)
        choices = s.steps[at].choices
        if not choices:
            break
        at = next(c for c in choices if c.quality == "best").next
    return path


def reachable(s: Scenario, start: str) -> set[str]:
    seen, pending = {start}, [start]
    while pending:
        for c in s.steps[pending.pop()].choices or []:
            if c.next not in seen:
                seen.add(c.next)
                pending.append(c.next)
    return seen


def test_at_least_twelve_scenarios_and_two_per_topic() -> None:
    assert len(SCENARIOS) >= 12
    per_topic = Counter(s.scenario.topic for s in SCENARIOS)
    for topic in TOPIC_SLUGS:
        assert per_topic[topic] >= 2, topic


@pytest.mark.parametrize("loaded", SCENARIOS, ids=IDS)
def test_main_path_has_three_decisions_and_succeeds(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    path = main_path(s)
    decisions = [step for step in path if s.steps[step].choices]
    assert len(decisions) >= 3, path
    assert s.steps[path[-1]].ending == "success", path


@pytest.mark.parametrize("loaded", SCENARIOS, ids=IDS)
def test_endings_questions_and_patron(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    kinds = {step.ending for step in s.steps.values() if step.ending}
    assert {"success", "failure"} <= kinds
    assert 2 <= len(s.questions) <= 4
    assert s.patron.name and s.patron.about and s.patron.goal


@pytest.mark.parametrize("loaded", SCENARIOS, ids=IDS)
def test_poor_choices_can_be_recovered_from(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    for step in main_path(s):
        for choice in s.steps[step].choices or []:
            if choice.quality == "poor":
                endings = {s.steps[x].ending for x in reachable(s, choice.next)}
                assert "success" in endings or "partial" in endings, (step, choice.text)


@pytest.mark.parametrize("loaded", SCENARIOS, ids=IDS)
def test_repeated_poor_choices_end_badly(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    at, seen = s.start, set()
    while s.steps[at].choices and at not in seen:
        seen.add(at)
        choices = s.steps[at].choices or []
        worst = next((c for c in choices if c.quality == "poor"), choices[-1])
        at = worst.next
    assert s.steps[at].ending == "failure", at


@pytest.mark.parametrize("loaded", SCENARIOS, ids=IDS)
def test_choices_are_plausible_not_one_right_answer(loaded: LoadedScenario) -> None:
    """Every decision offers at least two replies that are not poor, or a recovery."""
    s = loaded.scenario
    qualities = [c.quality for step in s.steps.values() for c in step.choices or []]
    assert qualities.count("good") >= 3
    assert qualities.count("poor") >= 3


def test_a_scenario_where_the_right_answer_is_a_well_delivered_no() -> None:
    copying = next(s for s in SCENARIOS if s.slug == "copying-a-whole-book").scenario
    first = copying.steps[copying.start].choices or []
    best = next(c for c in first if c.quality == "best")
    assert "can't" in best.text and "let's find a way" in best.text.lower()


def _links(text: str) -> set[str]:
    return set(re.findall(r"\]\((?:\.\./)?scenarios/([a-z0-9-]+)\.md\)", text))


@pytest.mark.parametrize("page", IDEA_PAGES)
def test_every_idea_page_links_to_existing_scenarios(page: str) -> None:
    linked = _links((CONTENT / page).read_text())
    assert linked, f"{page} links to no scenario"
    assert linked <= set(IDS), linked - set(IDS)


def test_every_idea_page_is_linked_back_from_a_scenario_page(tmp_path: Path) -> None:
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    pages = []
    for slug in IDS:
        html = (tmp_path / "scenarios" / slug / "index.html").read_text()
        match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
        assert match
        pages.append(match.group(1))  # the scenario itself, not the navigation
    for page in IDEA_PAGES:
        target = f'href="../../{page[: -len(".md")]}/"'
        assert any(target in html for html in pages), f"no scenario links back to {page}"


def test_home_page_covers_time_progress_start_and_trainers() -> None:
    home = (CONTENT / "index.md").read_text()
    for needle in ("How long it takes", "in this browser", "Where to start", "trainer-guide.md"):
        assert needle in home


@pytest.mark.parametrize("loaded", SCENARIOS, ids=IDS)
def test_plain_language_about_grade_eight(loaded: LoadedScenario) -> None:
    # The same measure as lint's reading warning, over the same staff-facing texts.
    text = " \n\n".join(t for _, t in staff_texts(loaded.scenario))
    assert grade(text) <= 8.0, f"reading grade {grade(text):.1f}"


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(
    not SOURCES.is_dir(),
    reason=f"the source articles are not at {SOURCES} (set TRAINING_SOURCES to their folder); "
    "originality is checked in CI",
)
def test_no_sentences_copied_from_the_source_articles() -> None:
    source = set().union(*(_shingles(p.read_text()) for p in SOURCES.glob("0*.txt")))
    ours = list(CONTENT.glob("*.md")) + list((ROOT / "scenarios").glob("*.yml"))
    for path in ours:
        text = path.read_text()
        if path.name == "sources.md":
            text = re.sub(r'"[^"]*"', " ", text)  # the credited titles are quoted on purpose
        copied = _shingles(text) & source
        assert not copied, f"{path.name} repeats the sources: {sorted(copied)[:3]}"


# -- Second edition: honest choices, ideas practised, facilitation ---------------------


def _words(text: str) -> int:
    return len(words(text))


def _decisions(s: Scenario) -> list[list[Choice]]:
    return [step.choices for step in s.steps.values() if step.choices]


def test_reply_length_gives_no_answer_away_across_the_site() -> None:
    """The best reply is the strictly longest at no more than 40% of decisions, and best
    replies average at most 1.3 times the words of poor ones (lint's counting)."""
    decisions = longest = 0
    best: list[int] = []
    poor: list[int] = []
    for loaded in SCENARIOS:
        for choices in _decisions(loaded.scenario):
            sizes = [(c.quality, _words(c.text)) for c in choices]
            best_sizes = [n for q, n in sizes if q == "best"]
            others = [n for q, n in sizes if q != "best"]
            if best_sizes and others:
                decisions += 1
                longest += max(best_sizes) > max(others)
            best += best_sizes
            poor += [n for q, n in sizes if q == "poor"]
    assert longest / decisions <= 0.40, f"best is longest at {longest} of {decisions}"
    ratio = (sum(best) / len(best)) / (sum(poor) / len(poor))
    assert ratio <= 1.30, f"best replies average {ratio:.2f} times the words of poor ones"


def _feedback_links(s: Scenario) -> set[str]:
    """Docs paths (with #fragment) that choice feedback in the scenario links."""
    found = set()
    for choices in _decisions(s):
        for choice in choices:
            for href in links_in(choice.feedback):
                target = link_target(href, "scenarios/x.md")
                if target.kind == "page":
                    found.add(target.path + (f"#{target.fragment}" if target.fragment else ""))
    return found


# Ideas from the sources that are practised as decisions: the scenario that practises
# each, and the idea page (and section) its feedback must link.
PRACTISED = {
    "the SERVICE standard": (
        "secret-shopper-at-our-branch",
        "service-values.md#the-service-standard",
    ),
    "retail expectations": ("like-the-bookstore-app", "expectations.md"),
    "the secret shopper": ("secret-shopper-at-our-branch", "expectations.md"),
    "sharing praise with staff": ("praise-for-a-colleague", ""),
    "the immoral leg of the three questions": ("what-did-my-neighbor-borrow", "yes-first.md"),
    "the logbook of nos after a real no": ("a-no-for-the-logbook", "policy-and-technology.md"),
    "a safe boundary with an unreasonable patron": (
        "when-calm-does-not-work",
        "difficult-patrons.md",
    ),
    "a phone caller": ("a-call-about-a-missing-hold", "follow-up.md#take-it-pursue-it-call-back"),
    "a patron with little English": ("few-words-in-common", ""),
    "an unattended child": ("a-child-alone-at-closing", ""),
}


@pytest.mark.parametrize("idea", list(PRACTISED))
def test_every_idea_is_practised_by_a_decision_that_links_its_page(idea: str) -> None:
    """A page with a section (#...) must be linked at that section; "" means any idea page."""
    slug, page = PRACTISED[idea]
    loaded = next((x for x in SCENARIOS if x.slug == slug), None)
    assert loaded is not None, f"no scenario {slug} practises {idea}"
    linked = _feedback_links(loaded.scenario)
    pages = {x.split("#")[0] for x in linked}
    if "#" in page:
        assert page in linked, (idea, sorted(linked))
    elif page:
        assert page in pages, (idea, sorted(linked))
    else:
        assert pages & set(IDEA_PAGES), (idea, sorted(linked))


def test_at_least_twenty_scenarios() -> None:
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("loaded", SCENARIOS, ids=IDS)
def test_notes_and_a_discussion_for_the_facilitator(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    assert s.notes and len(words(s.notes)) >= 25, "notes: what to watch for, policy, timing"
    assert re.search(r"\b\d+(\s*(to|-|\u2013)\s*\d+)?\s*minutes\b", s.notes), (
        "notes say how long it takes"
    )
    assert s.discussion is not None and 2 <= len(s.discussion) <= 4


def _site_texts() -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text("utf-8")) for p in CONTENT.glob("*.md")]
    texts += [(p.name, p.read_text("utf-8")) for p in (ROOT / "scenarios").glob("*.yml")]
    return texts


def test_a_good_recovery_is_not_the_only_praise() -> None:
    count = sum(text.count("A good recovery.") for _, text in _site_texts())
    assert count <= 2


BRITISH = re.compile(
    r"\b(practis\w*|colour\w*|behaviour\w*|organis\w*|apologis\w*|centre\w*|favourite\w*|"
    r"neighbour\w*|programmes?|catalogue\w*|licence\w*|recognis\w*|realis(e|ed|es|ing)|"
    r"judgement\w*|summaris\w*|prioritis\w*|travell\w*|cancell(ed|ing)|enrolment|learnt|"
    r"whilst|amongst|fulfilment|honour\w*|labour\w*|offence|defence|cheque)\b",
    re.IGNORECASE,
)


def test_one_spelling_convention_american_english() -> None:
    found = [(name, m.group()) for name, text in _site_texts() for m in BRITISH.finditer(text)]
    assert found == []


# Scenarios whose best replies use a power not every desk has (see desk-powers.md).
NEEDS_A_POWER = [
    "job-seeker-at-the-computers",
    "meeting-room-tonight",
    "printing-over-the-limit",
    "exam-on-a-timed-computer",
    "shouting-about-a-blocked-card",
]


@pytest.mark.parametrize("slug", NEEDS_A_POWER)
def test_replies_that_need_a_power_point_to_the_desk_powers_sheet(slug: str) -> None:
    text = (ROOT / "scenarios" / f"{slug}.yml").read_text("utf-8")
    assert "(../desk-powers.md)" in text


def test_the_home_page_suggests_an_order_that_includes_every_scenario() -> None:
    home = (CONTENT / "index.md").read_text("utf-8")
    assert set(re.findall(r"\(scenarios/([a-z0-9-]+)\.md\)", home)) == set(IDS)


def test_the_shipped_content_passes_lint_strict() -> None:
    checked, warnings = run_lint(scenario_files(ROOT / "scenarios"))
    assert checked == len(SCENARIOS)
    assert [str(w) for w in warnings] == []
