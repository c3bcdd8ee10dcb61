"""The design rules of ``lint``: what ``check`` accepts but makes a weaker scenario.

Each rule is a function that reads a valid scenario (a Subject) and yields Findings:
where, and what to change and why it matters to learners or facilitators. ``@lint_rule``
makes it a LintRule, whose code is the function's name in kebab case
(``best_is_longest`` is ``best-is-longest``) and which turns its findings into warnings
carrying that code. RULES lists them in the order their warnings are given at one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .errors import Problem
from .language import reads_as_narration, shared_phrase, word_count
from .load import LoadedScenario
from .messages import describe, where
from .model import Choice, Scenario, Step
from .reading import grade
from .site_paths import is_generated, scenario_src
from .text import link_target, links_in
from .topics import topic
from .yaml_strict import Document, Loc

MAX_GRADE = 8.0
LENGTH_RATIO = 1.5


@dataclass(frozen=True)
class Subject:
    """A valid scenario as the rules see it: the model, and the file for positions."""

    doc: Document
    loaded: LoadedScenario

    @property
    def scenario(self) -> Scenario:
        """The validated scenario."""
        return self.loaded.scenario

    @property
    def slug(self) -> str:
        """The file name without ``.yml``: the page address."""
        return self.loaded.slug

    def warn(self, rule: str, finding: Finding) -> Problem:
        """The warning of rule ``rule`` for ``finding``, named as check names places.

        At the top level (an empty place) the message stands alone.
        """
        loc = finding.loc
        line, col = self.doc.position(loc, key=finding.key)
        named = f"{where(loc)}: {finding.message}" if loc else finding.message
        return Problem(self.doc.path, line, col, named, severity="warning", rule=rule)


@dataclass(frozen=True)
class Finding:
    """What a rule found: the place in the file (its key when ``key``) and the advice."""

    loc: Loc
    message: str
    key: bool = False


Find = Callable[[Subject], Iterable[Finding]]


@dataclass(frozen=True)
class LintRule:
    """A design rule: its stable ``code``, what it ``checks`` (in a sentence), and the
    function that looks. Calling it on a Subject gives its warnings."""

    code: str
    checks: str
    find: Find

    def __call__(self, subject: Subject) -> list[Problem]:
        return [subject.warn(self.code, finding) for finding in self.find(subject)]


def lint_rule(find: Find) -> LintRule:
    """Make ``find`` a LintRule: the code is its name in kebab case, what it checks the
    first paragraph of its docstring."""
    summary = (find.__doc__ or "").strip().split("\n\n")[0]
    return LintRule(find.__name__.replace("_", "-"), " ".join(summary.split()), find)


def decisions(s: Scenario) -> Iterator[tuple[str, list[Choice]]]:
    """Each decision step's id and replies, in file order."""
    for step_id, step in s.steps.items():
        if step.choices:
            yield step_id, step.choices


# 1. The best reply is the longest -------------------------------------------------------


@lint_rule
def best_is_longest(subject: Subject) -> Iterator[Finding]:
    """The best reply is the longest at more than half of the decisions.

    Only decisions that have both a best reply and another reply count. At such a
    decision the best is "the longest" when some best reply has strictly more words than
    every reply that is not best (two best replies may tie with each other).
    """
    counted, longest = 0, []
    for step_id, choices in decisions(subject.scenario):
        best = [word_count(c.text) for c in choices if c.quality == "best"]
        other = [word_count(c.text) for c in choices if c.quality != "best"]
        if not best or not other:
            continue
        counted += 1
        if max(best) > max(other):
            longest.append(step_id)
    if longest and len(longest) * 2 > counted:
        yield Finding(
            ("steps",),
            f"the best reply is also the longest at {len(longest)} of {counted} decisions "
            f"({', '.join(longest)}), so learners learn to pick the longest reply instead of "
            "judging what it says; make some best replies short, or other replies longer",
            key=True,
        )


# 2. Best replies are much longer than poor ones -----------------------------------------


def _average(numbers: list[int]) -> float:
    return sum(numbers) / len(numbers)


@lint_rule
def best_much_longer_than_poor(subject: Subject) -> Iterator[Finding]:
    """Best replies average more than 1.5 times the words of poor ones, over the scenario."""
    choices = [c for _, cs in decisions(subject.scenario) for c in cs]
    best = [word_count(c.text) for c in choices if c.quality == "best"]
    poor = [word_count(c.text) for c in choices if c.quality == "poor"]
    if best and poor and _average(best) > LENGTH_RATIO * _average(poor):
        yield Finding(
            ("steps",),
            f"best replies average {_average(best):.1f} words and poor ones "
            f"{_average(poor):.1f}, so length alone gives the answer away; write poor "
            "replies with the same care (a poor reply can be long and polite)",
            key=True,
        )


# 3. A decision without consequence ------------------------------------------------------


@lint_rule
def no_consequence(subject: Subject) -> Iterator[Finding]:
    """Every reply of a decision leads to the same next step."""
    for step_id, choices in decisions(subject.scenario):
        if len({c.next for c in choices}) == 1:
            yield Finding(
                ("steps", step_id),
                f'every reply leads to "{choices[0].next}", so what the learner '
                "chooses changes nothing in the conversation; let a weaker reply lead "
                "to a step where the patron reacts to it",
                key=True,
            )


# 4. No feedback names a principle -------------------------------------------------------


def is_idea_page(href: str, slug: str) -> bool:
    """Whether a link in scenario ``slug`` goes to a hand-written page of the site.

    Pages the plugin generates (see ``site_paths.is_generated``: scenarios, facilitator
    pages, topics, progress, plan, certificate) and links that leave the docs folder do
    not count.
    """
    target = link_target(href, scenario_src(slug))
    return (
        target.kind == "page"
        and not target.path.startswith("../")
        and not is_generated(target.path)
    )


@lint_rule
def no_principle_linked(subject: Subject) -> Iterator[Finding]:
    """No choice's feedback links an idea page (one warning per scenario)."""
    for _, choices in decisions(subject.scenario):
        for choice in choices:
            if any(is_idea_page(href, subject.slug) for href in links_in(choice.feedback)):
                return
    guide = topic(subject.scenario.topic)
    example = f"[{guide.title}](../{guide.guide})"
    yield Finding(
        ("steps",),
        "no reply's feedback links an idea page, so learners do not see which "
        "principle a reply follows or where to read more; link the idea in a "
        f"feedback, for example {example}",
        key=True,
    )


# 5. Reading grade -----------------------------------------------------------------------

_ENOUGH_WORDS_FOR_A_GRADE = 10


def staff_texts(s: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every text staff read while playing, with where it stands in the file.

    Not the title, the patron's goal, notes or discussion: those are for facilitators.
    """
    yield ("summary",), s.summary
    for i, objective in enumerate(s.objectives):
        yield ("objectives", i), objective
    yield ("patron", "about"), s.patron.about
    for step_id, step in s.steps.items():
        yield from _step_texts(("steps", step_id), step)
    for q, question in enumerate(s.questions):
        yield ("questions", q, "prompt"), question.prompt
        for o, option in enumerate(question.options):
            yield ("questions", q, "options", o, "text"), option.text
            if option.feedback:
                yield ("questions", q, "options", o, "feedback"), option.feedback


def _step_texts(loc: Loc, step: Step) -> Iterator[tuple[Loc, str]]:
    for name in ("scene", "patron", "debrief"):
        text = getattr(step, name)
        if text:
            yield (*loc, name), text
    for i, choice in enumerate(step.choices or []):
        yield (*loc, "choices", i, "text"), choice.text
        yield (*loc, "choices", i, "feedback"), choice.feedback


@lint_rule
def hard_to_read(subject: Subject) -> Iterator[Finding]:
    """The staff-facing text reads above grade 8 (Flesch-Kincaid).

    The warning stands at the hardest text of at least ten words, where rewriting helps
    most (short texts get extreme grades from a single long word).
    """
    texts = list(staff_texts(subject.scenario))
    # A blank line ends a sentence, so an objective without a full stop stays its own.
    overall = grade("\n\n".join(text for _, text in texts))
    if overall <= MAX_GRADE:
        return
    graded = [(grade(t), loc) for loc, t in texts if word_count(t) >= _ENOUGH_WORDS_FOR_A_GRADE]
    hardest, loc = max(graded, default=(overall, ("summary",)))
    yield Finding(
        loc,
        f"the scenario reads at grade {overall:.1f} (aim for {MAX_GRADE:.0f} or below), "
        "so staff who read it between tasks or in a second language may lose the "
        f"thread; use shorter sentences and everyday words, starting here (grade "
        f"{hardest:.1f})",
    )


# 6. Narration in a patron line ----------------------------------------------------------


@lint_rule
def narration_in_patron_line(subject: Subject) -> Iterator[Finding]:
    """A patron line opens with the patron's name and a verb: narration, not speech."""
    name = subject.scenario.patron.name
    for step_id, step in subject.scenario.steps.items():
        if not step.patron:
            continue
        line = " ".join(step.patron.split())
        if reads_as_narration(line, name):
            yield Finding(
                ("steps", step_id, "patron"),
                f"{describe(line)} reads as narration, but patron lines are shown as "
                f"{name}'s own words, so learners see {name} say it aloud; move what "
                f"happens to scene: (shown as narration) and keep patron: for what "
                f"{name} says",
            )


# 7. The summary gives the hidden need away ----------------------------------------------


@lint_rule
def summary_gives_goal_away(subject: Subject) -> Iterator[Finding]:
    """The summary repeats a distinctive phrase of the patron's goal."""
    s = subject.scenario
    if not s.patron.goal:
        return
    phrase = shared_phrase(s.summary, s.patron.goal, s.patron.name)
    if phrase is not None:
        yield Finding(
            ("summary",),
            f'it shares "{phrase}" with patron.goal, so learners read what the patron is '
            "really after before they play; leave that for the conversation to bring out",
        )


# 8. No notes, no discussion -------------------------------------------------------------


@lint_rule
def no_notes(subject: Subject) -> Iterator[Finding]:
    """The scenario has no facilitator notes."""
    if not subject.scenario.notes:
        yield Finding(
            (),
            'no "notes", so a facilitator running this as a live role-play gets no advice '
            "on how to play the patron or what to watch for; add notes: at the top level",
        )


@lint_rule
def no_discussion(subject: Subject) -> Iterator[Finding]:
    """The scenario has no discussion questions for a group debrief."""
    if not subject.scenario.discussion:
        yield Finding(
            (),
            'no "discussion", so a group has no questions to talk over after the '
            "role-play; add discussion: with two or three questions at the top level",
        )


RULES: tuple[LintRule, ...] = (
    best_is_longest,
    best_much_longer_than_poor,
    no_consequence,
    no_principle_linked,
    hard_to_read,
    narration_in_patron_line,
    summary_gives_goal_away,
    no_notes,
    no_discussion,
)
"""Every rule, in the order their warnings are given when they stand at the same place."""
