"""Scenario pages as HTML: narration, the listed order of replies and options, golden files."""

from __future__ import annotations

import os
import re

import pytest

from generator.load import LoadedScenario, load_scenario, load_scenario_bytes, scenario_files
from generator.render import render_scenario, runtime_data, study_order, study_orders

from .helpers import DATA, REFERENCE, ROOT

GOLDEN = DATA / "golden"
SHIPPED = [load_scenario(p) for p in scenario_files(ROOT / "scenarios")]
ALL = [*SHIPPED, load_scenario(REFERENCE), load_scenario(DATA / "valid" / "scene.yml")]


def study_section(html: str) -> str:
    match = re.search(r'<div class="rp-study">.*?</div>\n<div class="rp-live"', html, re.S)
    assert match
    return match.group(0)


def test_scene_golden() -> None:
    """Narration has no speaker; speech has one; a step may have both or either."""
    html = study_section(render_scenario(load_scenario(DATA / "valid" / "scene.yml")))
    golden = GOLDEN / "scene.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, "utf-8")
    assert html == golden.read_text("utf-8")


@pytest.mark.parametrize("loaded", ALL, ids=[x.slug for x in ALL])
def test_listed_order_is_never_the_written_order(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    listed = study_orders(loaded)
    for step_id, step in s.steps.items():
        written = step.choices or []
        assert sorted(map(id, listed.choices[step_id])) == sorted(map(id, written))
        if len(written) > 1:
            assert (listed.choices[step_id] == written) is (step.shuffle is False), step_id
    for q, options in zip(s.questions, listed.options, strict=True):
        assert options != q.options or q.shuffle is False


def test_listed_order_is_the_same_in_every_build() -> None:
    # Pinned: a change here would reorder every published page.
    assert study_order("reference-book", "request", 3) == [2, 0, 1]
    assert study_order("reference-book", "request", 3) == study_order(
        "reference-book", "request", 3
    )
    assert study_order("x", "y", 4, fixed=True) == [0, 1, 2, 3]


def test_the_page_and_the_runtime_data_list_replies_in_the_same_order() -> None:
    loaded = load_scenario(REFERENCE)
    html = render_scenario(loaded)
    data = runtime_data(loaded)
    summaries = re.findall(r'<details class="rp-choice"><summary>(.*?)</summary>', html)
    listed = study_orders(loaded)
    texts = [c.text.replace("'", "&#39;") for c in listed.choices["request"]]
    assert [s.replace("&#39;", "'") for s in summaries[:3]] == [
        t.replace("&#39;", "'") for t in texts
    ]
    assert [r["next"] for r in data["steps"]["request"]["replies"]] == [
        c.next for c in listed.choices["request"]
    ]
    for q, options in zip(data["questions"], listed.options, strict=True):
        assert q["correct"] == [o.correct for o in options]


def test_fixed_steps_are_marked_for_the_runtime() -> None:
    data = runtime_data(load_scenario(DATA / "valid" / "scene.yml"), pass_mark=0.5)
    assert data["steps"]["answers"].get("fixed") is True
    assert "fixed" not in data["steps"]["arrives"]
    assert data["passMark"] == 0.5


@pytest.mark.parametrize("loaded", ALL, ids=[x.slug for x in ALL])
def test_runtime_data_names_each_listed_item_by_its_written_position(
    loaded: LoadedScenario,
) -> None:
    data = runtime_data(loaded)
    for step_id, step in loaded.scenario.steps.items():
        for reply in data["steps"][step_id].get("replies", []):
            written = (step.choices or [])[reply["written"]]
            assert (written.next, written.quality) == (reply["next"], reply["quality"])
            assert "id" not in reply  # only packages report ids
    for spec, q in zip(data["questions"], loaded.scenario.questions, strict=True):
        assert [q.options[i].correct for i in spec["written"]] == spec["correct"]
        assert spec.get("fixed", False) is (q.shuffle is False)
        assert "ids" not in spec


def test_discussion_questions_are_listed_for_the_facilitator() -> None:
    raw = (DATA / "valid" / "minimal.yml").read_text("utf-8")
    raw += 'discussion:\n  - "What would *you* say first?"\n  - Which rule made this hard?\n'
    html = render_scenario(load_scenario_bytes(raw.encode(), "x.yml", "x"))
    facilitator = html[html.index('<details class="rp-facilitator">') :]
    assert (
        '<ol class="rp-discussion">\n<li>What would <em>you</em> say first?</li>\n'
        "<li>Which rule made this hard?</li>\n</ol>"
    ) in facilitator


def test_runtime_data_has_named_fields_and_ids_only_for_packages() -> None:
    """The shape the ``Page`` typedef in assets/roleplay.js documents."""
    loaded = load_scenario(REFERENCE)
    data = runtime_data(loaded, pass_mark=0.8)
    assert set(data) == {"slug", "version", "start", "steps", "questions", "passMark", "coaching"}
    assert (data["slug"], data["version"], data["start"]) == (
        loaded.slug,
        loaded.digest,
        loaded.scenario.start,
    )
    assert data["steps"]["relieved"] == {"ending": "success"}
    for reply in data["steps"]["request"]["replies"]:
        assert set(reply) == {"next", "quality", "written"}
    assert [set(q) for q in data["questions"]] == [{"type", "correct", "written"}] * 2
    packaged = runtime_data(loaded, lms=True)
    for step in packaged["steps"].values():
        for reply in step.get("replies", []):
            assert set(reply) == {"next", "quality", "written", "id"}
    written = [o.text for o in loaded.scenario.questions[1].options]
    second = packaged["questions"][1]
    assert [written[i] for i in second["written"]][second["ids"].index("option_1")] == "From yes"


def test_coaching_is_the_sites_unless_the_scenario_sets_its_own() -> None:
    loaded = load_scenario(REFERENCE)
    assert runtime_data(loaded)["coaching"] == "debrief"
    assert runtime_data(loaded, coaching="immediate")["coaching"] == "immediate"
    own = load_scenario_bytes(REFERENCE.read_bytes() + b"coaching: immediate\n", "own.yml", "own")
    assert runtime_data(own)["coaching"] == "immediate"
    assert '"coaching":"immediate"' in render_scenario(own)
    assert '"coaching":"debrief"' in render_scenario(loaded)
