"""What a facilitator needs to know of a scenario: its live timing and the patron's
reactions, for the facilitator page and the session plan."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Choice, Scenario, Step
from .reading import plain

_MINUTES = re.compile(r"\b(\d+)(?:\s*(?:to|-|\u2013)\s*(\d+))?\s*minutes\b", re.IGNORECASE)
KIND_LABELS = {
    "best": "Meets your real need",
    "good": "Fair but misses something",
    "poor": "Poor",
}
"""The kinds of reply on the patron card, as the patron feels them."""


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
"""Steps of the main path on the patron card: enough to play it, and it fits a page
(fewer when the card's own texts are long: see ``fits_a_page``)."""

# The patron card printed (kit.css: .rp-sheet at 10pt, line height 1.6, Helvetica or
# Arial) on US Letter, the shorter paper, inside the 14 + 16 mm margins of @page. Measured
# in Chromium on the 29 scenarios of 2026-12-05 (three reactions each, A4's narrower
# line): a line of 10pt text held 110 to 117 characters, a paragraph added 13.3 px, a
# reaction 16 px, the heading 42 px. At 115 characters a line, every paragraph's last
# line counted as full, the estimate came out 12 to 100 px above the printed height,
# never below it.
PAGE_PX = 942
LINE_PX = 21.3
CHARS_PER_LINE = 115
_PARAGRAPH_PX, _REACTION_PX, _HEADING_PX = 13.3, 16.0, 42.0
# The card's own words around the scenario's texts, in characters (facilitator.html).
_WORDS = {"you are": 10, "goal": 85, "key": 160, "start": 30, "react": 110, "stay": 90}
_ROW, _KIND = 20, 60


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


def _lines(chars: int) -> int:
    return -(-chars // CHARS_PER_LINE)


def _length(text: str | None) -> int:
    return len(plain(" ".join(text.split()))) if text else 0


def card_px(s: Scenario, rows: list[Reactions]) -> float:
    """How tall the patron card prints with ``rows``, in CSS pixels, erring on the tall
    side (every paragraph's last line counted as full)."""
    first = s.steps[s.start]
    shown = [m for row in rows for m in [row.at, *(kind[1] for kind in row.kinds)]]
    narrated = bool(first.scene) or any(m.scene for m in shown)  # at most: errs tall
    paragraphs = [
        _WORDS["you are"] + _length(s.patron.name) + _length(s.patron.about),
        _WORDS["goal"] + _length(s.patron.goal) if s.patron.goal else 0,
        _WORDS["key"] if narrated else 0,
        _WORDS["start"] + _length(first.scene) + _length(first.patron),
        _WORDS["react"],
        _WORDS["stay"],
    ]
    px = _HEADING_PX + sum(_lines(n) * LINE_PX + _PARAGRAPH_PX for n in paragraphs if n)
    for row in rows:
        px += _lines(_ROW + len(row.at.line or row.at.scene or "")) * LINE_PX
        for label, m in row.kinds:
            said = len(label) + len(m.scene or "") + len(m.line or "") + len(m.outcome or "")
            px += _lines(_KIND + said) * LINE_PX + _REACTION_PX
    return px


def fits_a_page(s: Scenario, rows: list[Reactions]) -> list[Reactions]:
    """The first of ``rows`` (at least one) with which the patron card fits one printed
    page, so that it is never split across two sheets."""
    kept = list(rows)
    while len(kept) > 1 and card_px(s, kept) > PAGE_PX:
        kept.pop()
    return kept


def reactions(s: Scenario, outcomes: dict[str, str]) -> list[Reactions]:
    """The patron's reactions along the main path, for the patron card: as many steps as
    fit one printed page, ``MAX_REACTIONS`` at most."""
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
    return fits_a_page(s, rows)
