"""The trainer's command line, through click's CliRunner."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli, run_check
from generator.errors import Problem, ScenarioError
from generator.load import expand_paths, load_scenario
from generator.schema import schema_text

from .helpers import DATA, MINIMAL, REFERENCE, ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "scenarios").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_defaults_to_scenarios_dir_and_passes(project: Path) -> None:
    shutil.copy(MINIMAL, project / "scenarios" / "one.yml")
    shutil.copy(REFERENCE, project / "scenarios" / "two.yml")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output == "Checked 2 files: no errors.\n"


def test_check_reports_every_error_in_every_file_then_a_summary(project: Path) -> None:
    for name in ("several-mistakes", "dangling-next", "tab-indent"):
        shutil.copy(DATA / "broken" / f"{name}.yml", project / "scenarios" / f"{name}.yml")
    shutil.copy(MINIMAL, project / "scenarios" / "fine.yml")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    expected = []
    for name in ("dangling-next", "several-mistakes", "tab-indent"):
        for line in (DATA / "broken" / f"{name}.expected").read_text().splitlines():
            expected.append(f"scenarios/{name}.yml:{line}")
    assert lines[:-1] == expected
    assert lines[-1] == f"Checked 4 files: {len(expected)} errors in 3 of them."


def test_check_accepts_files_and_folders(project: Path) -> None:
    shutil.copy(MINIMAL, project / "a.yml")
    result = CliRunner().invoke(cli, ["check", "a.yml", "scenarios"])
    assert result.exit_code == 0
    assert "Checked 1 file: no errors." in result.output


def test_check_usage_error_exits_2(project: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--colour"])
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_check_reports_a_missing_or_circular_file_at_its_name(project: Path) -> None:
    (project / "loop.yml").symlink_to("loop.yml")
    result = CliRunner().invoke(cli, ["check", "missing.yml", "loop.yml"])
    assert result.exit_code == 1
    assert "missing.yml:1:1: cannot read the file: it does not exist" in result.output
    assert "loop.yml:1:1: cannot read the file: it is a link that leads in a circle" in (
        result.output
    )


def test_schema_output_that_cannot_be_written_is_one_line(project: Path) -> None:
    (project / "file").write_text("x")
    result = CliRunner().invoke(cli, ["schema", "--output", "file/schema.json"])
    assert result.exit_code == 1
    assert result.output == "cannot write file/schema.json: part of the path is not a folder\n"


def test_check_reports_a_scenarios_folder_it_cannot_read(project: Path) -> None:
    (project / "scenarios").rmdir()
    (project / "scenarios").write_text("a file where the folder should be")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "scenarios:1:1: cannot read the folder: it is not a folder",
        "Checked 0 files: 1 error; 1 folder could not be read.",
    ]


def test_check_reports_a_missing_scenarios_folder(project: Path) -> None:
    (project / "scenarios").rmdir()
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "scenarios:1:1: cannot read the folder: it does not exist",
        "Checked 0 files: 1 error; 1 folder could not be read.",
    ]


def test_check_of_an_empty_folder_finds_nothing_and_passes(project: Path) -> None:
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0
    assert result.output == "No scenario files found (they end in .yml).\n"


def test_check_never_shows_a_traceback_on_unexpected_failure(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(MINIMAL, project / "scenarios" / "x.yml")

    def boom(_: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("generator.load.load_scenario", boom)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.output.startswith("scenarios/x.yml:1:1: internal error")
    assert "Traceback" not in result.output
    assert [p.rule for p in run_check([Path("scenarios/x.yml")])[1]] == ["internal-error"]


# What a problem carries: severity and rule code -----------------------------------------

KEBAB = re.compile(r"[a-z]+(-[a-z]+)*")
LOADER_RULES = {
    # a broken fixture -> the rule code of each of its problems, in report order
    "bad-start": ["unknown-step"],
    "dangling-next": ["unknown-step"],
    "bad-quality": ["unknown-value"],
    "blank-text": ["blank-text"],
    "bad-correct": ["wrong-type"],
    "bad-pass-mark": ["invalid-pass-mark", "too-few"],
    "one-choice": ["too-few"],
    "missing-key": ["missing-key"],
    "bad-step-id": ["step-id"],
    "step-without-patron-or-scene": ["step-text"],
    "decision-without-choices": ["step-kind", "debrief-not-ending"],
    "ending-with-choices": ["step-kind"],
    "shuffle-on-an-ending": ["shuffle-on-ending"],
    "loop-without-ending": ["no-ending-reachable", "unreachable-step"],
    "no-success-ending": ["no-success-ending"],
    "single-two-correct": ["correct-options"],
    "multiple-none-correct": ["correct-options"],
    "data-link": ["unsafe-link"],
    "several-mistakes": [
        "unknown-topic",
        "missing-key",
        "unknown-key",
        "unknown-step",
        "unknown-value",
        "wrong-type",
    ],
    "tab-indent": ["scenario-file"],
}


def loader_problems(name: str) -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(DATA / "broken" / f"{name}.yml")
    return caught.value.problems


@pytest.mark.parametrize("name", list(LOADER_RULES))
def test_check_errors_carry_the_rule_code_of_their_kind(name: str) -> None:
    problems = loader_problems(name)
    assert [p.rule for p in problems] == LOADER_RULES[name]
    assert {p.severity for p in problems} == {"error"}


def test_every_check_error_has_a_kebab_case_rule_code() -> None:
    for path in sorted((DATA / "broken").glob("*.yml")):
        for problem in loader_problems(path.stem):
            assert KEBAB.fullmatch(problem.rule), (path.name, problem)


def test_a_problem_prints_its_severity_and_sorts_by_place_then_message() -> None:
    error = Problem("a.yml", 3, 1, "broken")
    warning = Problem("a.yml", 2, 5, "weak", severity="warning", rule="no-notes")
    info = Problem("a.yml", 2, 5, "about", severity="info", rule="absolute-link")
    assert (error.severity, error.rule) == ("error", "scenario-file")
    assert str(error) == "a.yml:3:1: broken"
    assert str(warning) == "a.yml:2:5: warning: weak"
    assert str(info) == "a.yml:2:5: info: about"
    assert info.location == "a.yml:2:5"
    later = Problem("b.yml", 1, 1, "a", severity="info", rule="a")
    same_place = Problem("a.yml", 2, 5, "zz")  # an error, but its message sorts last
    assert sorted([later, error, same_place, warning, info]) == [
        info,
        warning,
        same_place,
        error,
        later,
    ]


def test_new_writes_a_starter_that_passes_check(project: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "noisy-study-room", "--topic", "difficult-patrons"])
    assert result.exit_code == 0, result.output
    written = project / "scenarios" / "noisy-study-room.yml"
    text = written.read_text()
    assert text.startswith("# yaml-language-server: $schema=./scenario.schema.json\n")
    assert "topic: difficult-patrons" in text
    check = CliRunner().invoke(cli, ["check", str(written)])
    assert check.exit_code == 0, check.output


def test_new_refuses_to_overwrite(project: Path) -> None:
    target = project / "scenarios" / "mine.yml"
    target.write_text("precious")
    result = CliRunner().invoke(cli, ["new", "mine", "--topic", "yes-first"])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert target.read_text() == "precious"


def _new(*args: str) -> Result:
    return CliRunner().invoke(cli, ["new", "fines", "--topic", "yes-first", *args])


def test_new_under_a_regular_file_says_so_in_one_line(project: Path) -> None:
    (project / "notes.txt").write_text("not a folder")
    result = _new("--dir", "notes.txt/more")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == (
        "cannot write notes.txt/more/fines.yml: part of the path is not a folder\n"
    )
    assert result.stdout == ""


def test_new_into_a_link_that_leads_nowhere_says_so_in_one_line(project: Path) -> None:
    (project / "gone").symlink_to("nowhere")
    result = _new("--dir", "gone")
    assert result.exit_code == 1
    assert result.stderr == "cannot write gone/fines.yml: part of the path is not a folder\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_new_into_a_read_only_folder_says_so_in_one_line(project: Path) -> None:
    locked = project / "locked"
    locked.mkdir(mode=0o555)
    result = _new("--dir", "locked")
    assert result.exit_code == 1
    assert result.stderr == "cannot write locked/fines.yml: you do not have permission\n"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "you do not have permission"),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ],
)
def test_new_turns_every_os_error_into_one_plain_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    def refuse(*_: object) -> Path:
        raise error

    monkeypatch.setattr("generator.cli.write_starter", refuse)
    result = _new()
    assert result.exit_code == 1
    assert result.stderr == f"cannot write scenarios/fines.yml: {reason}\n"


def test_new_refuses_a_slug_too_long_for_a_file_name(project: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "a" * 300, "--topic", "yes-first"])
    assert result.exit_code == 2
    assert "300 characters" in result.stderr
    assert "Traceback" not in result.output
    assert list((project / "scenarios").iterdir()) == []


@pytest.mark.parametrize(
    "args", [["new", "Bad Name", "--topic", "yes-first"], ["new", "ok", "--topic", "nope"]]
)
def test_new_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    assert CliRunner().invoke(cli, args).exit_code == 2


def test_schema_matches_the_copy_kept_in_the_repo() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    kept = (ROOT / "scenarios" / "scenario.schema.json").read_text()
    assert result.output == kept == schema_text(), (
        "run: python -m generator schema --output scenarios/scenario.schema.json"
    )


def test_schema_validates_the_reference_example() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import json

    from generator.load import load_scenario

    schema = json.loads(schema_text())
    data = load_scenario(REFERENCE).scenario.model_dump(mode="json", exclude_none=True)
    jsonschema.validate(data, schema)
    data["steps"]["request"]["choices"][0]["quality"] = "great"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


@pytest.mark.parametrize("command", [[], ["check"], ["new"], ["schema"]])
def test_help_on_every_command(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_module_and_console_script_are_wired() -> None:
    names = {e.name: e.value for e in entry_points(group="console_scripts")}
    assert names.get("training-scenarios") == "generator.cli:main"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(REFERENCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.endswith("Checked 1 file: no errors.\n")


def test_the_readme_shows_real_output_of_check(project: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("like this:\n\n```text\n", 1)[1].split("```", 1)[0].splitlines()
    for index, source in enumerate(sorted((ROOT / "scenarios").glob("*.yml"))[:11]):
        shutil.copy(source, project / "scenarios" / f"{index:02}-{source.name}")
    shutil.copy(DATA / "readme-example.yml", project / "scenarios" / "my-file.yml")
    result = CliRunner().invoke(cli, ["check"])
    assert result.output.splitlines() == block


def test_check_names_a_file_it_skips_for_its_name_and_the_name_to_give_it(project: Path) -> None:
    shutil.copy(MINIMAL, project / "scenarios" / "one.yml")
    for name in ("two.yaml", "three.yml.txt", "FOUR.YML", "notes.txt"):
        shutil.copy(MINIMAL, project / "scenarios" / name)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        'scenarios/FOUR.YML:1:1: this file is skipped: scenario files end in ".yml" (lower '
        "case); rename it to four.yml",
        'scenarios/three.yml.txt:1:1: this file is skipped: scenario files end in ".yml" '
        "(your editor added .txt); rename it to three.yml",
        'scenarios/two.yaml:1:1: this file is skipped: scenario files end in ".yml", not '
        '".yaml"; rename it to two.yml',
        "Checked 1 file: 3 errors; 3 files not checked (rename them).",
    ]
    assert [p.rule for p in expand_paths((), Path("scenarios"))[1]] == ["file-name"] * 3


def test_new_prints_a_check_command_that_works_as_printed(project: Path) -> None:
    venv_python = project / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    venv_python.chmod(0o755)
    result = CliRunner().invoke(cli, ["new", "one", "--topic", "yes-first"])
    command = ".venv/bin/python -m generator check scenarios/one.yml"
    assert result.output == f"Wrote scenarios/one.yml. Edit it, then run: {command}\n"
    assert f"#   {command}\n" in (project / "scenarios" / "one.yml").read_text()
    run = subprocess.run(
        command.split(),
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert (run.returncode, run.stdout) == (0, "Checked 1 file: no errors.\n"), run.stderr


def test_new_without_a_venv_here_prints_the_python_that_ran_it(project: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "one", "--topic", "yes-first"])
    python = os.path.relpath(sys.executable)
    if python.startswith(".."):
        python = sys.executable
    assert result.output.endswith(f"run: {python} -m generator check scenarios/one.yml\n")


def test_a_python_without_the_packages_explains_how_to_run_it_instead() -> None:
    system = shutil.which("python3", path="/usr/bin:/bin")
    if system is None:
        pytest.skip("no system python3")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    has = subprocess.run(
        [system, "-c", "import click, pydantic, markdown"],
        env=env,
        capture_output=True,
        check=False,
    )
    if has.returncode == 0:
        pytest.skip("the system python3 has the packages")
    run = subprocess.run(
        [system, "-m", "generator", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 3, run.stderr
    assert "is not installed for this Python" in lines[0]
    assert ".venv/bin/python -m generator check" in run.stderr
    assert "make check" in run.stderr


def test_check_names_a_hand_written_page_at_a_generated_address(project: Path) -> None:
    shutil.copy(MINIMAL, project / "scenarios" / "one.yml")
    (project / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n")
    (project / "content").mkdir()
    (project / "content" / "index.md").write_text("# Home\n")
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0
    (project / "content" / "certificate.md").write_text("# Mine\n")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/certificate.md:1:1: this page has the same address as the certificate page "
        "that the generator makes (certificate.md), which would replace it without a word; "
        "rename or move this file",
        "Checked 1 file: 1 error; 1 page to rename or move.",
    ]
    # A file named on the command line is checked alone.
    assert CliRunner().invoke(cli, ["check", "scenarios/one.yml"]).exit_code == 0
