"""lint --guess: each naive strategy on a fixture built for it, the tie rule, loops, the
pass mark, the report (a golden file), the warning threshold and the command."""

from __future__ import annotations

import copy
import shutil
from collections import Counter
from pathlib import Path
from random import Random

import pytest
from click.testing import CliRunner

from generator import guess
from generator.cli import cli
from generator.errors import Problem
from generator.guess import (
    MAX_DECISIONS,
    SEEDS,
    STRATEGIES,
    GuessReport,
    Outcome,
    Row,
    Strategy,
    answers,
    guess_report,
    needed,
    outcome,
    play,
    site_pass_mark,
)
from generator.lint import not_linted
from generator.load import load_scenario, load_scenario_bytes, scenario_files
from generator.model import Question, Scenario

from .helpers import DATA, ROOT

GUESS = DATA / "guess"
FIXTURES = sorted(GUESS.glob("*.yml"))
GOLDEN = GUESS / "report.expected"
CUES = ["longest", "empathy", "no-negative", "question"]


def scenario(name: str) -> Scenario:
    return load_scenario(GUESS / f"{name}.yml").scenario


def strategy(name: str) -> Strategy:
    return next(s for s in STRATEGIES if s.name == name)


def question(kind: str, *options: str | tuple[str, bool]) -> Question:
    """A question whose options are texts (wrong) or (text, right) pairs."""
    pairs = [o if isinstance(o, tuple) else (o, False) for o in options]
    return Question.model_validate(
        {
            "prompt": "Which?",
            "type": kind,
            "options": [{"text": t, "correct": c} for t, c in pairs],
        }
    )


def test_every_fixture_passes_check() -> None:
    result = CliRunner().invoke(cli, ["check", str(GUESS)])
    assert result.exit_code == 0, result.output


# Each strategy on the fixture built for it ----------------------------------------------


@pytest.mark.parametrize("fixture", [*CUES, "hard"])
@pytest.mark.parametrize("name", CUES)
def test_a_cue_passes_the_fixture_built_for_it_and_no_other(fixture: str, name: str) -> None:
    """In each fixture one cue leads to the best replies and the right options, and every
    other cue to the poor ones and wrong options; in hard.yml every cue misleads."""
    got = 1.0 if fixture == name else 0.0
    assert outcome(scenario(fixture), strategy(name)) == Outcome(got, got)


@pytest.mark.parametrize("name", CUES)
def test_a_cue_takes_its_own_fixture_s_best_replies_and_right_answers(name: str) -> None:
    s = scenario(name)
    result = play(s, strategy(name), Random(0))
    assert (result.ending, result.decisions, result.right) == ("success", 2, len(s.questions))
    assert result.passed


def test_random_plays_every_seed_and_passes_about_half_of_a_coin_toss() -> None:
    coin = scenario("coin")
    random = strategy("random")
    plays = [play(coin, random, Random(seed)) for seed in range(SEEDS)]
    share = sum(p.passed for p in plays) / SEEDS
    assert outcome(coin, random) == Outcome(share, share)  # no check: the ending alone
    assert 0.4 < share < 0.6
    assert outcome(coin, random) == outcome(coin, random), "the same on every run"


def test_random_takes_at_least_one_option_each_about_half_of_the_time() -> None:
    random = strategy("random")
    picks = [random.many(["a", "b", "c", "d"], Random(seed)) for seed in range(400)]
    assert all(picks)
    for i in range(4):
        assert 150 < sum(i in p for p in picks) < 280  # 1/2 of 400, and more for none drawn
    assert (
        60
        < sum(
            answers(question("single", ("a", True), "b"), random, Random(s)) == {0}
            for s in range(200)
        )
        < 140
    )


# Scores and picks in a question with several right options ------------------------------


def test_the_scores_read_words_as_trainers_write_them() -> None:
    assert guess._empathy("I\u2019m *sorry*. Let\u2019s look together; I hear you.") == 4
    assert guess._empathy("Helpful? Heartfelt.") == 0, "whole words only"
    assert guess._positive("No, we can\u2019t: it's not our policy.") == -4
    assert guess._positive("Yes, we can.") == 0
    assert guess._asks('"Shall we look?"') == 2
    assert guess._asks("Is it? Then go.") == 1
    assert guess._asks("See [the rules?](https://example.org/?q=1)") == 2
    assert guess._asks("See [the rules](https://example.org/?q=1).") == 0, "not in an address"


@pytest.mark.parametrize(
    ("name", "options", "taken"),
    [
        ("longest", ["a b c", "a b c d e", "a b c d e f g", "a b c d e f g h i"], {2, 3}),
        ("longest", ["a b", "a b c", "a b c d", "a b c d e", "a b c d e f"], {3, 4}),
        ("empathy", ["Say sorry", "Point", "Thank them", "Shrug"], {0, 2}),
        ("no-negative", ["Say no", "Offer a time", "Not now", "Book it"], {1, 3}),
        ("question", ["Ask: which one?", "Point", "Why? Ask", "Shrug"], {0, 2}),
    ],
)
def test_in_a_several_right_question_a_cue_takes_every_option_it_marks(
    name: str, options: list[str], taken: set[int]
) -> None:
    right = question("multiple", *[(t, i in taken) for i, t in enumerate(options)])
    assert answers(right, strategy(name), Random(0)) == taken
    wrong = question("multiple", *[(t, i not in taken) for i, t in enumerate(options)])
    assert answers(wrong, strategy(name), Random(0)) == taken


def taken(q: Question, name: str) -> Counter[frozenset[int]]:
    """How often each answer is taken in ``q`` over the seeds."""
    return Counter(answers(q, strategy(name), Random(seed)) for seed in range(SEEDS))


def test_a_cue_that_marks_no_option_takes_one_as_in_a_single_answer_question() -> None:
    q = question("multiple", "a b", ("a b c", True), "a b c")  # no option above the median
    assert set(taken(q, "longest")) == {frozenset({1}), frozenset({2})}, "one of the tie"
    q = question("multiple", "Point", ("Walk over", True), "Shrug")  # no empathy word
    assert set(taken(q, "empathy")) == {frozenset({i}) for i in range(3)}


# The tie rule, loops and the pass mark --------------------------------------------------


def test_a_tie_is_broken_by_chance_unless_the_order_is_the_written_one() -> None:
    for name in CUES:
        # One tie at the reply and one at the option, each of two: about 1/2 and 1/4.
        tied = outcome(scenario("ties"), strategy(name))
        assert 0.4 < tied.success < 0.6 and 0.15 < tied.passed < 0.35, (name, tied)
        assert outcome(scenario("ties-in-order"), strategy(name)) == Outcome(1, 1), name
    q = question("single", ("a b", True), "a c", "a d e")  # no empathy word: all tie
    counts = taken(q, "empathy")
    assert set(counts) == {frozenset({i}) for i in range(3)}
    assert all(40 < n < 95 for n in counts.values()), counts  # about a third of 200 each


def test_the_written_order_does_not_change_the_figures_of_a_shuffled_tie() -> None:
    data = scenario("ties").model_dump()
    swapped = copy.deepcopy(data)
    swapped["steps"]["ask"]["choices"].reverse()
    swapped["questions"][0]["options"].reverse()
    for name in CUES:
        first = outcome(Scenario.model_validate(data), strategy(name))
        second = outcome(Scenario.model_validate(swapped), strategy(name))
        assert abs(first.passed - second.passed) < 0.1, name


def test_chance_is_drawn_only_for_a_real_tie() -> None:
    rng = Random(0)
    assert guess.break_tie([2], True, rng) == 2
    assert guess.break_tie([1, 2], False, rng) == 1
    play(scenario("longest"), strategy("longest"), rng)  # its cue never ties there
    assert rng.random() == Random(0).random(), "no draw: a strategy without ties is exact"
    assert {guess.break_tie([1, 2], True, Random(seed)) for seed in range(20)} == {1, 2}


def test_a_play_round_a_loop_stops_after_the_bound_and_is_not_a_success() -> None:
    loop = scenario("loop")
    result = play(loop, strategy("longest"), Random(0))
    assert (result.ending, result.decisions, result.passed) == (None, MAX_DECISIONS, False)
    assert outcome(loop, strategy("longest")) == Outcome(0, 0)
    assert outcome(loop, strategy("random")).success == 1.0, "chance leaves the loop"


@pytest.mark.parametrize(
    ("count", "mark", "right"),
    [(3, 0.8, 3), (5, 0.8, 4), (3, 0.5, 2), (2, 0.5, 1), (3, 0.0, 0), (4, 1.0, 4), (0, 0.8, 0)],
)
def test_the_pass_mark_asks_as_many_right_answers_as_the_site(
    count: int, mark: float, right: int
) -> None:
    assert needed(count, mark) == right


def test_the_scenario_s_pass_mark_wins_over_the_site_s() -> None:
    longest = strategy("longest")
    half = scenario("half-right")  # a success ending and one question of two right
    assert outcome(half, longest) == Outcome(1, 0)
    assert outcome(half, longest, site_mark=0.5) == Outcome(1, 1)
    assert outcome(scenario("own-mark"), longest, site_mark=1.0) == Outcome(1, 1)


def test_without_questions_the_ending_alone_passes() -> None:
    assert outcome(scenario("no-check"), strategy("longest")) == Outcome(1, 1)
    # coin's two replies tie on every cue: each cue plays as chance does, over the same seeds.
    coin = outcome(scenario("coin"), strategy("longest"))
    assert coin == outcome(scenario("coin"), strategy("random"))
    assert coin.passed == coin.success


@pytest.mark.parametrize(
    ("plugins", "mark"),
    [
        ("  - role-play:\n      pass_mark: 0.5\n", 0.5),
        ("  role-play:\n    pass_mark: 1\n", 1.0),
        ("  - role-play\n", 0.8),
        ("  - role-play:\n      pass_mark: high\n", 0.8),
        ("  - role-play:\n      pass_mark: 1.5\n", 0.8),
        ("  - search\n", 0.8),
    ],
)
def test_the_site_s_pass_mark_comes_from_mkdocs_yml(
    tmp_path: Path, plugins: str, mark: float
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nplugins:\n{plugins}", "utf-8")
    assert site_pass_mark(config) == mark
    assert site_pass_mark(tmp_path / "missing.yml") == 0.8


# The report -----------------------------------------------------------------------------


def test_the_report_of_the_fixtures_is_the_golden_file() -> None:
    lines = guess_report(FIXTURES).lines()
    assert lines == GOLDEN.read_text("utf-8").splitlines()
    assert all(len(line) <= 100 for line in lines)


def test_the_report_of_the_shipped_scenarios_fits_100_columns() -> None:
    lines = guess_report(scenario_files(ROOT / "scenarios")).lines()
    assert len(lines) > 21
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)


def report(passed: list[float], name: str = "longest", plays: int = 1) -> GuessReport:
    """A report of one strategy with one scenario per share passed."""
    only = Strategy(name, "about it", strategy("longest").reply, strategy("longest").many, plays)
    rows = tuple(Row(f"s{i}", (Outcome(1.0, share),)) for i, share in enumerate(passed))
    return GuessReport(rows, (), (only,))


def test_a_strategy_is_warned_about_above_a_tenth_of_the_scenarios() -> None:
    assert report([1] + [0] * 9).warnings() == []
    assert report([1, 1] + [0] * 9).warnings() == [
        "warning: longest passes 18.2% of the scenarios (2 of 11), more than 10%: too easy to guess"
    ]
    assert report([0.5, 0.5] + [0] * 8, "random", 200).warnings() == []
    assert report([0.5, 0.55] + [0] * 8, "random", 200).warnings() == [
        "warning: random passes 10.5% of the scenarios (200 plays), more than 10%: "
        "too easy to guess"
    ]


def test_a_name_too_long_for_the_table_has_a_line_of_its_own() -> None:
    only = report([1.0]).strategies
    room = 100 - 13  # one strategy's two figures take 13 columns
    fits, too_long = "a" * room, "b" * (room + 1)
    table = GuessReport((Row(fits, (Outcome(1, 1),)),), (), only)._table()
    assert table[2] == fits + "    100   100"
    rows = (Row("short", (Outcome(1, 1),)), Row(too_long, (Outcome(0, 0),)))
    table = GuessReport(rows, (), only)._table()
    assert table[2] == "short" + " " * (room - 5) + "    100   100"
    assert table[3:5] == [too_long, " " * room + "      0     0"]


# The command ----------------------------------------------------------------------------


def figures(output: str, name: str) -> list[str]:
    """The words after ``name`` on the last report line that starts with it (a table row
    for a scenario, a summary line for a strategy)."""
    found = [line.split() for line in output.splitlines() if line.split()[:1] == [name]]
    return found[-1][1:]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the site's mkdocs.yml sets no pass mark: 0.8


def test_the_command_prints_the_report_and_exits_0_or_1_with_strict(at_root: None) -> None:
    result = CliRunner().invoke(cli, ["lint", "--guess", str(GUESS)])
    assert result.exit_code == 0, result.output
    assert result.output == GOLDEN.read_text("utf-8")
    assert CliRunner().invoke(cli, ["lint", "--guess", "--strict", str(GUESS)]).exit_code == 1


def test_without_a_warning_strict_exits_0(at_root: None) -> None:
    result = CliRunner().invoke(cli, ["lint", "--guess", "--strict", str(GUESS / "hard.yml")])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert figures(result.output, "longest")[-3:] == ["0.0%", "(200", "plays)"]


def test_the_command_takes_the_site_s_pass_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - role-play:\n      pass_mark: 0.5\n")
    shutil.copy(GUESS / "half-right.yml", tmp_path / "half-right.yml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lint", "--guess", "half-right.yml"])
    assert figures(result.output, "half-right")[:2] == ["100.0", "100.0"]  # 0 at 80%


def test_files_that_cannot_be_played_are_listed_first_and_fail_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(DATA / "broken" / "dangling-next.yml", folder / "broken.yml")
    shutil.copy(GUESS / "hard.yml", folder / "hard.yml")
    (tmp_path / "notes.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lint", "--guess", "--strict", "notes.txt"])
    assert result.output.splitlines() == [
        'notes.txt:1:1: warning: not linted: scenario files end in ".yml"',
        "No scenario could be played.",
    ]
    assert result.exit_code == 1
    result = CliRunner().invoke(cli, ["lint", "--guess", "--strict"])
    lines = result.output.splitlines()
    assert lines[0] == (
        "scenarios/broken.yml:1:1: warning: not linted: check finds errors in this file; "
        "fix what python -m generator check scenarios/broken.yml reports"
    )
    assert lines[1] == (
        "Guessing: naive strategies played through 1 scenario; 1 not linted (fix what "
        "check reports first)."
    )
    assert any(line.startswith("hard ") for line in lines)
    assert result.exit_code == 1
    assert CliRunner().invoke(cli, ["lint", "--guess", "scenarios"]).exit_code == 0


def test_a_folder_that_cannot_be_read_is_listed_first() -> None:
    folder = Problem("gone", 1, 1, "cannot read the folder: it does not exist")
    found = guess_report([GUESS / "hard.yml"], [folder])
    assert found.not_played == (not_linted("gone", "cannot read the folder: it does not exist"),)
    assert (
        found.lines()[0]
        == "gone:1:1: warning: not linted: cannot read the folder: it does not exist"
    )
    assert found.warned


def test_a_bug_while_playing_is_a_line_not_a_traceback(
    at_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> Outcome:
        raise KeyError("oops")

    monkeypatch.setattr(guess, "outcome", broken)
    result = CliRunner().invoke(cli, ["lint", "--guess", str(GUESS / "hard.yml")])
    assert "Traceback" not in result.output
    assert result.output.splitlines()[0].endswith(
        "hard.yml:1:1: warning: not linted: internal error while playing this file "
        "(KeyError: 'oops'); please report it with the file attached"
    )


def test_no_files_no_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scenarios").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lint", "--guess", "--strict"])
    assert (result.exit_code, result.output) == (0, "No scenario files found (they end in .yml).\n")


def test_the_help_names_the_option() -> None:
    result = CliRunner().invoke(cli, ["lint", "--help"])
    assert any(line.split()[:1] == ["--guess"] for line in result.output.splitlines())
    assert "more than 10%" in " ".join(result.output.split())


# Question banks --------------------------------------------------------------------------


def with_a_bank() -> Scenario:
    """question.yml with its first question made a bank: that question, and a variant
    whose right answer asks nothing (the question strategy gets it wrong)."""
    raw = (GUESS / "question.yml").read_text("utf-8")
    first = raw[
        raw.index("  - prompt: What do you do first?") : raw.index("  - prompt: Which help?")
    ]
    other = (
        "  - prompt: A patron wants a mystery. What do you say?\n    type: single\n"
        "    options:\n      - text: Here are two new ones.\n        correct: true\n"
        "      - text: Do you want one?\n        correct: false\n"
    )
    variants = "".join(f"    {line}\n" for line in (first + other).splitlines())
    bank = "  - variants:\n" + variants
    return load_scenario_bytes(raw.replace(first, bank).encode(), "x.yml", "x").scenario


def test_each_play_answers_one_variant_of_a_bank_drawn_by_chance() -> None:
    s = with_a_bank()
    asker = strategy("question")
    plays = [play(s, asker, Random(seed)) for seed in range(SEEDS)]
    assert {p.ending for p in plays} == {"success"}
    rights = Counter(p.right for p in plays)
    assert set(rights) == {1, 2}, "one variant is right, the other wrong"
    assert 0.35 < rights[2] / SEEDS < 0.65
    assert outcome(s, asker) == Outcome(1.0, rights[2] / SEEDS)


def test_a_bank_is_drawn_from_evenly_and_a_plain_question_uses_no_chance() -> None:
    variants = [question("single", ("a", True), "b"), question("single", "c", ("d", True))]
    drawn = Counter(id(guess.draw(variants, Random(seed))) for seed in range(400))
    assert set(drawn) == {id(v) for v in variants}
    assert all(150 < n < 250 for n in drawn.values())
    rng = Random(3)
    state = rng.getstate()
    assert guess.draw(variants[:1], rng) is variants[0]
    assert rng.getstate() == state
