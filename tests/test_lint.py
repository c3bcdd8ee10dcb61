"""lint: design warnings, one small fixture per rule, the command, and reading.grade."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import lint, lint_rules
from generator.cli import cli
from generator.errors import Problem
from generator.language import joke_phrase, reads_as_narration, shared_phrase
from generator.lint import lint_bytes, lint_file, load_subject, run_lint
from generator.lint_rules import (
    RULES,
    SITE_RULES,
    Finding,
    LintRule,
    SiteRule,
    Subject,
    is_idea_page,
)
from generator.load import display_path, scenario_files
from generator.reading import grade, plain, sentences, syllables, words

from .helpers import DATA, MINIMAL, REFERENCE, ROOT

LINT = DATA / "lint"
FIXTURES = sorted(LINT.glob("*.yml"))
CLEAN = LINT / "clean.yml"
BROKEN = DATA / "broken" / "dangling-next.yml"

# The rule codes trainers may search for and tools may filter on: they must not change.
CODES = [
    "best-is-longest",
    "best-much-longer-than-poor",
    "no-consequence",
    "no-principle-linked",
    "hard-to-read",
    "narration-in-patron-line",
    "summary-gives-goal-away",
    "no-notes",
    "no-discussion",
    "no-live-minutes",
    "correct-is-longest",
    "too-few-wrong-options",
    "joke-distractor",
    "wrong-option-without-feedback",
    "bank-variants-alike",
]
SITE_CODES = ["correct-often-longest", "cue-predicts-best-reply"]


def subject_of(path: Path) -> Subject:
    return load_subject(path.read_bytes(), str(path), path.stem)


def located(problems: list[Problem]) -> list[str]:
    """The report lines without the path: ``line:col: warning: message``."""
    return [str(p).removeprefix(f"{p.path}:") for p in problems]


# The fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_gives_exactly_its_expected_warnings(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text("utf-8").splitlines()
    assert located(lint_file(path)) == expected


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_linting_a_loaded_file_gives_the_same_warnings(path: Path) -> None:
    """What serve does: the file it has just loaded is linted without loading it again."""
    from generator.lint import lint_bytes, lint_loaded
    from generator.load import load_scenario_bytes

    raw = path.read_bytes()
    shown = f"scenarios/{path.name}"
    loaded = load_scenario_bytes(raw, shown, path.stem)
    warnings = lint_bytes(raw, shown, path.stem)
    assert warnings or path.stem == "clean"
    assert lint_loaded(raw, loaded) == warnings


def test_rule_codes_are_the_rule_names_and_stay_the_same() -> None:
    assert [rule.code for rule in RULES] == CODES
    assert [rule.code for rule in SITE_RULES] == SITE_CODES
    for rule in (*RULES, *SITE_RULES):
        assert rule.find.__name__ == rule.code.replace("-", "_")
        assert getattr(lint_rules, rule.find.__name__) is rule
        summary = rule.find.__doc__.split("\n\n")[0]
        assert rule.checks and rule.checks == " ".join(summary.split())


def test_every_rule_has_a_fixture_named_by_its_code_and_every_fixture_an_expectation() -> None:
    names = {p.stem for p in FIXTURES}
    assert names == {*CODES, *SITE_CODES, "clean"}
    assert {p.stem for p in LINT.glob("*.expected")} == names


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_each_rule_fires_on_its_fixture_alone(rule: LintRule) -> None:
    own = subject_of(LINT / f"{rule.code}.yml")
    found = rule(own)
    assert len(found) == 1
    assert (found[0].severity, found[0].rule) == ("warning", rule.code)
    assert not found[0].message.startswith("warning")
    for other in RULES:
        if other is not rule:
            assert other(own) == [], other.code
    assert rule(subject_of(CLEAN)) == []
    for site in SITE_RULES:
        assert site([own]) == [], site.code


@pytest.mark.parametrize("rule", SITE_RULES, ids=[r.code for r in SITE_RULES])
def test_each_site_rule_fires_on_its_fixture_alone(rule: SiteRule) -> None:
    own = subject_of(LINT / f"{rule.code}.yml")
    found = rule([own])
    assert len(found) == 1
    assert (found[0].severity, found[0].rule) == ("warning", rule.code)
    for other in RULES:
        assert other(own) == [], other.code
    for other in SITE_RULES:
        if other is not rule:
            assert other([own]) == [], other.code
    assert rule([subject_of(CLEAN)]) == []


def test_the_clean_fixture_gives_no_warning() -> None:
    assert lint_file(CLEAN) == []


def test_every_fixture_passes_check() -> None:
    result = CliRunner().invoke(cli, ["check", str(LINT)])
    assert result.exit_code == 0, result.output


def test_every_warning_says_why_it_matters() -> None:
    for path in FIXTURES:
        for problem in lint_file(path):
            assert (problem.severity, problem.rule) == ("warning", path.stem)
            assert str(problem).startswith(f"{problem.location}: warning: ")
            assert " so " in problem.message, problem.message


# Rules on the edges ---------------------------------------------------------------------


def one_decision(*replies: tuple[str, str]) -> Subject:
    """The clean fixture with its decision's replies replaced: (quality, text) each."""
    head, rest = CLEAN.read_text().split("    choices:\n")
    tail = rest[rest.index("  done:") :]
    choices = "".join(
        f"      - text: {text}\n        quality: {quality}\n"
        f"        feedback: See [yes](../yes-first.md).\n"
        f"        next: {'gone' if i else 'done'}\n"
        for i, (quality, text) in enumerate(replies)
    )
    return load_subject(f"{head}    choices:\n{choices}{tail}".encode(), "x.yml", "x")


def test_best_longest_needs_a_best_strictly_longer_than_every_other_reply() -> None:
    assert lint_rules.best_is_longest(one_decision(("best", "a b c d"), ("poor", "a b c")))
    assert lint_rules.best_is_longest(
        one_decision(("best", "a b c d"), ("best", "a b c d"), ("poor", "a b c"))
    ), "two best replies may tie with each other"
    assert not lint_rules.best_is_longest(one_decision(("best", "a b c"), ("poor", "a b c")))
    assert not lint_rules.best_is_longest(
        one_decision(("best", "a b c d"), ("good", "a b c d e"), ("poor", "a"))
    )
    # Nothing to compare with: a decision of best replies only does not count.
    assert not lint_rules.best_is_longest(one_decision(("best", "a b c d"), ("best", "a")))


def test_best_much_longer_compares_best_with_poor_only() -> None:
    long_good = one_decision(("best", "a b c"), ("good", "a b c d e f g h"), ("poor", "a b"))
    assert lint_rules.best_much_longer_than_poor(long_good) == []
    assert lint_rules.best_much_longer_than_poor(one_decision(("best", "a b c d"), ("poor", "a b")))
    # Exactly one and a half times as long is not more.
    assert not lint_rules.best_much_longer_than_poor(
        one_decision(("best", "a b c"), ("poor", "a b"))
    )


def with_questions(*questions: tuple[str, list[tuple[str, bool]]]) -> Subject:
    """The clean fixture with its questions replaced: (type, [(text, right), ...]) each."""
    head = CLEAN.read_text().split("questions:\n")[0]
    body = "".join(
        f"  - prompt: Which?\n    type: {kind}\n    options:\n"
        + "".join(
            f"      - text: {text}\n        correct: {str(right).lower()}\n"
            + ("" if right else "        feedback: Not this one.\n")
            for text, right in options
        )
        for kind, options in questions
    )
    return load_subject(f"{head}questions:\n{body}".encode(), "x.yml", "x")


def with_bank(
    *variants: tuple[str, str, list[tuple[str, bool]]], objective: str | None = None
) -> Subject:
    """The clean fixture with its questions replaced by one bank: (prompt, type,
    [(text, right), ...]) for each variant."""
    head = CLEAN.read_text().split("questions:\n")[0]
    body = "".join(
        f"      - prompt: {prompt}\n        type: {kind}\n        options:\n"
        + "".join(
            f"          - text: {text}\n            correct: {str(right).lower()}\n"
            + ("" if right else "            feedback: Not this one.\n")
            for text, right in options
        )
        for prompt, kind, options in variants
    )
    bank = f"  - objective: {objective}\n    variants:\n" if objective else "  - variants:\n"
    return load_subject(f"{head}questions:\n{bank}{body}".encode(), "x.yml", "x")


BANK_LINT = DATA / "lint-banks"


@pytest.mark.parametrize("path", sorted(BANK_LINT.glob("*.yml")), ids=lambda p: p.stem)
def test_question_rules_point_into_banks(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text("utf-8").splitlines()
    assert located(lint_file(path)) == expected
    assert {p.rule for p in lint_file(path)} == {
        "correct-is-longest",
        "joke-distractor",
        "wrong-option-without-feedback",
        "too-few-wrong-options",
    }


def test_bank_variants_alike_compares_words_not_case_or_marks() -> None:
    rule = lint_rules.bank_variants_alike
    options = [("Yes", True), ("No", False)]
    same = with_bank(
        ("Where do you start?", "single", options), ("where do *you* START", "single", options)
    )
    [found] = rule(same)
    assert found.message.startswith(
        "questions[1].variants[2].prompt: it is the same question as variants[1]"
    )
    assert not rule(
        with_bank(
            ("Where do you start?", "single", options), ("Where do you end?", "single", options)
        )
    )
    # Only variants of one bank are compared: two plain questions may repeat a prompt.
    assert not rule(with_questions(("single", options), ("single", options)))
    three = with_bank(*[("Same words", "single", options)] * 3)
    assert [p.message.split(":")[0] for p in rule(three)] == [
        "questions[1].variants[2].prompt",
        "questions[1].variants[3].prompt",
    ]


def test_every_variant_of_a_bank_counts_as_a_question_across_the_site() -> None:
    rule = lint_rules.correct_often_longest
    longer = [("a b c", True), ("a b", False)]
    shorter = [("a", True), ("a b", False)]
    variants = [(f"Which {n}?", "single", longer if n % 2 else shorter) for n in range(10)]
    [found] = rule([with_bank(*variants)])
    assert "in 5 of 10 single-answer questions (50%)" in found.message
    assert found.message.startswith("questions[1].variants[2].options[1].text: ")
    assert not rule([with_bank(*variants[:9])]), "fewer than ten questions"


def test_hard_to_read_reads_every_variant_and_a_banks_objective() -> None:
    hard = " and ".join(
        ["institutional accountability necessitates interdepartmental collaboration"] * 6
    )
    options = [("Yes", True), ("No", False)]
    subject = with_bank(("Where do you start?", "single", options), (hard, "single", options))
    [found] = lint_rules.hard_to_read(subject)
    assert found.message.startswith("questions[1].variants[2].prompt: ")
    texts = dict(lint_rules.staff_texts(subject.scenario))
    assert texts[("questions", 0, "variants", 1, "prompt")] == hard
    with_objective = with_bank(*[("Where?", "single", options)] * 2, objective=hard)
    [found] = lint_rules.hard_to_read(with_objective)
    assert found.message.startswith("questions[1].objective: ")


def test_correct_is_longest_needs_a_quarter_more_words_than_every_wrong_option() -> None:
    rule = lint_rules.correct_is_longest
    assert rule(with_questions(("single", [("a b c d e", True), ("a b c d", False)])))
    assert not rule(with_questions(("single", [("a b c d e f", True), ("a b c d e", False)])))
    assert not rule(
        with_questions(("single", [("a b c d e", True), ("a b", False), ("a b c d e", False)]))
    )
    # Multiple answers: every right option must stand out, the shortest one too.
    assert rule(
        with_questions(("multiple", [("a b c d e", True), ("a b c d e f", True), ("a b", False)]))
    )
    assert not rule(
        with_questions(("multiple", [("a b c d e", True), ("a b", True), ("a b", False)]))
    )


def test_too_few_wrong_options_counts_only_multiple_answer_questions() -> None:
    rule = lint_rules.too_few_wrong_options
    one_wrong = [("a", True), ("b", True), ("c", False)]
    assert rule(with_questions(("multiple", one_wrong)))
    assert rule(with_questions(("multiple", [("a", True), ("b", True)])))
    assert (
        "every option is right" in rule(with_questions(("multiple", [("a", True)] * 2)))[0].message
    )
    assert not rule(with_questions(("multiple", [*one_wrong, ("d", False)])))
    assert not rule(with_questions(("single", [("a", True), ("b", False)])))


def test_joke_phrases_are_whole_words_in_wrong_options_only() -> None:
    assert joke_phrase("Just IGNORE it.") == "just ignore"
    assert joke_phrase("Say it louder!") == "louder"
    assert joke_phrase("Hope nobody notices") == "hope nobody"
    assert joke_phrase("Not my jobseeker, louderly") is None, "whole words only"
    assert joke_phrase("I hope she gets it") is None
    rule = lint_rules.joke_distractor
    assert rule(with_questions(("single", [("Ask", True), ("Just ignore it", False)])))
    assert not rule(with_questions(("single", [("Just ignore it", True), ("Ask", False)])))


def _sites(name: str, tmp_path: Path, split: str) -> list[Path]:
    """The fixture ``name`` split in two files at ``split`` (each half still valid)."""
    text = (LINT / f"{name}.yml").read_text()
    first, second = tmp_path / "one.yml", tmp_path / "two.yml"
    cut = text.index(split)
    first.write_text(text[:cut])
    second.write_text(text[: text.index("questions:")] + "questions:\n" + text[cut:])
    return [first, second]


def test_correct_often_longest_counts_across_files_and_stands_at_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _sites("correct-often-longest", tmp_path, "  - prompt: Where does answer 6 start?")
    for path in files:  # five questions each: too few to judge alone
        assert [p for p in lint_file(path) if p.rule == "correct-often-longest"] == []
    monkeypatch.chdir(ROOT)
    _, found = run_lint(files)
    # The first half ends before the fixture's last line, live_minutes: only that is missing.
    problems = [p for p in found if p.rule != "no-live-minutes"]
    assert [(p.path, p.line, p.rule) for p in problems] == [
        (str(files[0]), 40, "correct-often-longest")
    ]
    assert "in 5 of 10 single-answer questions (50%) across the 2 files linted" in (
        problems[0].message
    )


def test_correct_often_longest_needs_more_than_two_fifths() -> None:
    rule = lint_rules.correct_often_longest
    longer = ("single", [("a b c", True), ("a b", False)])
    shorter = ("single", [("a", True), ("a b", False)])
    assert not rule([with_questions(*[longer] * 4, *[shorter] * 6)]), "40% is not more"
    assert rule([with_questions(*[longer] * 5, *[shorter] * 5)])
    assert not rule([with_questions(*[longer] * 9)]), "fewer than ten questions"


def test_cue_rule_counts_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (LINT / "cue-predicts-best-reply.yml").read_text()
    cut = text.index("  ask6:")
    end = text.index("  done:")
    first, second = tmp_path / "one.yml", tmp_path / "two.yml"
    first.write_text(text[:cut].replace("next: ask6", "next: done") + text[end:])
    second.write_text(
        text.replace("start: ask1", "start: ask6").replace(text[text.index("  ask1:") : cut], "")
    )
    for path in (first, second):  # five best replies each: too few to judge alone
        assert [p for p in lint_file(path) if p.rule == "cue-predicts-best-reply"] == []
    monkeypatch.chdir(ROOT)
    _, problems = run_lint([first, second])
    assert [(p.path, p.line, p.rule) for p in problems] == [
        (str(first), 19, "cue-predicts-best-reply")
    ]
    assert (
        "100% of best replies ask a question (10 of 10), against 0% of the others (0 of 10) "
        "across the 2 files linted" in problems[0].message
    )


def test_a_cue_is_clear_with_15_points_and_half_as_much_again() -> None:
    from generator.lint_rules import CUES, CueCount

    def clear(best: int, other: int, best_total: int = 100) -> bool:
        return CueCount(CUES[0], best, best_total, other, 100, None).clear

    assert clear(45, 30)
    assert not clear(42, 28), "1.5 times, but 14 points"
    assert clear(30, 15)
    assert clear(60, 40)
    assert not clear(60, 41), "19 points, but not 1.5 times"
    assert not clear(9, 0, best_total=9), "fewer than ten best replies"


def test_narration_is_told_from_speech() -> None:
    assert reads_as_narration("Mark sighs and looks at the floor.", "Mark")
    assert reads_as_narration("Grace stares at the kiosk.", "Grace")
    assert reads_as_narration("Ana: Ana walks off", "Ana")
    assert reads_as_narration("*Helen slowly packs up.*", "Helen")
    assert reads_as_narration("Mr. Chen puts the tablet away.", "Mr. Chen")
    assert reads_as_narration("Chen smiled.", "Mr. Chen")
    assert not reads_as_narration("Mark here, I called yesterday", "Mark")
    assert not reads_as_narration("Mark from accounts. I called yesterday.", "Mark")
    assert not reads_as_narration("I sighed. Can you help?", "Mark")
    assert not reads_as_narration("Mark Jones speaking.", "Mark")
    assert not reads_as_narration("Markus sighs.", "Mark")
    assert not reads_as_narration('"Mark sighs," she says.', "Mark")
    assert not reads_as_narration("Ana: Can you help?", "Ana")


def test_summary_and_goal_share_a_phrase_only_when_it_is_distinctive() -> None:
    phrase = shared_phrase(
        "Omar needs papers for a hearing tomorrow.", "Printed papers for a hearing tomorrow."
    )
    assert phrase == "papers for a hearing tomorrow"
    assert (
        shared_phrase("Omar comes to the library.", "Omar wants the library to help.", "Omar")
        is None
    )
    assert (
        shared_phrase("Omar comes to the library desk.", "Omar wants the library desk.", "Omar")
        is None
    )
    assert shared_phrase("Mark Lee is at the desk.", "Mark Lee wants help.", "Mark Lee") is None
    assert shared_phrase("She has an exam tomorrow.", "To pass her exams tomorrow.") == (
        "exam tomorrow"
    )
    # Punctuation ends a phrase: "exam, tomorrow" is not "exam tomorrow".
    assert shared_phrase("An exam, tomorrow maybe.", "Her exam tomorrow.") is None


def test_only_feedback_links_to_hand_written_pages_name_a_principle() -> None:
    assert is_idea_page("../yes-first.md", "x")
    assert is_idea_page("../beyond-satisfaction.md#why", "x")
    assert is_idea_page("../sheets/weekly-review.md", "x")
    assert not is_idea_page("other-scenario.md", "x")
    assert not is_idea_page("../../outside.md", "x")
    assert not is_idea_page("https://example.org/yes-first.md", "x")


@pytest.mark.parametrize(
    "href",
    [
        "../certificate.md",
        "../progress.md",
        "../plan-a-session.md",
        "../topics/yes-first.md",
        "another-scenario.md",
        "x/facilitator.md",
        "another-scenario/facilitator.md#debrief",
    ],
)
def test_a_link_to_a_generated_page_is_not_an_idea_page(href: str) -> None:
    assert not is_idea_page(href, "x")


def test_feedback_linking_only_the_certificate_names_no_principle() -> None:
    text = CLEAN.read_text("utf-8").replace("../yes-first.md", "../certificate.md")
    subject = load_subject(text.encode(), "x.yml", "x")
    assert [p.rule for p in lint_rules.no_principle_linked(subject)] == ["no-principle-linked"]


# lint_bytes, lint_file, run_lint --------------------------------------------------------


@pytest.mark.parametrize(
    "raw", [b"", b"\xff\xfe", b"title: [\n", b"- a list\n", BROKEN.read_bytes()]
)
def test_a_file_with_errors_gives_one_not_linted_line(raw: bytes) -> None:
    found = lint_bytes(raw, "x.yml", "x")
    assert len(found) == 1
    assert (found[0].line, found[0].col) == (1, 1)
    assert found[0].message.startswith("not linted: ")
    assert (found[0].severity, found[0].rule) == ("warning", "not-linted")
    assert lint.is_not_linted(found[0])


def test_a_bug_in_a_rule_is_a_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(subject: Subject) -> list[Finding]:
        raise ValueError("boom")

    monkeypatch.setattr(lint_rules, "RULES", (LintRule("broken", "", broken),))
    [line] = lint_file(CLEAN)
    assert "internal error while linting this file (ValueError: boom)" in line.message
    assert (line.severity, line.rule) == ("warning", "internal-error")
    assert lint.is_not_linted(line)


def test_a_bug_in_a_site_rule_is_one_line_and_the_files_are_still_linted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(subjects: object) -> list[tuple[Subject, Finding]]:
        raise ValueError("boom")

    monkeypatch.setattr(lint_rules, "SITE_RULES", (SiteRule("broken", "", broken),))
    monkeypatch.chdir(ROOT)
    _, problems = run_lint([CLEAN, LINT / "no-notes.yml"])
    assert [(p.path, p.rule) for p in problems] == [
        (display_path(CLEAN), "internal-error"),
        (display_path(LINT / "no-notes.yml"), "no-notes"),
    ]
    assert "while comparing the files linted together (ValueError: boom)" in problems[0].message


def test_run_lint_counts_files_and_keeps_file_order() -> None:
    count, problems = run_lint([LINT / "no-notes.yml", CLEAN, LINT / "no-discussion.yml"])
    assert count == 3
    assert [Path(p.path).stem for p in problems] == ["no-notes", "no-discussion"]


def test_reference_example_and_minimal_are_linted() -> None:
    for path in (REFERENCE, MINIMAL):
        assert all(not lint.is_not_linted(p) for p in lint_file(path))


def test_shipped_scenarios_lint_without_crashing() -> None:
    files = scenario_files(ROOT / "scenarios")
    count, problems = run_lint(files)
    assert count == len(files) >= 12
    assert not [p for p in problems if lint.is_not_linted(p)]
    kinds: Counter[str] = Counter()
    for path in files:
        subject = subject_of(path)
        for rule in RULES:
            kinds[rule.code] += len(rule(subject))
    for site in SITE_RULES:
        kinds[site.code] += len(site([subject_of(path) for path in files]))
    assert kinds == Counter(p.rule for p in problems) + Counter({c: 0 for c in CODES})
    print("\nlint warnings on the shipped scenarios:", dict(kinds))


# The command ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "scenarios").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def expected_lines(name: str, shown: str) -> list[str]:
    lines = (LINT / f"{name}.expected").read_text("utf-8").splitlines()
    return [f"{shown}:{line}" for line in lines]


def test_lint_defaults_to_scenarios_and_exits_0_with_warnings(project: Path) -> None:
    for name in ("no-notes", "clean", "no-consequence"):
        shutil.copy(LINT / f"{name}.yml", project / "scenarios" / f"{name}.yml")
    result = CliRunner().invoke(cli, ["lint"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        *expected_lines("no-consequence", "scenarios/no-consequence.yml"),
        *expected_lines("no-notes", "scenarios/no-notes.yml"),
        "Linted 3 files: 2 warnings in 2 of them.",
    ]


def test_strict_exits_1_with_warnings_and_0_without(project: Path) -> None:
    shutil.copy(LINT / "no-notes.yml", project / "a.yml")
    shutil.copy(CLEAN, project / "b.yml")
    result = CliRunner().invoke(cli, ["lint", "--strict", "a.yml"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Linted 1 file: 1 warning in 1 of them."
    result = CliRunner().invoke(cli, ["lint", "--strict", "b.yml"])
    assert result.exit_code == 0
    assert result.output == "Linted 1 file: no warnings.\n"


def test_a_file_with_errors_is_reported_as_not_linted(project: Path) -> None:
    shutil.copy(BROKEN, project / "scenarios" / "broken.yml")
    shutil.copy(LINT / "no-notes.yml", project / "scenarios" / "no-notes.yml")
    result = CliRunner().invoke(cli, ["lint"])
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [
        "scenarios/broken.yml:1:1: warning: not linted: check finds errors in this file; "
        "fix what python -m generator check scenarios/broken.yml reports",
        *expected_lines("no-notes", "scenarios/no-notes.yml"),
        "Linted 2 files: 1 warning in 1 of them; 1 not linted (fix what check reports first).",
    ]
    assert CliRunner().invoke(cli, ["lint", "--strict"]).exit_code == 1


def test_lint_accepts_files_and_folders(project: Path) -> None:
    folder = project / "more"
    folder.mkdir()
    shutil.copy(LINT / "no-discussion.yml", folder / "one.yml")
    shutil.copy(CLEAN, folder / "two.yml")
    shutil.copy(CLEAN, project / "three.yml")
    result = CliRunner().invoke(cli, ["lint", "three.yml", "more"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        *expected_lines("no-discussion", "more/one.yml"),
        "Linted 3 files: 1 warning in 1 of them.",
    ]


def test_a_file_not_ending_in_yml_is_not_linted(project: Path) -> None:
    shutil.copy(CLEAN, project / "clean.yaml")
    result = CliRunner().invoke(cli, ["lint", "clean.yaml"])
    assert result.output.splitlines() == [
        'clean.yaml:1:1: warning: not linted: scenario files end in ".yml"',
        "Linted 1 file: no warnings; 1 not linted (fix what check reports first).",
    ]


def test_no_files_says_so(project: Path) -> None:
    result = CliRunner().invoke(cli, ["lint"])
    assert result.exit_code == 0
    assert result.output == "No scenario files found (they end in .yml).\n"


def test_a_missing_scenarios_folder_is_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lint"])
    assert result.output.splitlines() == [
        "scenarios:1:1: warning: not linted: cannot read the folder: it does not exist",
        "Linted 0 files: no warnings; 1 not linted (fix what check reports first).",
    ]


def test_a_missing_file_is_a_line_as_in_check(project: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", "missing.yml"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "missing.yml:1:1: warning: not linted: cannot read the file: it does not exist"
    )


def test_a_file_with_a_broken_link_to_a_site_page_is_not_linted(project: Path) -> None:
    """check refuses it (as the strict build would), so lint leaves it alone too."""
    (project / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n")
    (project / "content").mkdir()
    (project / "content" / "yes-first.md").write_text("# Yes-first\n")
    shutil.copy(LINT / "no-notes.yml", project / "scenarios" / "fine.yml")
    broken = (LINT / "no-notes.yml").read_text().replace("../yes-first.md", "../yes-frist.md")
    (project / "scenarios" / "typo.yml").write_text(broken)
    result = CliRunner().invoke(cli, ["lint"])
    assert result.output.splitlines() == [
        *expected_lines("no-notes", "scenarios/fine.yml"),
        "scenarios/typo.yml:1:1: warning: not linted: check finds errors in this file; "
        "fix what python -m generator check scenarios/typo.yml reports",
        "Linted 2 files: 1 warning in 1 of them; 1 not linted (fix what check reports first).",
    ]
    # lint_bytes, for one file under serve, leaves links to the build.
    assert located(lint_bytes(broken.encode(), "typo.yml", "typo")) == located(
        lint_file(LINT / "no-notes.yml")
    )


@pytest.mark.parametrize("args", [["lint", "--strikt"], ["lint", "--strict=yes"]])
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_help_names_the_options(project: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", "-h"])
    assert result.exit_code == 0
    assert "--strict" in result.output and "warning" in result.output


# reading.grade --------------------------------------------------------------------------


def test_very_simple_sentences_score_below_grade_three() -> None:
    assert grade("The cat sat on the mat. The dog ran. I like it. We go home now.") < 3


def test_a_dense_academic_sentence_scores_above_grade_twelve() -> None:
    text = (
        "The institutional implementation of comprehensive organizational accountability "
        "mechanisms necessitates considerable interdepartmental collaboration and sustained "
        "administrative commitment."
    )
    assert grade(text) > 12


def test_plain_service_text_lands_between() -> None:
    text = (
        "Dana needs the book tonight for her son's report. Reference books stay in the "
        "building, so offer to scan the pages she needs. Then she can leave with them."
    )
    assert 3 < grade(text) < 9


def test_longer_sentences_read_harder_with_the_same_words() -> None:
    short = "Ask what she needs. Offer a scan. Show the online copy."
    joined = "Ask what she needs, offer a scan and show the online copy."
    assert grade(joined) > grade(short)


def test_no_words_is_grade_zero() -> None:
    assert grade("") == 0.0
    assert grade("12:30 -- ...") == 0.0


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("make", 1),
        ("asked", 1),
        ("wanted", 2),
        ("table", 2),
        ("people", 2),
        ("library", 3),
        ("librarian", 4),
        ("going", 2),
        ("safely", 2),
        ("something", 2),
        ("isn't", 2),
        ("don't", 1),
        ("acknowledge", 3),
        ("conversation", 4),
        ("interdepartmental", 6),
    ],
)
def test_syllables_of_everyday_words(word: str, count: int) -> None:
    assert syllables(word) == count


def test_sentences_end_at_stops_and_blank_lines_not_at_mr() -> None:
    assert sentences("Mr. Chen came in. He sat down!\n\nPractise one thing\n\nOk") == 4
    assert sentences("No full stop here") == 1


def test_markdown_links_are_read_as_their_words() -> None:
    assert plain("See [yes-first](../yes-first.md) or <https://example.org/x>.") == (
        "See yes-first or  ."
    )
    assert words("[the *idea*](../yes-first.md) page") == ["the", "idea", "page"]
