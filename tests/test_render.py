"""Scenario pages as HTML: narration, the listed order of replies and options, golden files."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from generator.load import LoadedScenario, load_scenario, load_scenario_bytes, scenario_files
from generator.render import (
    render_progress,
    render_scenario,
    render_search_text,
    render_topic,
    runtime_data,
    structure_version,
    study_order,
    study_orders,
)
from generator.topics import topic

from .helpers import DATA, REFERENCE, ROOT

GOLDEN = DATA / "golden"
MINIMAL_RAW = (DATA / "valid" / "minimal.yml").read_text("utf-8")
SHIPPED = [load_scenario(p) for p in scenario_files(ROOT / "scenarios")]
BANK = DATA / "valid" / "bank.yml"
ALL = [
    *SHIPPED,
    load_scenario(REFERENCE),
    load_scenario(DATA / "valid" / "scene.yml"),
    load_scenario(BANK),
]


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
    for slot, variants in zip(s.slots(), listed.options, strict=True):
        for q, options in zip(slot, variants, strict=True):
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
    for q, [options] in zip(data["questions"], listed.options, strict=True):
        assert q["variants"][0]["correct"] == [o.correct for o in options]


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
    for slot, variants in zip(data["questions"], loaded.scenario.slots(), strict=True):
        for spec, q in zip(slot["variants"], variants, strict=True):
            assert [q.options[i].correct for i in spec["written"]] == spec["correct"]
            assert spec.get("fixed", False) is (q.shuffle is False)
            assert "ids" not in spec and "id" not in spec


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
    assert set(data) == {
        *("slug", "version", "start", "steps", "questions"),
        *("passMark", "coaching", "maxAttempts"),
    }
    assert (data["slug"], data["version"], data["start"]) == (
        loaded.slug,
        structure_version(loaded.scenario),
        loaded.scenario.start,
    )
    assert re.fullmatch("[0-9a-f]{16}", data["version"]) and data["version"] != loaded.digest
    assert data["steps"]["relieved"] == {"ending": "success"}
    assert set(data["steps"]["request"]) == {"replies", "sig"}
    for reply in data["steps"]["request"]["replies"]:
        assert set(reply) == {"next", "quality", "written"}
    assert [set(q) for q in data["questions"]] == [{"sig", "variants"}] * 2
    assert [set(v) for q in data["questions"] for v in q["variants"]] == [
        {"type", "correct", "written"}
    ] * 2
    packaged = runtime_data(loaded, lms=True)
    for step in packaged["steps"].values():
        for reply in step.get("replies", []):
            assert set(reply) == {"next", "quality", "written", "id"}
    written = [o.text for o in loaded.scenario.slots()[1][0].options]
    [second] = packaged["questions"][1]["variants"]
    assert [written[i] for i in second["written"]][second["ids"].index("option_1")] == "From yes"
    assert second["id"] == "knowledge_check_2"


def test_coaching_is_the_sites_unless_the_scenario_sets_its_own() -> None:
    loaded = load_scenario(REFERENCE)
    assert runtime_data(loaded)["coaching"] == "debrief"
    assert runtime_data(loaded, coaching="immediate")["coaching"] == "immediate"
    own = load_scenario_bytes(REFERENCE.read_bytes() + b"coaching: immediate\n", "own.yml", "own")
    assert runtime_data(own)["coaching"] == "immediate"
    assert '"coaching":"immediate"' in render_scenario(own)
    assert '"coaching":"debrief"' in render_scenario(loaded)


# Question banks, the structure version and max attempts ---------------------------------


def check_section(html: str) -> str:
    return html[html.index('<div class="rp-check">') : html.index("<script")]


def test_bank_golden() -> None:
    """Every variant of a bank is shown, under a note that each attempt asks one."""
    html = check_section(render_scenario(load_scenario(BANK)))
    golden = GOLDEN / "bank-check.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, "utf-8")
    assert html == golden.read_text("utf-8")


def test_every_question_is_marked_with_its_slot_and_variant() -> None:
    html = check_section(render_scenario(load_scenario(BANK)))
    marks = re.findall(r'<div class="rp-question" data-q="(\d+)" data-k="(\d+)">', html)
    assert marks == [("0", "0"), ("1", "0"), ("1", "1"), ("2", "0")]
    bank = html[html.index('<div class="rp-bank" data-q="1">') :]
    assert bank.startswith(
        '<div class="rp-bank" data-q="1">\n<p class="rp-bank-note">Question 2 comes in 2 '
        "versions: each attempt asks one of them. They all test this: Say <em>what you "
        "can do</em> before what you cannot.</p>\n"
        '<div class="rp-question" data-q="1" data-k="0">'
    )
    # The bank ends after its last variant, before the next slot.
    assert '</details>\n</div>\n</div>\n<div class="rp-question" data-q="2"' in bank
    assert html.count('class="rp-bank"') == 1


def test_each_variant_lists_its_options_by_its_own_key() -> None:
    loaded = load_scenario(BANK)
    listed = study_orders(loaded)
    slots = loaded.scenario.slots()
    assert listed.option_at[0] == [study_order("bank", "question-1", 2)]
    assert listed.option_at[1] == [
        study_order("bank", "question-2-1", 3),
        study_order("bank", "question-2-2", 3, fixed=True),
    ]
    assert listed.option_at[1][0] == [2, 0, 1]  # pinned: a change reorders the page
    for k, q in enumerate(slots[1]):
        assert listed.options[1][k] == [q.options[i] for i in listed.option_at[1][k]]


def test_runtime_data_gives_every_variant_of_a_bank() -> None:
    loaded = load_scenario(BANK)
    data = runtime_data(loaded)
    assert [len(q["variants"]) for q in data["questions"]] == [1, 2, 1]
    first, second = data["questions"][1]["variants"]
    assert first == {"type": "single", "correct": [False, True, False], "written": [2, 0, 1]}
    assert second == {
        "type": "multiple",
        "correct": [True, True, False],
        "written": [0, 1, 2],
        "fixed": True,
    }
    packaged = runtime_data(loaded, lms=True)
    assert [v["id"] for q in packaged["questions"] for v in q["variants"]] == [
        "knowledge_check_1",
        "knowledge_check_2.1",
        "first_words",
        "knowledge_check_3",
    ]
    assert packaged["questions"][1]["variants"][1]["ids"] == ["option_1", "here_is_how", "option_3"]
    assert packaged["version"] == data["version"]
    for q in data["questions"]:
        assert re.fullmatch("[0-9a-f]{6}", q["sig"])
    for step in data["steps"].values():
        assert "ending" in step or re.fullmatch("[0-9a-f]{6}", step["sig"])


def _edited(old: str, new: str, path: Path = BANK) -> dict[str, Any]:
    raw = path.read_text("utf-8")
    assert raw.count(old) == 1, old
    return runtime_data(load_scenario_bytes(raw.replace(old, new).encode(), "x.yml", "bank"))


def _sigs(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    steps = [s.get("sig", "") for s in data["steps"].values()]
    return steps, [q["sig"] for q in data["questions"]]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Minimal", "title: Another title"),
        ("Yes, let's look together.", "Yes, we can look together."),
        ("You started from yes.", "You began from yes."),
        ("Which openings start from yes?", "Which openings begin from yes?"),
        ("      - text: What you can offer instead", "      - text: What you can offer"),
        ("The rule can come later, if at all.", "The rule comes later."),
        ("Say *what you can do* before", "Say what you can do before"),
        ("debrief: Offer what you can do.", "debrief: Offer what you can."),
    ],
)
def test_the_version_and_signatures_stay_when_only_text_changes(old: str, new: str) -> None:
    before = runtime_data(load_scenario(BANK))
    after = _edited(old, new)
    assert after["version"] == before["version"]
    assert _sigs(after) == _sigs(before)


@pytest.mark.parametrize(
    ("old", "new", "step", "slot"),
    [
        ("        quality: poor", "        quality: good", 0, None),
        (
            '    patron: "Can you help?"\n',
            '    patron: "Can you help?"\n    shuffle: false\n',
            0,
            None,
        ),
        ("      - text: Not now.", "      - id: not_now\n        text: Not now.", 0, None),
        ("    ending: failure", "    ending: partial", None, None),
        (
            "        type: single\n        options:\n          - text: What you can offer",
            "        type: multiple\n        options:\n          - text: What you can offer",
            None,
            1,
        ),
        (
            'text: "Here is how we can get it."\n            correct: true',
            'text: "Here is how we can get it."\n            correct: false',
            None,
            1,
        ),
        ("          - id: here_is_how", "          - id: here_it_is", None, 1),
        ("      - id: first_words", "      - id: opening_words", None, 1),
        ("        shuffle: false\n", "", None, 1),
        (
            "      - text: The policy, read with care",
            "      - id: policy\n        text: The policy, read with care",
            None,
            2,
        ),
    ],
)
def test_the_version_changes_with_the_structure_and_only_the_changed_signature(
    old: str, new: str, step: int | None, slot: int | None
) -> None:
    before = runtime_data(load_scenario(BANK))
    after = _edited(old, new)
    assert after["version"] != before["version"]
    (steps_before, slots_before), (steps_after, slots_after) = _sigs(before), _sigs(after)
    changed = [i for i, (a, b) in enumerate(zip(steps_before, steps_after, strict=True)) if a != b]
    assert changed == ([] if step is None else [step])
    changed = [i for i, (a, b) in enumerate(zip(slots_before, slots_after, strict=True)) if a != b]
    assert changed == ([] if slot is None else [slot])


def test_reordering_written_replies_changes_the_version() -> None:
    """Saved choices name replies by written position, so a new order is a new version."""
    raw = MINIMAL_RAW
    first = raw[raw.index('      - text: "Yes') : raw.index("      - text: Not now.")]
    second = raw[raw.index("      - text: Not now.") : raw.index("  done:")]
    swapped = raw.replace(first + second, second + first)
    before = runtime_data(load_scenario_bytes(raw.encode(), "x.yml", "x"))
    after = runtime_data(load_scenario_bytes(swapped.encode(), "x.yml", "x"))
    assert after["version"] != before["version"]
    assert after["steps"]["ask"]["sig"] != before["steps"]["ask"]["sig"]


def test_adding_a_variant_changes_only_its_slots_signature() -> None:
    raw = BANK.read_text("utf-8")
    extra = (
        "      - prompt: What do you say before the rule?\n        type: single\n"
        "        options:\n          - text: What we can do\n            correct: true\n"
        "          - text: Nothing\n            correct: false\n            feedback: No.\n"
    )
    cut = raw.index("  - prompt: Who decides")
    after = runtime_data(
        load_scenario_bytes((raw[:cut] + extra + raw[cut:]).encode(), "x.yml", "bank")
    )
    before = runtime_data(load_scenario(BANK))
    assert after["version"] != before["version"]
    assert [a == b for a, b in zip(_sigs(before)[1], _sigs(after)[1], strict=True)] == [
        True,
        False,
        True,
    ]


def test_max_attempts_is_the_scenarios_else_the_sites() -> None:
    loaded = load_scenario(BANK)
    assert runtime_data(loaded)["maxAttempts"] == 0
    assert runtime_data(loaded, max_attempts=3)["maxAttempts"] == 3
    own = load_scenario_bytes(BANK.read_bytes() + b"max_attempts: 2\n", "own.yml", "own")
    assert runtime_data(own, max_attempts=5)["maxAttempts"] == 2
    assert '"maxAttempts":2' in render_scenario(own, max_attempts=5)
    assert '"maxAttempts":5' in render_scenario(loaded, max_attempts=5)
    assert runtime_data(own)["version"] == runtime_data(loaded)["version"]


def test_list_statuses_count_slots_and_carry_the_version_and_max_attempts() -> None:
    loaded = load_scenario(BANK)
    own = load_scenario_bytes(BANK.read_bytes() + b"max_attempts: 2\n", "own.yml", "own")
    version = structure_version(loaded.scenario)
    html = render_progress([loaded, own], max_attempts=4) + render_topic(
        topic("yes-first"), [loaded]
    )
    statuses = re.findall(r'<span class="rp-status"[^>]*>', html)
    assert statuses == [
        f'<span class="rp-status" data-slug="bank" data-v="{version}" data-n="3" '
        'data-pm="0.8" data-ma="4">',
        f'<span class="rp-status" data-slug="own" data-v="{version}" data-n="3" '
        'data-pm="0.8" data-ma="2">',
        f'<span class="rp-status" data-slug="bank" data-v="{version}" data-n="3" '
        'data-pm="0.8" data-ma="0">',
    ]


def test_search_text_has_every_variant() -> None:
    loaded = load_scenario(BANK)
    text = render_search_text(loaded)
    for slot in loaded.scenario.slots():
        for q in slot:
            assert q.prompt.replace("'", "&#39;") in text
            for o in q.options:
                assert o.text.replace("'", "&#39;") in text


def test_the_start_step_is_part_of_the_version() -> None:
    s = load_scenario(BANK).scenario
    assert structure_version(s.model_copy(update={"start": "done"})) != structure_version(s)


def test_the_structure_version_is_pinned() -> None:
    # Pinned: a change here makes every learner's saved progress look out of date.
    data = runtime_data(load_scenario(REFERENCE))
    assert data["version"] == "39b891b2fc8978b4"
    assert data["steps"]["request"]["sig"] == "5cea1b"
    assert [q["sig"] for q in data["questions"]] == ["9bdf93", "73b86c"]
