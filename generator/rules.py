"""Rules that span several fields: step kinds, the step graph, and correct answers.

They read the raw loaded data defensively, so they run (and report) even when other
parts of the file have type errors: a trainer sees every mistake in one run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from .errors import Problem
from .links import TextLink, find_links, unsafe_link_problems
from .messages import where
from .model import SLUG_PATTERN
from .response_ids import MAX_RESPONSE, question_id, response_ids
from .site_paths import scenario_src
from .yaml_strict import Document, Loc

_SLUG = re.compile(SLUG_PATTERN)


def _at(doc: Document, loc: Loc, rule: str, message: str, *, key: bool = False) -> Problem:
    """An error at ``loc`` (its key when ``key``), with its rule code."""
    line, col = doc.position(loc, key=key)
    return Problem(doc.path, line, col, message, rule=rule)


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f' (did you mean "{close[0]}"?)'
    return "; steps are: " + ", ".join(known) if len(known) <= 12 else ""


def check(doc: Document, slug: str, links: list[TextLink] | None = None) -> list[Problem]:
    """Every cross-field problem in a loaded scenario file.

    ``links`` are the file's links (see ``links.find_links``), found here when not given.
    """
    data = doc.data
    problems: list[Problem] = []
    if not _SLUG.fullmatch(slug):
        problems.append(
            _at(
                doc,
                (),
                "file-name",
                f'the file name "{slug}.yml" must be a lower-case slug such as '
                '"fines-and-blocked-cards.yml" (letters, digits and single hyphens)',
            )
        )
    if not isinstance(data, dict):
        return problems
    steps = data.get("steps")
    if isinstance(steps, dict):
        problems += list(_check_steps(doc, steps, data.get("start")))
        for step_id, step in steps.items():
            if isinstance(step, dict):
                problems += _check_ids(doc, ("steps", step_id, "choices"), step.get("choices"))
    questions = data.get("questions")
    if isinstance(questions, list):
        step_ids = list(steps) if isinstance(steps, dict) else []
        problems += list(_check_questions(doc, questions, step_ids))
    if links is None:
        links = find_links(doc, scenario_src(slug))
    problems += unsafe_link_problems(doc.path, links)
    return problems


def _check_steps(doc: Document, steps: dict[str, Any], start: Any) -> Iterator[Problem]:
    """Each step's own shape, then the links between steps, then where they lead."""
    for step_id, step in steps.items():
        yield from _check_step(doc, step_id, step)
    edges, dangling = _edges(steps)
    for step_id, index, target in dangling:
        loc: Loc = ("steps", step_id, "choices", index, "next")
        yield _at(
            doc,
            loc,
            "unknown-step",
            f'{where(loc)}: there is no step called "{target}"{_suggest(target, list(steps))}',
        )
    if not isinstance(start, str):
        return
    if start not in steps:
        yield _at(
            doc,
            ("start",),
            "unknown-step",
            f'start: there is no step called "{start}"{_suggest(start, list(steps))}',
        )
        return
    if dangling:
        return  # reachability problems would only echo the broken links above
    yield from _check_paths(doc, steps, start, edges)


def _check_step(doc: Document, step_id: str, step: Any) -> Iterator[Problem]:
    """A step's id, and the keys that make it a decision or an ending."""
    loc: Loc = ("steps", step_id)
    if not _SLUG.fullmatch(step_id):
        yield _at(
            doc,
            loc,
            "step-id",
            f'{where(loc)}: a step id must be a lower-case slug such as "asks-again" '
            "(letters, digits and single hyphens)",
            key=True,
        )
    if not isinstance(step, dict):
        return
    if "patron" not in step and "scene" not in step:
        yield _at(
            doc,
            loc,
            "step-text",
            f'{where(loc)}: a step needs "patron" (what the patron says), "scene" '
            "(what happens, as narration), or both",
        )
    if "ending" in step:
        yield from _check_ending(doc, loc, step)
    else:
        yield from _check_decision(doc, loc, step)


def _check_ending(doc: Document, loc: Loc, step: dict[str, Any]) -> Iterator[Problem]:
    """An ending has a debrief, and no replies or what belongs to them."""
    if "shuffle" in step:
        yield _at(
            doc,
            (*loc, "shuffle"),
            "shuffle-on-ending",
            f'{where(loc)}: "shuffle" belongs to decision steps (it keeps their replies '
            "in order); an ending has no replies, so remove it",
            key=True,
        )
    if "choices" in step:
        yield _at(
            doc,
            (*loc, "choices"),
            "step-kind",
            f'{where(loc)}: an ending step has no choices; remove either "ending" or "choices"',
            key=True,
        )
    if "debrief" not in step:
        yield _at(
            doc,
            loc,
            "missing-key",
            f'{where(loc)}: missing required key "debrief" (endings need one)',
        )


def _check_decision(doc: Document, loc: Loc, step: dict[str, Any]) -> Iterator[Problem]:
    """A step that is not an ending has choices, and no debrief."""
    if "choices" not in step:
        yield _at(
            doc,
            loc,
            "step-kind",
            f'{where(loc)}: a step needs either "choices" (a decision) or "ending" '
            "(the end of the conversation)",
        )
    if "debrief" in step:
        yield _at(
            doc,
            (*loc, "debrief"),
            "debrief-not-ending",
            f'{where(loc)}: "debrief" belongs to ending steps; add "ending" or remove the debrief',
            key=True,
        )


def _edges(steps: dict[str, Any]) -> tuple[dict[str, list[str]], list[tuple[str, int, str]]]:
    """Where each step's choices lead, and the choices (step, index, target) that lead
    to no step. Choices without a text ``next`` are left to the model to report."""
    edges: dict[str, list[str]] = {step_id: [] for step_id in steps}
    dangling: list[tuple[str, int, str]] = []
    for step_id, step in steps.items():
        choices = step.get("choices") if isinstance(step, dict) else None
        if not isinstance(choices, list):
            continue
        for index, choice in enumerate(choices):
            target = choice.get("next") if isinstance(choice, dict) else None
            if not isinstance(target, str):
                continue
            if target in steps:
                edges[step_id].append(target)
            else:
                dangling.append((step_id, index, target))
    return edges, dangling


def _check_paths(
    doc: Document, steps: dict[str, Any], start: str, edges: dict[str, list[str]]
) -> Iterator[Problem]:
    """Every step can be reached from start, and can reach an ending; a success is one."""
    reachable = _reachable({start}, edges)
    for step_id in steps:
        if step_id not in reachable:
            yield _at(
                doc,
                ("steps", step_id),
                "unreachable-step",
                f'steps.{step_id}: this step cannot be reached from start "{start}"; '
                "point a choice's next at it, or remove it",
                key=True,
            )
    yield from _check_endings(doc, steps, reachable, edges)


def _ending(step: Any) -> Any:
    """A step's ending kind (success, partial, failure), or None for any other step."""
    return step.get("ending") if isinstance(step, dict) else None


def _check_endings(
    doc: Document, steps: dict[str, Any], reachable: set[str], edges: dict[str, list[str]]
) -> Iterator[Problem]:
    """Each step reached from start can lead on to an ending, and a success is reached."""
    reverse: dict[str, list[str]] = {s: [] for s in steps}
    for source, targets in edges.items():
        for target in targets:
            reverse[target].append(source)
    can_end = _reachable({s for s, step in steps.items() if _ending(step) is not None}, reverse)

    def malformed(step: Any) -> bool:
        return not isinstance(step, dict) or ("ending" not in step and "choices" not in step)

    for step_id, step in steps.items():
        if step_id in reachable and step_id not in can_end and not malformed(step):
            yield _at(
                doc,
                ("steps", step_id),
                "no-ending-reachable",
                f"steps.{step_id}: no ending can be reached from this step; its choices "
                "only lead in circles (let at least one lead on to an ending)",
                key=True,
            )
    if not any(_ending(steps[s]) == "success" for s in reachable):
        yield _at(
            doc,
            ("steps",),
            "no-success-ending",
            'steps: no "success" ending can be reached from start; give the learner at '
            "least one way to get it right",
            key=True,
        )


def _reachable(starts: set[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    pending = list(starts)
    while pending:
        for target in edges.get(pending.pop(), []):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


def _raw_questions(questions: list[Any]) -> Iterator[tuple[Loc, int, int | None, Any]]:
    """Every question of the raw knowledge check, variants too: its location, its slot
    (from 0) and its variant (from 0; None outside a bank)."""
    for index, slot in enumerate(questions):
        variants = slot.get("variants") if isinstance(slot, dict) else None
        if isinstance(variants, list):
            for k, variant in enumerate(variants):
                yield ("questions", index, "variants", k), index, k, variant
        elif not (isinstance(slot, dict) and "variants" in slot):
            yield ("questions", index), index, None, slot


def _check_questions(doc: Document, questions: list[Any], step_ids: list[str]) -> Iterator[Problem]:
    found = list(_raw_questions(questions))
    for at, _, _, question in found:
        if isinstance(question, dict):
            yield from _check_question(doc, at, question)
    yield from _check_question_ids(doc, found, step_ids)


def _check_question(doc: Document, at: Loc, question: dict[str, Any]) -> Iterator[Problem]:
    """One question's (or variant's) option ids and its number of correct options."""
    options = question.get("options")
    yield from _check_ids(doc, (*at, "options"), options)
    kind = question.get("type")
    if not isinstance(options, list) or kind not in ("single", "multiple"):
        return
    flags = [o.get("correct") for o in options if isinstance(o, dict)]
    if any(f not in ("true", "false") for f in flags):
        return  # the model reports the bad value itself
    right = flags.count("true")
    loc: Loc = (*at, "options")
    if kind == "single" and right != 1:
        yield _at(
            doc,
            loc,
            "correct-options",
            f'{where(loc)}: a "single" question needs exactly one correct option, '
            f"found {right}" + (" (use type: multiple for more than one)" if right > 1 else ""),
            key=True,
        )
    elif kind == "multiple" and right < 1:
        yield _at(
            doc,
            loc,
            "correct-options",
            f'{where(loc)}: a "multiple" question needs at least one correct option, found 0',
            key=True,
        )


def _check_question_ids(
    doc: Document, found: list[tuple[Loc, int, int | None, Any]], step_ids: list[str]
) -> Iterator[Problem]:
    """Each question's id (its ``id:``, or the one its place gives it) differs from every
    other question's in the scenario, and from every step id: an LMS reports a question
    under its id and a reply under its step's id."""
    given = [q.get("id") if isinstance(q, dict) else None for _, _, _, q in found]
    given = [g if isinstance(g, str) else None for g in given]
    ids = [question_id(slot, k, own) for (_, slot, k, _), own in zip(found, given, strict=True)]
    for i, own in enumerate(given):
        if own is None:
            continue
        at: Loc = (*found[i][0], "id")
        if own in step_ids:
            yield _at(
                doc,
                at,
                "duplicate-id",
                f'{where(at)}: "{own}" is the id of the step steps.{own}; an LMS reports '
                "the replies of a step under its id, so a question needs another one",
            )
            continue
        clash = [j for j, other in enumerate(ids) if other == own and (j < i or given[j] is None)]
        if clash:
            j = clash[0]
            ref = where(found[j][0])
            whose = (
                f"the id {ref} has from its place (it has no id of its own)"
                if given[j] is None
                else f"already the id of {ref}"
            )
            yield _at(
                doc,
                at,
                "duplicate-id",
                f'{where(at)}: "{own}" is {whose}; the questions of a scenario need different ids',
            )


def _check_ids(doc: Document, loc: Loc, items: Any) -> list[Problem]:
    """The response ids of one step's replies or one question's options (``loc``: its
    choices or options): each different from the others', whether given (``id:``) or
    taken from the item's position; for options, all of them within one SCORM 1.2
    response. Ids of the wrong form are left to the model."""
    if not isinstance(items, list):
        return []
    given = [x.get("id") if isinstance(x, dict) else None for x in items]
    given = [g if isinstance(g, str) else None for g in given]
    kind = "reply" if loc[-1] == "choices" else "option"
    ids = response_ids(given, kind)
    problems = []
    for i, own in enumerate(given):
        if own is None:
            continue
        clash = [j for j, other in enumerate(ids) if other == own and (j < i or given[j] is None)]
        if clash:
            j = clash[0]
            ref = f"{loc[-1]}[{j + 1}]"
            whose = (
                f"the id {ref} has from its position (it has no id of its own)"
                if given[j] is None
                else f"already the id of {ref}"
            )
            what = "the replies of a step" if kind == "reply" else "the options of a question"
            at: Loc = (*loc, i, "id")
            problems.append(
                _at(
                    doc,
                    at,
                    "duplicate-id",
                    f'{where(at)}: "{own}" is {whose}; {what} need different ids',
                )
            )
    size = len(",".join(ids))
    if kind == "option" and size > MAX_RESPONSE:
        problems.append(
            _at(
                doc,
                loc,
                "ids-too-long",
                f"{where(loc)}: the options' ids together are {size} characters, and SCORM "
                f"1.2 allows {MAX_RESPONSE} for an answer that names them all; shorten some ids",
                key=True,
            )
        )
    return problems
