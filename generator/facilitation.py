"""What a facilitator needs to know of a scenario: its live timing and the patron's
reactions, for the facilitator page and the session plan."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Choice, Scenario, Step
from .reading import plain

_MINUTES = re.compile(r"\b(\d+)(?:\s*(?:to|-|\u2013)\s*(\d+))?\s*minutes\b", re.IGNORECASE)
KIND_LABELS = {
    "best": "A reply that meets your real need",
    "good": "A fair reply that misses something",
    "poor": "A poor reply",
}


def live_minutes(s: Scenario) -> int:
    """How long the scenario takes live: its ``live_minutes``, else from its notes (the
    first "N minutes", the larger number of a range), or estimated as two minutes a
    decision on the main path plus four for the debrief."""
    if s.live_minutes is not None:
        return s.live_minutes
    found = _MINUTES.search(s.notes or "")
    if found:
        return int(found.group(2) or found.group(1))
    return 2 * len([x for x in main_path(s) if s.steps[x].choices]) + 4


DEBRIEF_MINUTES = 10
"""Minutes for the group's debrief after each scenario played live (the trainer guide's
questions, then swapping roles). A scenario's slot in a session is its live timing plus
this, so a 45-minute meeting holds two scenarios of 10 minutes live, not three."""


def session_minutes(s: Scenario) -> int:
    """The scenario's slot in a live session: its live timing and its debrief."""
    return live_minutes(s) + DEBRIEF_MINUTES


def main_path(s: Scenario) -> list[str]:
    """The steps met by always giving the first best reply as written, ending included."""
    path, at = [], s.start
    while at not in path:
        path.append(at)
        choices = s.steps[at].choices or []
        best = next((c for c in choices if c.quality == "best"), None)
        if best is None:
            break
        at = best.next
    return path


MAX_REACTIONS = 3
"""Steps of the main path on the patron card: enough to play it, and it fits a page."""


def _short(text: str, most: int = 14) -> str:
    words = plain(" ".join(text.split())).split(" ")
    return " ".join(words) if len(words) <= most else " ".join(words[:most]) + " ..."


@dataclass(frozen=True)
class Moment:
    """One step as the patron card shows it, shortened: the narration (told as the staff
    member sees it), the patron's line, and how the conversation ends, if it does."""

    scene: str | None
    line: str | None
    outcome: str | None = None


def _moment(step: Step, outcome: str | None = None) -> Moment:
    return Moment(
        _short(step.scene) if step.scene else None,
        _short(step.patron) if step.patron else None,
        outcome,
    )


@dataclass(frozen=True)
class Reactions:
    """At one decision of the main path (``number``, from 1): the step the staff member
    answers (``at``), and how the patron reacts to each kind of reply."""

    number: int
    at: Moment
    kinds: list[tuple[str, Moment]]


def reactions(s: Scenario, outcomes: dict[str, str]) -> list[Reactions]:
    """The patron's reactions along the main path, for the patron card."""
    rows = []
    decisions = [x for x in main_path(s) if s.steps[x].choices][:MAX_REACTIONS]
    for number, step_id in enumerate(decisions, start=1):
        choices: list[Choice] = s.steps[step_id].choices or []
        kinds: list[tuple[str, Moment]] = []
        for quality in ("best", "good", "poor"):
            choice = next((c for c in choices if c.quality == quality), None)
            if choice is None:
                continue
            target = s.steps[choice.next]
            said = _moment(target, outcomes[target.ending] if target.ending else None)
            if kinds and kinds[-1][1] == said:  # the same reaction: say it once
                kinds[-1] = (f"{kinds[-1][0]}, or {KIND_LABELS[quality].lower()}", said)
            else:
                kinds.append((KIND_LABELS[quality], said))
        rows.append(Reactions(number, _moment(s.steps[step_id]), kinds))
    return rows
