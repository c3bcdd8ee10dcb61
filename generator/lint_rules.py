"""The design rules of ``lint``: what ``check`` accepts but makes a weaker scenario.

Each rule is a function that reads a valid scenario (a Subject) and yields Findings:
where, and what to change and why it matters to learners or facilitators. ``@lint_rule``
makes it a LintRule, whose code is the function's name in kebab case
(``best_is_longest`` is ``best-is-longest``) and which turns its findings into warnings
carrying that code. RULES lists them in the order their warnings are given at one place.

A site rule (``@site_rule``, listed in SITE_RULES) reads every file linted together and
counts across them: a habit such as "the right answer is the longest" only shows over
many questions. Its warning stands in one file, at the first place that shows the habit.
Site rules need at least SITE_MINIMUM cases to count (questions or best replies), so a
single small file is not judged on two or three of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .errors import Problem
from .language import has_word, joke_phrase, reads_as_narration, shared_phrase, word_count
from .load import LoadedScenario
from .messages import describe, where
from .model import Bank, Choice, Question, Scenario, Step
from .reading import grade, plain, words
from .site_paths import is_generated, scenario_src
from .text import link_target, links_in
from .topics import topic
from .yaml_strict import Document, Loc

MAX_GRADE = 8.0
LENGTH_RATIO = 1.5
OPTION_MARGIN = 1.25
"""A right option this many times the words of every wrong one (and longer) stands out."""
LONGEST_SHARE = 0.40
"""The right answer may be the longest option in at most this share of single-answer
questions across the site."""
SITE_MINIMUM = 10
"""A site rule counts only with at least this many cases (questions or best replies)."""
CUE_POINTS = Fraction(15, 100)
CUE_RATIO = Fraction(3, 2)
"""A cue is "clearly more frequent" in best replies when their share that shows it is at
least CUE_POINTS (15 percentage points) above the other replies' share and at least
CUE_RATIO times it."""


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


SiteFind = Callable[[Sequence["Subject"]], Iterable[tuple["Subject", Finding]]]


@dataclass(frozen=True)
class SiteRule:
    """A rule over every file linted together: its ``code``, what it ``checks``, and the
    function that looks (it says in which file each finding stands)."""

    code: str
    checks: str
    find: SiteFind

    def __call__(self, subjects: Sequence[Subject]) -> list[Problem]:
        return [subject.warn(self.code, finding) for subject, finding in self.find(subjects)]


def site_rule(find: SiteFind) -> SiteRule:
    """Make ``find`` a SiteRule, named and described as ``lint_rule`` does."""
    summary = (find.__doc__ or "").strip().split("\n\n")[0]
    return SiteRule(find.__name__.replace("_", "-"), " ".join(summary.split()), find)


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
    for q, slot in enumerate(s.questions):
        if isinstance(slot, Bank) and slot.objective:
            yield ("questions", q, "objective"), slot.objective
    for loc, question in s.each_question():
        yield (*loc, "prompt"), question.prompt
        for o, option in enumerate(question.options):
            yield (*loc, "options", o, "text"), option.text
            if option.feedback:
                yield (*loc, "options", o, "feedback"), option.feedback


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


# 8. No notes, no discussion, no live timing ----------------------------------------------


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


@lint_rule
def no_live_minutes(subject: Subject) -> Iterator[Finding]:
    """The scenario does not say how long it takes live (live_minutes)."""
    if subject.scenario.live_minutes is None:
        yield Finding(
            (),
            'no "live_minutes", so the session plan and the facilitator page take the live '
            'timing from the first "N minutes" in the notes, which may be another time; add '
            "live_minutes: with the minutes it takes live (5 to 90) at the top level",
        )


# 10. Questions: the right answer stands out ---------------------------------------------


def _option_loc(question: Loc, o: int) -> Loc:
    """Where the text of option ``o`` of the question at ``question`` stands."""
    return (*question, "options", o, "text")


def _stands_out(right: int, wrong: int) -> bool:
    """Whether ``right`` words are more than ``wrong`` and at least OPTION_MARGIN times."""
    return right > wrong and right >= OPTION_MARGIN * wrong


def _lengths(question: Question) -> tuple[list[int], list[int]]:
    """The word counts of the right options and of the wrong ones."""
    right = [word_count(o.text) for o in question.options if o.correct]
    wrong = [word_count(o.text) for o in question.options if not o.correct]
    return right, wrong


@lint_rule
def correct_is_longest(subject: Subject) -> Iterator[Finding]:
    """A question's right answer is longer than every wrong option by a quarter or more.

    In a single-answer question: the right option has more words than every wrong one,
    and at least 1.25 times as many. In a multiple-answer question: every right option
    does, compared with the longest wrong one (one short right option is enough to
    break the pattern).
    """
    for q, question in subject.scenario.each_question():
        right, wrong = _lengths(question)
        if right and wrong and _stands_out(min(right), max(wrong)):
            first = next(o for o, option in enumerate(question.options) if option.correct)
            kind = (
                f"every right option has at least {min(right)} words"
                if len(right) > 1
                else f"the right option has {min(right)} words"
            )
            yield Finding(
                _option_loc(q, first),
                f"{kind} and the longest wrong one "
                f"{max(wrong)}, so learners can pick the answer by its length; shorten "
                "it or give the wrong options the same detail",
            )


@lint_rule
def too_few_wrong_options(subject: Subject) -> Iterator[Finding]:
    """A multiple-answer question has only one wrong option, or none."""
    for q, question in subject.scenario.each_question():
        if question.type != "multiple":
            continue
        wrong = sum(not o.correct for o in question.options)
        if wrong > 1:
            continue
        what = (
            "every option is right, so ticking them all passes"
            if wrong == 0
            else "only one option is wrong, so a learner who spots it ticks all the others"
        )
        yield Finding(
            (*q, "prompt"),
            f"{what} without weighing each one; add a plausible wrong option, or make "
            "the number of right ones vary between questions",
        )


@lint_rule
def joke_distractor(subject: Subject) -> Iterator[Finding]:
    """A wrong option holds a give-away phrase ("just ignore", "hope nobody", "louder")."""
    for q, question in subject.scenario.each_question():
        for o, option in enumerate(question.options):
            phrase = None if option.correct else joke_phrase(option.text)
            if phrase is not None:
                yield Finding(
                    _option_loc(q, o),
                    f'"{phrase}" makes this wrong option a joke nobody would pick, so the '
                    "question tests nothing; write a mistake staff really make, one that "
                    "sounds reasonable",
                )


@lint_rule
def wrong_option_without_feedback(subject: Subject) -> Iterator[Finding]:
    """A wrong option of a question has no feedback."""
    for q, question in subject.scenario.each_question():
        for o, option in enumerate(question.options):
            if not option.correct and not option.feedback:
                yield Finding(
                    _option_loc(q, o),
                    "this wrong option has no feedback, so a learner who picks it is not "
                    "told why it is wrong; add feedback: with a sentence on the principle",
                )


@lint_rule
def bank_variants_alike(subject: Subject) -> Iterator[Finding]:
    """Two variants of one question bank have the same prompt.

    Prompts count as the same when their words are, whatever the case, spacing,
    punctuation or emphasis. The warning stands at the later variant's prompt.
    """
    for q, slot in enumerate(subject.scenario.questions):
        if not isinstance(slot, Bank):
            continue
        seen: dict[tuple[str, ...], int] = {}
        for k, variant in enumerate(slot.variants):
            key = tuple(w.casefold() for w in words(variant.prompt))
            if key in seen:
                yield Finding(
                    ("questions", q, "variants", k, "prompt"),
                    f"it is the same question as variants[{seen[key] + 1}], so a learner "
                    "who tries again may be asked what they just answered, and the bank "
                    "tests nothing new; ask about the same idea in other words or with "
                    "another situation",
                )
            else:
                seen[key] = k


# Site rules -----------------------------------------------------------------------------


def _across(subjects: Sequence[Subject]) -> str:
    return "in this file" if len(subjects) == 1 else f"across the {len(subjects)} files linted"


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%"


@site_rule
def correct_often_longest(subjects: Sequence[Subject]) -> Iterator[tuple[Subject, Finding]]:
    """The right answer is the longest option in more than 40% of single-answer questions,
    across the files linted together (at least 10 such questions).

    "The longest": more words than every wrong option. Each variant of a question bank
    counts as a question. The warning stands at the right option of the first such
    question, in the first file that has one.
    """
    counted, longest = 0, []
    for subject in subjects:
        for q, question in subject.scenario.each_question():
            right, wrong = _lengths(question)
            if question.type != "single" or not right or not wrong:
                continue
            counted += 1
            if max(right) > max(wrong):
                first = next(o for o, option in enumerate(question.options) if option.correct)
                longest.append((subject, _option_loc(q, first)))
    if counted < SITE_MINIMUM or len(longest) <= LONGEST_SHARE * counted:
        return
    subject, loc = longest[0]
    yield (
        subject,
        Finding(
            loc,
            f"the right answer is the longest option in {len(longest)} of {counted} "
            f"single-answer questions ({_percent(len(longest), counted)}) "
            f"{_across(subjects)}, so learners can pass by picking the longest option; "
            f"aim for {LONGEST_SHARE:.0%} or fewer: shorten right answers or lengthen "
            "wrong ones (this is the first)",
        ),
    )


@dataclass(frozen=True)
class Cue:
    """A surface feature of a reply: how the report says it, and whether a reply shows it
    (given every reply of its decision)."""

    says: str
    shows: Callable[[Choice, list[Choice]], bool]


def _longest_at(choice: Choice, others: list[Choice]) -> bool:
    count = word_count(choice.text)
    return all(count > word_count(c.text) for c in others if c is not choice)


def _word_cue(word: str, forms: str) -> Cue:
    wanted = frozenset(forms.split())
    return Cue(f'say "{word}"', lambda c, _: has_word(c.text, wanted))


CUES: tuple[Cue, ...] = (
    Cue("ask a question", lambda c, _: "?" in plain(c.text)),
    Cue("are the longest reply of their decision", _longest_at),
    _word_cue("sorry", "sorry"),
    _word_cue("understand", "understand understands understood understandable"),
    _word_cue("let's", "let's"),
    _word_cue("I'll", "i'll"),
)
"""The cues ``cue_predicts_best_reply`` counts."""


@dataclass(frozen=True)
class CueCount:
    """How many best replies show a cue, and how many of the other replies."""

    cue: Cue
    best: int
    best_total: int
    other: int
    other_total: int
    first: tuple[Subject, Loc] | None
    """Where the first best reply that shows it stands."""

    @property
    def clear(self) -> bool:
        """Whether best replies show it clearly more often (see CUE_POINTS, CUE_RATIO)."""
        if self.best_total < SITE_MINIMUM or not self.other_total:
            return False
        # Fractions: exactly 15 points is enough, whatever floating point would say.
        best = Fraction(self.best, self.best_total)
        other = Fraction(self.other, self.other_total)
        return best - other >= CUE_POINTS and best >= CUE_RATIO * other


def cue_counts(subjects: Sequence[Subject]) -> list[CueCount]:
    """Each cue of CUES counted over every decision of ``subjects``."""
    counts = []
    for cue in CUES:
        best = best_total = other = other_total = 0
        first: tuple[Subject, Loc] | None = None
        for subject in subjects:
            for step_id, choices in decisions(subject.scenario):
                for i, choice in enumerate(choices):
                    shows = cue.shows(choice, choices)
                    if choice.quality == "best":
                        best_total += 1
                        best += shows
                        if shows and first is None:
                            first = (subject, ("steps", step_id, "choices", i, "text"))
                    else:
                        other_total += 1
                        other += shows
        counts.append(CueCount(cue, best, best_total, other, other_total, first))
    return counts


@site_rule
def cue_predicts_best_reply(subjects: Sequence[Subject]) -> Iterator[tuple[Subject, Finding]]:
    """A surface cue (a question mark, the most words, "sorry", "understand", "let's",
    "I'll") is clearly more frequent in best replies than in the others, across the files
    linted together (at least 10 best replies).

    "Clearly": the share of best replies that show it is at least 15 percentage points
    above the other replies' share and at least 1.5 times it. The warning stands at the
    first best reply that shows the cue.
    """
    for count in cue_counts(subjects):
        if count.clear and count.first is not None:
            subject, loc = count.first
            yield (
                subject,
                Finding(
                    loc,
                    f"{_percent(count.best, count.best_total)} of best replies "
                    f"{count.cue.says} ({count.best} of {count.best_total}), against "
                    f"{_percent(count.other, count.other_total)} of the others "
                    f"({count.other} of {count.other_total}) {_across(subjects)}, so "
                    "learners can find the best reply by that cue alone; give some good "
                    "or poor replies the cue, or word some best replies without it (this "
                    "is the first)",
                ),
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
    no_live_minutes,
    correct_is_longest,
    too_few_wrong_options,
    joke_distractor,
    wrong_option_without_feedback,
    bank_variants_alike,
)
"""Every rule, in the order their warnings are given when they stand at the same place."""

SITE_RULES: tuple[SiteRule, ...] = (correct_often_longest, cue_predicts_best_reply)
"""Every site rule, in the order their warnings are given at one place (after RULES')."""
