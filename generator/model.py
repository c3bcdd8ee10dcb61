"""The scenario format as pydantic models: field types, required keys, allowed values.

Rules that span several fields (the step graph, how many options are correct) live in
``rules.py``, where each can point at the exact place in the file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)
from pydantic_core import PydanticCustomError

from .messages import BANK_TAG, QUESTION_TAG, describe
from .topics import TOPIC_SLUGS

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
RESPONSE_ID_PATTERN = r"^[A-Za-z0-9_.]{1,64}$"
"""A reply's or an option's own id: what Moodle and both SCORM versions accept in a
choice response (see response_ids.py)."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "expected text, found nothing")
    return value


def _true_or_false(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    found = f'"{value}"' if isinstance(value, str) else "a list or mapping"
    raise PydanticCustomError(
        "true_or_false", "expected true or false, found {found}", {"found": found}
    )


def _known_topic(value: str) -> str:
    if value not in TOPIC_SLUGS:
        close = difflib.get_close_matches(value, TOPIC_SLUGS, n=1, cutoff=0.6)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise PydanticCustomError(
            "topic",
            'expected one of the topics {topics}, found "{found}"{hint}',
            {"topics": ", ".join(TOPIC_SLUGS), "found": value, "hint": hint},
        )
    return value


def _pass_mark(value: Any) -> Any:
    if isinstance(value, float):
        return value
    try:
        number = float(value) if isinstance(value, str) else None
    except ValueError:
        number = None
    if number is None or not 0 <= number <= 1:
        found = f'"{value}"' if isinstance(value, str) else "a list or mapping"
        raise PydanticCustomError(
            "pass_mark",
            "expected a share of the questions from 0 to 1, such as 0.8 for 80%, found {found}",
            {"found": found},
        )
    return number


def _whole_number(kind: str, unit: str, bounds: tuple[int, int], example: int) -> Any:
    """A validator of a whole number of ``unit`` within ``bounds``, written as a number
    or as digits; its error kind is ``kind``."""
    low, high = bounds

    def check(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        text = value.strip() if isinstance(value, str) else ""
        if text.isascii() and text.isdigit() and low <= int(text) <= high:
            return int(text)
        raise PydanticCustomError(
            kind,
            f"expected a whole number of {unit} from {{low}} to {{high}}, such as {example}, "
            "found {found}",
            {"low": low, "high": high, "found": describe(value)},
        )

    return check


MAX_ATTEMPTS = (1, 99)
"""The fewest and the most attempts that may count towards a scenario's status."""
_max_attempts = _whole_number("max_attempts", "attempts", MAX_ATTEMPTS, 3)

LIVE_MINUTES = (5, 90)
"""The shortest and the longest live role-play a scenario may say it takes."""
_live_minutes = _whole_number("live_minutes", "minutes", LIVE_MINUTES, 15)


def _response_id(value: str) -> str:
    if not re.fullmatch(RESPONSE_ID_PATTERN, value):
        length = f" ({len(value)} characters)" if len(value) > 64 else ""
        raise PydanticCustomError(
            "response_id",
            'expected an id of at most 64 letters, digits, "_" and "." (no spaces or '
            'hyphens), such as "scan_pages", found {found}{length}',
            {"found": describe(value), "length": length},
        )
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
"""Text with inline Markdown (emphasis, links). Raw HTML is shown as text."""

TopicSlug = Annotated[
    str,
    AfterValidator(_known_topic),
    Field(json_schema_extra={"enum": list(TOPIC_SLUGS)}),
]
Correct = Annotated[bool, BeforeValidator(_true_or_false)]
Flag = Annotated[bool, BeforeValidator(_true_or_false)]
ResponseId = Annotated[
    str,
    AfterValidator(_response_id),
    Field(json_schema_extra={"pattern": RESPONSE_ID_PATTERN}),
]
LiveMinutes = Annotated[
    int,
    BeforeValidator(_live_minutes),
    Field(json_schema_extra={"minimum": LIVE_MINUTES[0], "maximum": LIVE_MINUTES[1]}),
]
MaxAttempts = Annotated[
    int,
    BeforeValidator(_max_attempts),
    Field(json_schema_extra={"minimum": MAX_ATTEMPTS[0], "maximum": MAX_ATTEMPTS[1]}),
]
PassMark = Annotated[
    float, BeforeValidator(_pass_mark), Field(json_schema_extra={"minimum": 0, "maximum": 1})
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Patron(_Strict):
    """The patron the staff member is talking to."""

    name: Text = Field(description="The patron's name, as staff would use it.")
    about: Text = Field(description="Who they are and the situation they are in.")
    goal: Text | None = Field(
        None, description="For the facilitator: what the patron is really after."
    )


class Choice(_Strict):
    """One thing the staff member could say."""

    text: Text = Field(description="What the staff member says.")
    quality: Literal["best", "good", "poor"] = Field(description="How good this reply is.")
    feedback: Text = Field(description="Why, naming the principle at stake (1-2 sentences).")
    next: str = Field(description="The id of the step this reply leads to.")
    id: ResponseId | None = Field(
        None,
        description="Optional: how an LMS's reports name this reply (letters, digits, _ "
        "and .), kept when the text is edited or the replies reordered. Otherwise its "
        "written position: reply_1, reply_2, ...",
    )


class Step(_Strict):
    """A decision (choices) or an ending (ending + debrief), with patron, scene or both."""

    scene: Text | None = Field(
        None,
        description="Narration: what happens, shown in italics without a speaker "
        "(for example: Your supervisor comes over).",
    )
    patron: Text | None = Field(
        None,
        description="What the patron says at this point (speech only; narration goes in scene).",
    )
    choices: list[Choice] | None = Field(
        None, min_length=2, description="Decision steps: at least two replies to choose from."
    )
    shuffle: Flag | None = Field(
        None,
        description="Decision steps: false keeps the replies in the written order "
        "(for replies that build on each other). They are shuffled otherwise.",
    )
    ending: Literal["success", "partial", "failure"] | None = Field(
        None, description="Ending steps: how the conversation turned out."
    )
    debrief: Text | None = Field(None, description="Ending steps: what to take away from it.")


class Option(_Strict):
    """One answer option of a knowledge-check question."""

    text: Text = Field(description="The option as shown to the learner.")
    correct: Correct = Field(description="true or false.")
    feedback: Text | None = Field(None, description="Shown after the answer is checked.")
    id: ResponseId | None = Field(
        None,
        description="Optional: how an LMS's reports name this option (letters, digits, _ "
        "and .), kept when the text is edited or the options reordered. Otherwise its "
        "written position: option_1, option_2, ...",
    )


class Question(_Strict):
    """A knowledge-check question that tests the principle."""

    prompt: Text = Field(description="The question.")
    type: Literal["single", "multiple"] = Field(
        description="single: exactly one correct option; multiple: one or more."
    )
    options: list[Option] = Field(min_length=2, description="At least two options.")
    shuffle: Flag | None = Field(
        None,
        description="false keeps the options in the written order (for example when one "
        'is "All of the above"). They are shuffled otherwise.',
    )
    id: ResponseId | None = Field(
        None,
        description="Optional: how an LMS's reports name this question (letters, digits, "
        "_ and .). Otherwise knowledge_check_N, and in a bank knowledge_check_N.K for its "
        "K-th variant.",
    )


class Bank(_Strict):
    """A question slot with variants: whole questions on the same objective. Each attempt
    draws one of them; the study version and print show them all."""

    variants: list[Question] = Field(
        min_length=2, description="Two or more questions on the same objective."
    )
    objective: Text | None = Field(
        None, description="Optional: what every variant tests (for trainers and the study version)."
    )


def _slot_kind(value: Any) -> str:
    if isinstance(value, dict) and "variants" in value:
        return BANK_TAG
    if isinstance(value, (Bank, Question)):
        return BANK_TAG if isinstance(value, Bank) else QUESTION_TAG
    return QUESTION_TAG


Slot = Annotated[
    Annotated[Question, Tag(QUESTION_TAG)] | Annotated[Bank, Tag(BANK_TAG)],
    Discriminator(_slot_kind),
]
"""One place in the knowledge check: a question, or a bank of variants."""


class Scenario(_Strict):
    """A role-play scenario: a patron, a conversation with choices, and a knowledge check."""

    title: Text = Field(description="The scenario's title.")
    topic: TopicSlug = Field(description="Which topic of the training this practices.")
    summary: Text = Field(description="The situation in two or three sentences.")
    objectives: list[Text] = Field(min_length=1, description="What the learner practices.")
    patron: Patron
    start: str = Field(description="The id of the first step.")
    steps: dict[str, Step] = Field(
        min_length=1, description="The conversation: step id (lower-case-slug) to step."
    )
    questions: list[Slot] = Field(
        default_factory=list,
        description="The knowledge check after the role-play: questions, or banks of "
        "variants (variants: with two or more questions), of which each attempt asks one.",
    )
    notes: Text | None = Field(
        None, description="Facilitator notes for running this as a live role-play."
    )
    live_minutes: LiveMinutes | None = Field(
        None,
        description="How many minutes the scenario takes as a live role-play (5 to 90), "
        "for the session plan and the facilitator page.",
    )
    discussion: list[Text] | None = Field(
        None, min_length=1, description="Questions for a group debrief after the role-play."
    )
    pass_mark: PassMark | None = Field(
        None,
        description="The share of knowledge-check questions to answer right at the first "
        "try to pass, from 0 to 1 (0.8 is 80%). The site's pass mark applies otherwise.",
    )
    max_attempts: MaxAttempts | None = Field(
        None,
        description="How many attempts count towards the scenario's status (1 to 99); "
        "later ones are practice. The site's setting applies otherwise (unlimited by default).",
    )
    coaching: Literal["debrief", "immediate"] | None = Field(
        None,
        description="When the learner sees each reply's quality and feedback: 'debrief' "
        "(after the ending, with every choice listed) or 'immediate' (at each reply, for "
        "practice led by a trainer). The site's setting applies otherwise.",
    )

    def slots(self) -> list[list[Question]]:
        """Each knowledge-check slot's questions: one, or a bank's variants."""
        return [q.variants if isinstance(q, Bank) else [q] for q in self.questions]

    def each_question(self) -> Iterator[tuple[tuple[str | int, ...], Question]]:
        """Every question of the knowledge check, variants too, with its location in the
        file: ("questions", N) or ("questions", N, "variants", K)."""
        for n, slot in enumerate(self.questions):
            if isinstance(slot, Bank):
                for k, variant in enumerate(slot.variants):
                    yield ("questions", n, "variants", k), variant
            else:
                yield ("questions", n), slot
