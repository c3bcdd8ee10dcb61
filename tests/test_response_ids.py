"""Response ids: what an LMS's interaction report shows for a reply or an option."""

from __future__ import annotations

import re

from generator.load import find_scenarios, load_all, load_scenario, load_scenario_bytes
from generator.render import runtime_data
from generator.response_ids import ID_PATTERN, MAX_RESPONSE, question_id, response_ids

from .helpers import DATA, REFERENCE, ROOT

# What Moodle accepts in a SCORM 2004 choice response or pattern, for each id listed.
MOODLE = re.compile(r"[\w.]{1,250}", re.ASCII)
# An interaction's id (cmi.interactions.n.id). SCORM 1.2: a CMIIdentifier, at most 255
# characters with no white space, as Moodle's and scorm-again's SCORM 1.2 APIs check it
# (printable ASCII). SCORM 2004: a long_identifier_type, at most 4000 characters with no
# white space, a "urn:" only as a well-formed URN (the pattern of both APIs).
SCORM12_IDENTIFIER = re.compile(r"[\x21-\x7e]{1,255}")
SCORM2004_LONG_IDENTIFIER = re.compile(
    r"(?!urn:)\S{1,4000}|urn:[A-Za-z0-9-]{1,31}:\S{1,4000}", re.ASCII
)


def is_interaction_id(text: str) -> bool:
    """Whether ``text`` can name an interaction in both SCORM versions."""
    return all(p.fullmatch(text) for p in (SCORM12_IDENTIFIER, SCORM2004_LONG_IDENTIFIER))


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
    # Text is not structure: saved progress stays, as do the reports' ids.
    assert before["version"] == after["version"]
    assert before["steps"] == after["steps"]
    assert before["questions"] == after["questions"]


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
    assert sorted(data["questions"][1]["variants"][0]["ids"]) == ["From_yes", "option_2"]


def test_ids_are_listed_in_the_pages_order_and_named_by_the_files() -> None:
    loaded = load_scenario(REFERENCE)
    data = runtime_data(loaded, lms=True)
    for reply in data["steps"]["request"]["replies"]:
        assert reply["id"] == f"reply_{reply['written'] + 1}"
    for n, slot in enumerate(data["questions"], start=1):
        [question] = slot["variants"]
        assert question["ids"] == [f"option_{w + 1}" for w in question["written"]]
        assert question["id"] == f"knowledge_check_{n}"


def test_every_shipped_id_fits_moodle_and_both_scorm_versions() -> None:
    loaded, problems = load_all(find_scenarios(ROOT / "scenarios")[0])
    assert loaded and not problems
    for x in loaded:
        data = runtime_data(x, lms=True)
        for step in data["steps"].values():
            ids = [r["id"] for r in step.get("replies", [])]
            assert len(set(ids)) == len(ids), x.slug
            assert all(MOODLE.fullmatch(i) for i in ids), x.slug
        questions = [q for slot in data["questions"] for q in slot["variants"]]
        for q in questions:
            assert len(set(q["ids"])) == len(q["ids"]), x.slug
            assert all(MOODLE.fullmatch(i) for i in q["ids"]), x.slug
            # Every option named at once: SCORM 1.2's response and pattern limit.
            assert len(",".join(q["ids"])) <= MAX_RESPONSE, x.slug
        interactions = [q["id"] for q in questions]
        assert len(set(interactions)) == len(interactions), x.slug
        assert all(is_interaction_id(i) for i in interactions), x.slug


def test_a_question_is_named_by_its_own_id_or_its_place() -> None:
    assert question_id(0, None) == "knowledge_check_1"
    assert question_id(1, 0) == "knowledge_check_2.1"
    assert question_id(1, 2) == "knowledge_check_2.3"
    assert question_id(1, 2, "first_words") == "first_words"
    assert question_id(4, None, "x.y") == "x.y"


def test_question_ids_are_valid_interaction_ids_in_both_scorm_versions() -> None:
    for good in (
        question_id(0, None),
        question_id(98, 98),
        question_id(0, 0, "x" * 64),
        question_id(0, 0, "Scan.Pages_2"),
    ):
        assert is_interaction_id(good), good
    # What the patterns refuse, so the checks above can fail.
    for bad in ("knowledge check 1", "", "x" * 256, "urn:x", "caf\u00e9"):
        assert not is_interaction_id(bad), bad


def test_a_banks_variants_are_reported_by_their_own_ids() -> None:
    data = runtime_data(load_scenario(DATA / "valid" / "bank.yml"), lms=True)
    ids = [q["id"] for slot in data["questions"] for q in slot["variants"]]
    assert ids == ["knowledge_check_1", "knowledge_check_2.1", "first_words", "knowledge_check_3"]
    assert all(is_interaction_id(i) for i in ids)
