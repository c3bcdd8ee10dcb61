"""The shipped training content, held to the content rules."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.lint import staff_texts
from generator.load import LoadedScenario, load_scenario, scenario_files
from generator.model import Scenario
from generator.reading import grade
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
