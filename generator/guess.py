"""Guessability (``lint --guess``): how far naive strategies get through each scenario.

A naive learner does not read for the principle: they take the longest reply, the one
with the most kind words, the one without a "no", the one that asks a question, or any
reply at all. Each strategy is played through the step graph and the knowledge check,
and the report says which scenarios it passes (the site's pass rule: a success ending
and, in the same play, at least the pass mark of the questions right). A scenario a
naive strategy passes teaches less than it seems to. Where a knowledge-check slot is a
question bank, each play answers one of its variants, drawn by chance, as each attempt
on the site asks one.

Each strategy picks at two places: a reply at a decision, and the answer to a question.
A cue strategy gives every text a score and takes the highest. In a question with
several right options it takes every option its cue marks (see each strategy's
``about``), or, when it marks none, the one option it would take in a single-answer
question.

Ties are broken by chance, as a learner meets them. Replies and options are shown
shuffled, so a learner whose cue cannot tell two replies apart picks one of them at
random; the strategy does the same with its seeded generator. Every strategy therefore
plays ``SEEDS`` times, with seeds 0 to SEEDS - 1, and its figures are the averages over
those plays: the same on every run. Where the learner sees the written order
(``shuffle: false``) the strategy takes the first written of the tied. (Trainers tend to
write the best reply first; breaking ties by written order elsewhere would credit the
strategies with that habit, which the learner never sees.)
"""

from __future__ import annotations

import statistics
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from random import Random

from .errors import Problem
from .language import word_count
from .lint import internal_error, not_linted, subject_of
from .model import Question, Scenario, Step
from .reading import plain, words
from .render import DEFAULT_PASS_MARK
from .site import pass_mark_mistake
from .site_config import CONFIG_FILE, plugin_options, read_config_data

PLAYING = "playing this file"
"""What an internal error's line says was going on."""
MAX_DECISIONS = 100
"""A play that has not reached an ending after this many decisions (the step graph has a
loop the strategy keeps taking) counts as not successful."""
SEEDS = 200
"""How many plays of each strategy, with seeds 0 to SEEDS - 1, per scenario."""
WARN_SHARE = 0.10
"""A strategy that passes more than this share of the scenarios is warned about."""

EMPATHY_WORDS = frozenset(
    "sorry apologise apologize apologies understand understandable hear heard feel "
    "feeling appreciate thank thanks help helps helping let's together".split()
)
"""The words the ``empathy`` strategy counts (lower case, whole words)."""
NEGATIVE_WORDS = frozenset(
    "no not never nothing nobody none nowhere cannot unfortunately policy policies "
    "rule rules".split()
)
"""The words the ``no-negative`` strategy avoids, besides every word ending in n't
(can't, won't, don't, isn't...)."""

Pick = Callable[[Sequence[str], Random], list[int]]
"""A strategy's pick among reply texts (or a single-answer question's options): the
indices it cannot tell apart, in written order (the tie rule in ``play`` takes one at
random)."""
PickMany = Callable[[Sequence[str], Random], frozenset[int]]
"""A strategy's picks among a multiple-answer question's options (empty: it marks none,
and takes the one option ``Pick`` gives)."""
Score = Callable[[str], float]


@dataclass(frozen=True)
class Strategy:
    """A naive way to play: its name, what it does in words, and its two picks."""

    name: str
    about: str
    reply: Pick
    """The reply taken at a decision (also the option taken in a single-answer question)."""
    many: PickMany
    """The options taken in a multiple-answer question."""
    plays: int = SEEDS
    """How many plays it gets per scenario, seeds 0 to plays - 1."""


def _norm_words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in words(text)]


def _empathy(text: str) -> float:
    return sum(w in EMPATHY_WORDS for w in _norm_words(text))


def _positive(text: str) -> float:
    """Minus the number of negative words: the fewer, the higher."""
    return -sum(w in NEGATIVE_WORDS or w.endswith("n't") for w in _norm_words(text))


_CLOSING = " \t\n*_\"')]\u2019\u201d"


def _asks(text: str) -> float:
    """2 when the text ends with a question mark, 1 when it has one inside, 0 otherwise."""
    shown = plain(text)
    if shown.rstrip(_CLOSING).endswith("?"):
        return 2
    return 1 if "?" in shown else 0


def _cue(
    name: str, about: str, score: Score, marks: Callable[[float, list[float]], bool]
) -> Strategy:
    """A deterministic strategy: the highest ``score`` wins; in a multiple-answer question,
    the options whose score ``marks`` (given every option's score) are taken."""

    known: dict[str, float] = {}  # every play scores the same texts again

    def scored(text: str) -> float:
        if text not in known:
            known[text] = score(text)
        return known[text]

    def reply(texts: Sequence[str], rng: Random) -> list[int]:
        scores = [scored(t) for t in texts]
        top = max(scores)
        return [i for i, s in enumerate(scores) if s == top]

    def many(texts: Sequence[str], rng: Random) -> frozenset[int]:
        scores = [scored(t) for t in texts]
        return frozenset(i for i, s in enumerate(scores) if marks(s, scores))

    return Strategy(name, about, reply, many)


def _any_one(texts: Sequence[str], rng: Random) -> list[int]:
    return [rng.randrange(len(texts))]


def _any_some(texts: Sequence[str], rng: Random) -> frozenset[int]:
    while True:  # each option with chance 1/2, drawn again when none is taken
        chosen = frozenset(i for i in range(len(texts)) if rng.random() < 0.5)
        if chosen:
            return chosen


STRATEGIES: tuple[Strategy, ...] = (
    _cue(
        "longest",
        "the reply and the option with the most words "
        "(several right: the options longer than the median)",
        word_count,
        lambda s, scores: s > statistics.median(scores),
    ),
    _cue(
        "empathy",
        "the most of sorry, apologise, understand, hear, feel, appreciate, thank, help, "
        "let's, together (several right: every option with one)",
        _empathy,
        lambda s, scores: s > 0,
    ),
    _cue(
        "no-negative",
        "the fewest of no, not, never, nothing, cannot, any n't (can't, won't...), "
        "unfortunately, policy, rules (several right: every option with none)",
        _positive,
        lambda s, scores: s == 0,
    ),
    _cue(
        "question",
        "the reply or option that ends with a question mark, else one with a question "
        "mark inside (several right: every option with one)",
        _asks,
        lambda s, scores: s > 0,
    ),
    Strategy(
        "random",
        "any reply and option, by chance (several right: each option with chance 1/2, "
        "at least one)",
        _any_one,
        _any_some,
    ),
)
"""The naive strategies, in the report's order."""


# Playing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Play:
    """One play through a scenario: the ending reached (None when none was within
    MAX_DECISIONS decisions), the questions answered right at the first try, and
    whether that passes."""

    ending: str | None
    decisions: int
    right: int
    passed: bool

    @property
    def success(self) -> bool:
        """Whether the play reached a success ending."""
        return self.ending == "success"


def needed(count: int, mark: float) -> int:
    """How many of ``count`` questions must be right to reach the pass mark ``mark``:
    the smallest whole number whose share is at least ``mark`` (as the site counts)."""
    n = 0
    while n < count and n / count < mark:
        n += 1
    return n


def break_tie(tied: Sequence[int], shuffled: bool, rng: Random) -> int:
    """One of the ``tied`` indices (in written order), by the tie rule: shown shuffled, a
    learner picks among them by chance; in the written order, the first. Chance is drawn
    only for a real tie, so a strategy that never ties never uses ``rng``."""
    if not shuffled or len(tied) == 1:
        return tied[0]
    return tied[rng.randrange(len(tied))]


def _reply_index(step: Step, strategy: Strategy, rng: Random) -> int:
    """The reply ``strategy`` takes at a decision step (ties: see ``break_tie``)."""
    choices = step.choices or []
    tied = strategy.reply([c.text for c in choices], rng)
    return break_tie(tied, step.shuffle is not False, rng)


def answers(question: Question, strategy: Strategy, rng: Random) -> frozenset[int]:
    """The options ``strategy`` takes in ``question``, by their written index.

    Where it cannot tell options apart it takes one of them at random, or the first
    written with ``shuffle: false`` (see ``break_tie``).
    """
    texts = [o.text for o in question.options]
    if question.type == "multiple":
        marked = strategy.many(texts, rng)
        if marked:
            return marked
    tied = strategy.reply(texts, rng)
    return frozenset({break_tie(tied, question.shuffle is not False, rng)})


def is_right(question: Question, chosen: frozenset[int]) -> bool:
    """Whether ``chosen`` is exactly the set of right options (the site's rule)."""
    return chosen == {i for i, o in enumerate(question.options) if o.correct}


def walk(scenario: Scenario, strategy: Strategy, rng: Random) -> tuple[str | None, int]:
    """The ending ``strategy`` reaches from the start step, and after how many decisions;
    None when it has reached none after MAX_DECISIONS (a loop it keeps taking)."""
    step = scenario.steps[scenario.start]
    decisions = 0
    while step.ending is None:
        if decisions == MAX_DECISIONS or not step.choices:
            return None, decisions
        step = scenario.steps[step.choices[_reply_index(step, strategy, rng)].next]
        decisions += 1
    return step.ending, decisions


def draw(variants: Sequence[Question], rng: Random) -> Question:
    """The question a play asks in a knowledge-check slot: a bank's variants are drawn
    from by chance, as each attempt on the site draws one; a plain question (one
    variant) draws nothing from ``rng``."""
    if len(variants) == 1:
        return variants[0]
    return variants[rng.randrange(len(variants))]


def play(
    scenario: Scenario, strategy: Strategy, rng: Random, site_mark: float = DEFAULT_PASS_MARK
) -> Play:
    """Play ``scenario`` once as ``strategy``: the replies from the start step to an
    ending (at most MAX_DECISIONS of them), then the knowledge check.

    ``site_mark`` is the pass mark when the scenario sets none. A scenario without
    questions passes on a success ending alone. In each slot of a question bank, the
    play answers one variant, drawn by chance (see ``draw``).
    """
    ending, decisions = walk(scenario, strategy, rng)
    asked = [draw(slot, rng) for slot in scenario.slots()]
    right = sum(is_right(q, answers(q, strategy, rng)) for q in asked)
    mark = scenario.pass_mark if scenario.pass_mark is not None else site_mark
    passed = ending == "success" and right >= needed(len(scenario.questions), mark)
    return Play(ending, decisions, right, passed)


@dataclass(frozen=True)
class Outcome:
    """What one strategy got in one scenario: the share of its plays (0 to 1) that
    reached a success ending, and the share that passed."""

    success: float
    passed: float


def outcome(
    scenario: Scenario, strategy: Strategy, site_mark: float = DEFAULT_PASS_MARK
) -> Outcome:
    """``strategy``'s plays of ``scenario`` (seeds 0 to plays - 1), summed up."""
    plays = [play(scenario, strategy, Random(seed), site_mark) for seed in range(strategy.plays)]
    return Outcome(
        sum(p.success for p in plays) / len(plays), sum(p.passed for p in plays) / len(plays)
    )


# The report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One scenario's line of the report: its slug and an Outcome per strategy."""

    slug: str
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class GuessReport:
    """Every strategy's outcomes in every scenario that could be played, and the
    not-linted line of each file or folder that could not."""

    rows: tuple[Row, ...]
    not_played: tuple[Problem, ...]
    strategies: tuple[Strategy, ...] = STRATEGIES

    def passed_share(self, index: int) -> float:
        """The share of the scenarios the strategy at ``index`` passes (the average over
        its plays)."""
        if not self.rows:
            return 0.0
        return sum(r.outcomes[index].passed for r in self.rows) / len(self.rows)

    def warnings(self) -> list[str]:
        """A ``warning:`` line for each strategy that passes more than WARN_SHARE."""
        return [
            f"warning: {s.name} passes {_percent(share)} of the scenarios "
            f"({self._basis(s, share)}), more than {WARN_SHARE * 100:.0f}%: too easy to guess"
            for s, share in zip(self.strategies, self.passed_shares(), strict=True)
            if share > WARN_SHARE
        ]

    def _basis(self, strategy: Strategy, share: float) -> str:
        """What a share is made of: "3 of 21", or "200 plays" for an average over plays."""
        if strategy.plays > 1:
            return f"{strategy.plays} plays"
        return f"{round(share * len(self.rows))} of {len(self.rows)}"

    def passed_shares(self) -> list[float]:
        """passed_share of each strategy, in order."""
        return [self.passed_share(i) for i in range(len(self.strategies))]

    @property
    def warned(self) -> bool:
        """Whether there is any warning or any file that could not be played."""
        return bool(self.not_played) or bool(self.warnings())

    def lines(self) -> list[str]:
        """The report as printed: not-played files, the legend, the table, the summary
        and the warnings; no line is longer than WIDTH characters, save a not-played
        file's line and a scenario name longer than the table."""
        out = [str(p) for p in self.not_played]
        if not self.rows:
            return [*out, "No scenario could be played." if out else _NONE_FOUND]
        return out + self._legend() + self._table() + self._summary() + self.warnings()

    def _legend(self) -> list[str]:
        names = max(len(s.name) for s in self.strategies)
        skipped = len({p.path for p in self.not_played})
        lines = [
            f"Guessing: naive strategies played through {_plural(len(self.rows), 'scenario')}"
            + (f"; {skipped} not linted (fix what check reports first)." if skipped else ".")
        ]
        for s in self.strategies:
            lines += textwrap.wrap(
                f"{s.name:<{names}}  {s.about}",
                WIDTH,
                initial_indent="  ",
                subsequent_indent=" " * (names + 4),
            )
        lines += textwrap.wrap(
            "Each cell: the % of plays that reach a success ending (end), and that pass "
            "(pass: a success ending and the knowledge check at the pass mark, in the same "
            f"play), averaged over {SEEDS} plays with fixed seeds. Where a strategy cannot tell "
            "replies or options apart, it picks one of them by chance, as a learner who sees "
            "them shuffled would (with shuffle: false, the first written).",
            WIDTH,
        )
        return [*lines, ""]

    def _table(self) -> list[str]:
        room = WIDTH - _CELL * len(self.strategies)
        width = min(max(len("scenario"), *(len(r.slug) for r in self.rows)), room)
        lines = [
            (" " * width + "".join(f"{s.name:>{_CELL}}" for s in self.strategies)).rstrip(),
            f"{'scenario':<{width}}" + f"{'end':>{_CELL - 6}} {'pass':>5}" * len(self.strategies),
        ]
        for row in self.rows:
            cells = "".join(
                f"{_cell(o.success, s):>{_CELL - 6}} {_cell(o.passed, s):>5}"
                for o, s in zip(row.outcomes, self.strategies, strict=True)
            )
            if len(row.slug) > width:  # a long name on its own line, its figures below
                lines += [row.slug, " " * width + cells]
            else:
                lines.append(f"{row.slug:<{width}}{cells}")
        return [*lines, ""]

    def _summary(self) -> list[str]:
        names = max(len(s.name) for s in self.strategies)
        return ["Scenarios passed:"] + [
            f"  {s.name:<{names}}  {_percent(share):>6}  ({self._basis(s, share)})"
            for s, share in zip(self.strategies, self.passed_shares(), strict=True)
        ]


WIDTH = 100
_NONE_FOUND = "No scenario files found (they end in .yml)."
"""The report's width in characters."""
_CELL = 13  # a strategy's two figures: "   end  pass" right-aligned


def _cell(share: float, strategy: Strategy) -> str:
    return f"{share * 100:.0f}" if strategy.plays == 1 else f"{share * 100:.1f}"


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


# Running it on files ---------------------------------------------------------------------


def site_pass_mark(config_file: Path) -> float:
    """The pass mark of the site in ``config_file`` (the role-play plugin's
    ``pass_mark``); the default 0.8 when it sets none or none that the build accepts."""
    data = read_config_data(config_file)
    if data is None:
        return DEFAULT_PASS_MARK
    mark = plugin_options(data.get("plugins")).get("pass_mark", DEFAULT_PASS_MARK)
    return DEFAULT_PASS_MARK if pass_mark_mistake(mark) else float(mark)


def guess_report(
    paths: list[Path],
    unreadable: Sequence[Problem] = (),
    site_mark: float = DEFAULT_PASS_MARK,
    strategies: tuple[Strategy, ...] = STRATEGIES,
) -> GuessReport:
    """Play every strategy through the scenario files ``paths``.

    ``unreadable`` are the problems of folders that could not be read (from
    ``expand_paths``); they, and files that check refuses, are listed as not linted.
    """
    rows: list[Row] = []
    not_played = [not_linted(p.path, p.message) for p in unreadable]
    for path in paths:
        found = subject_of(path, PLAYING)
        if isinstance(found, Problem):
            not_played.append(found)
            continue
        try:
            outcomes = tuple(outcome(found.scenario, s, site_mark) for s in strategies)
        except Exception as err:  # a bug of ours must still not show a trainer a traceback
            not_played.append(internal_error(found.doc.path, err, PLAYING))
            continue
        rows.append(Row(found.slug, outcomes))
    return GuessReport(tuple(rows), tuple(not_played), strategies)


def run_guess(paths: list[Path], unreadable: Sequence[Problem] = ()) -> GuessReport:
    """guess_report with the pass mark of the site in the current folder's mkdocs.yml."""
    return guess_report(paths, unreadable, site_pass_mark(Path(CONFIG_FILE)))
