"""Response ids: what an LMS's interaction report shows for a reply or an option."""

from __future__ import annotations

import re

from generator.load import find_scenarios, load_all, load_scenario, load_scenario_bytes
from generator.render import runtime_data
from generator.response_ids import ID_PATTERN, MAX_RESPONSE, response_ids

from .helpers import REFERENCE, ROOT

# What Moodle accepts in a SCORM 2004 choice response or pattern, for each id listed.
MOODLE = re.compile(r"[\w.]{1,250}", re.ASCII)


def test_an_item_without_an_id_is_named_by_its_written_position() -> None:
    assert response_ids([None, None, None], "reply") == ["reply_1", "reply_2", "reply_3"]
    assert response_ids([None, "scan_pages", None], "option") == [
        "option_1",
        "scan_pages",
        "option_3",
    ]


def test_the_id_pattern_is_what_moodle_and_both_versions_accept() -> None:
    pattern = re.compile(ID_PATTERN)
    for good in ("reply_1", "Scan.Pages", "a", "x" * 64, "2"):
        assert pattern.fullmatch(good) and MOODLE.fullmatch(good), good
    for bad in ("offer-help", "offer help", "", "x" * 65, "café", "a,b", "a[,]b"):
        assert not pattern.fullmatch(bad), bad


def _with_texts(raw: str, old: str, new: str) -> str:
    assert old in raw
    return raw.replace(old, new)


def test_ids_stay_when_a_trainer_fixes_a_typo() -> None:
    raw = REFERENCE.read_text("utf-8")
    before = runtime_data(load_scenario(REFERENCE), lms=True)
    edited = _with_texts(raw, "That volume has to stay here", "That volume must stay here")
    edited = _with_texts(edited, "Is it illegal?", "Is it against the law?")
    after = runtime_data(load_scenario_bytes(edited.encode(), "x.yml", "reference-book"), lms=True)
    assert before["version"] != after["version"]
    assert before["steps"] == after["steps"]
    assert [q["ids"] for q in before["questions"]] == [q["ids"] for q in after["questions"]]


def test_a_given_id_is_reported_in_place_of_the_position() -> None:
    raw = REFERENCE.read_text("utf-8")
    raw = _with_texts(
        raw,
        '      - text: "That volume',
        '      - id: keep.and_scan\n        text: "That volume',
    )
    raw = _with_texts(
        raw, "      - text: From yes\n", "      - id: From_yes\n        text: From yes\n"
    )
    data = runtime_data(load_scenario_bytes(raw.encode(), "x.yml", "reference-book"), lms=True)
    replies = data["steps"]["request"]["replies"]
    assert sorted(r["id"] for r in replies) == ["keep.and_scan", "reply_1", "reply_3"]
    assert sorted(data["questions"][1]["ids"]) == ["From_yes", "option_2"]


def test_ids_are_listed_in_the_pages_order_and_named_by_the_files() -> None:
    loaded = load_scenario(REFERENCE)
    data = runtime_data(loaded, lms=True)
    for reply in data["steps"]["request"]["replies"]:
        assert reply["id"] == f"reply_{reply['written'] + 1}"
    for question in data["questions"]:
        assert question["ids"] == [f"option_{w + 1}" for w in question["written"]]


def test_every_shipped_id_fits_moodle_and_both_scorm_versions() -> None:
    loaded, problems = load_all(find_scenarios(ROOT / "scenarios")[0])
    assert loaded and not problems
    for x in loaded:
        data = runtime_data(x, lms=True)
        for step in data["steps"].values():
            ids = [r["id"] for r in step.get("replies", [])]
            assert len(set(ids)) == len(ids), x.slug
            assert all(MOODLE.fullmatch(i) for i in ids), x.slug
        for q in data["questions"]:
            assert len(set(q["ids"])) == len(q["ids"]), x.slug
            assert all(MOODLE.fullmatch(i) for i in q["ids"]), x.slug
            # Every option named at once: SCORM 1.2's response and pattern limit.
            assert len(",".join(q["ids"])) <= MAX_RESPONSE, x.slug
