"""Response ids: what an LMS's interaction report shows for a reply or an option."""

from __future__ import annotations

import pytest

from generator.load import find_scenarios, load_all
from generator.render import runtime_data
from generator.response_ids import MAX_LENGTH, MAX_RESPONSE, response_ids, text_id

from .helpers import ROOT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sorry, reference books can't leave the library.", "sorry-reference-books-cant-leave-the"),
        ("I *can* check that for you.", "i-can-check-that-for-you"),
        ("See [the guide](../yes-first.md) first", "see-the-guide-first"),
        ("Café au lait, s'il vous plaît", "cafe-au-lait-sil-vous-plait"),
        ("No", "no"),
        ("...", ""),
        ("日本語だけ", ""),
        ("x" * 80, "x" * MAX_LENGTH),
    ],
)
def test_text_id_is_the_first_words_as_a_slug(text: str, expected: str) -> None:
    assert text_id(text) == expected


def test_long_words_stop_before_the_limit() -> None:
    text = " ".join(["responsibility"] * 6)
    made = text_id(text)
    assert len(made) <= MAX_LENGTH
    assert made == "-".join(["responsibility"] * 3)


def test_ids_are_unique_in_a_list_with_positions_for_texts_without_words() -> None:
    texts = ["Yes, of course.", "Yes, of course!", "?!", "Yes, of course", "Reply 3"]
    assert response_ids(texts, "reply") == [
        "yes-of-course",
        "yes-of-course-2",
        "reply-3",
        "yes-of-course-3",
        "reply-3-2",
    ]


def test_every_id_fits_both_scorm_versions() -> None:
    ids = response_ids(["A — b", "ß and æ", "", "1 2 3 4 5 6 7 8"], "option")
    assert all(0 < len(i) <= 250 and i.replace("-", "").isalnum() and i.isascii() for i in ids)
    assert len(set(ids)) == len(ids)


def test_a_list_too_long_for_one_response_uses_positions() -> None:
    options = [f"Option number {n} with quite a few words after it" for n in range(1, 11)]
    ids = response_ids(options, "option")
    assert ids == [f"option-{n}" for n in range(1, 11)]
    short = response_ids(options[:3], "option")
    assert short[0] == "option-number-1-with-quite-a"
    assert len("[,]".join(short)) <= MAX_RESPONSE


def test_every_shipped_answer_fits_a_scorm_12_response() -> None:
    loaded, problems = load_all(find_scenarios(ROOT / "scenarios")[0])
    assert loaded and not problems
    for x in loaded:
        data = runtime_data(x, lms=True)
        for q in data["questions"]:
            assert len(",".join(q["ids"])) <= MAX_RESPONSE, x.slug
