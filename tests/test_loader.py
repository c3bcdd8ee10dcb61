"""The strict loader and the format rules, one small broken file per rule."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import yaml_strict
from generator.errors import ScenarioError
from generator.facilitation import live_minutes
from generator.load import (
    find_scenarios,
    load_all,
    load_scenario,
    load_scenario_bytes,
    scenario_files,
)
from generator.yaml_strict import MAX_BYTES, load_bytes

from .helpers import DATA, MINIMAL, REFERENCE, ROOT

BROKEN = sorted((DATA / "broken").glob("*.yml")) + sorted((DATA / "broken-name").glob("*.yml"))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [f"{p.line}:{p.col}: {p.message}" for p in caught.value.problems]


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_gives_exact_located_messages(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text("utf-8").splitlines()
    assert problems_of(path) == expected


def test_every_broken_file_has_its_expectation_and_vice_versa() -> None:
    expectations = {p.with_suffix(".yml") for p in (DATA / "broken").glob("*.expected")}
    assert expectations == set((DATA / "broken").glob("*.yml"))
    assert len(BROKEN) >= 40


def test_reference_example_validates_unchanged() -> None:
    loaded = load_scenario(REFERENCE)
    assert loaded.slug == "reference-book"
    assert loaded.scenario.topic == "yes-first"
    assert loaded.scenario.steps["request"].choices is not None
    assert loaded.scenario.steps["request"].choices[2].text == "No"
    assert [o.correct for o in loaded.scenario.questions[0].options] == [True, True, True, False]


def test_plain_words_stay_exactly_as_written() -> None:
    scenario = load_scenario(DATA / "valid" / "plain-words.yml").scenario
    assert scenario.title == "Yes"
    assert scenario.summary == "12:30"
    assert scenario.objectives == ["1.10", "off", "~", "0x1F", "2026-11-22"]
    assert scenario.patron.name == "Norway"
    assert scenario.patron.about == "NO"
    choices = scenario.steps["ask"].choices
    assert choices is not None
    assert [c.text for c in choices] == ["No", "Yes"]
    assert [c.feedback for c in choices] == ["on", "null"]
    assert scenario.steps["done"].patron == "1e3"


def test_utf8_bom_is_accepted() -> None:
    assert load_scenario(DATA / "valid" / "bom.yml").scenario.title == "Minimal"


def test_file_over_one_mebibyte_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yml"
    # Not even YAML: parsing it would fail differently, so the size check must come first.
    big.write_bytes(b"\t[" * (MAX_BYTES // 2 + 1))
    messages = problems_of(big)
    assert len(messages) == 1
    assert messages[0].startswith("1:1: the file is 1024 KiB; a scenario file may be at most 1 MiB")


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    text = MINIMAL.read_bytes()
    padded = text + b"#" * (MAX_BYTES - len(text))
    assert len(padded) == MAX_BYTES
    assert load_scenario_bytes(padded, "x.yml", "x").scenario.title == "Minimal"


def test_python_tag_constructs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "constructed"
    inner = f'!!python/object/apply:pathlib.Path ["{marker}"]'
    text = f"title: !!python/object/apply:pathlib.Path.touch [{inner}]\n"
    with pytest.raises(ScenarioError):
        load_scenario_bytes(text.encode(), "x.yml", "x")
    assert not marker.exists()


def test_path_in_messages_is_relative_to_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scenarios").mkdir()
    target = tmp_path / "scenarios" / "x.yml"
    target.write_text("title: [\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(Path("scenarios/x.yml"))
    assert str(caught.value.problems[0]).startswith("scenarios/x.yml:")


def test_several_mistakes_are_all_reported_in_one_run() -> None:
    messages = problems_of(DATA / "broken" / "several-mistakes.yml")
    assert len(messages) >= 5
    assert any("topic" in m for m in messages)
    assert any("feedbak" in m for m in messages)
    assert any('"don"' in m for m in messages)
    assert any('"bad"' in m for m in messages)


def test_unreadable_entries_are_listed_and_reported_while_the_others_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("scenarios")
    folder.mkdir()
    shutil.copy(MINIMAL, folder / "fine.yml")
    os.symlink("zz.yml", folder / "zz.yml")  # a link that leads to itself
    os.symlink("nowhere.yml", folder / "gone.yml")
    (folder / "folder.yml").mkdir()
    (folder / "notes.txt").write_text("not a scenario")
    files = scenario_files(folder)
    assert files == [folder / "fine.yml", folder / "gone.yml", folder / "zz.yml"]
    loaded, problems = load_all(files)
    assert [x.slug for x in loaded] == ["fine"]
    assert [str(p) for p in problems] == [
        "scenarios/gone.yml:1:1: cannot read the file: "
        "it is a link to something that does not exist",
        "scenarios/zz.yml:1:1: cannot read the file: it is a link that leads in a circle",
    ]


def test_a_folder_named_like_a_scenario_is_a_plain_problem_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.yml").mkdir()
    assert problems_of(Path("x.yml")) == ["1:1: cannot read the file: it is a folder, not a file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_reading_it(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yml"
    os.mkfifo(pipe)
    assert scenario_files(tmp_path) == [pipe]
    assert problems_of(pipe) == ["1:1: cannot read the file: it is not an ordinary file"]


def test_an_unreadable_scenarios_folder_is_a_located_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("file").write_text("")
    assert [str(p) for p in find_scenarios(Path("file"))[1]] == [
        "file:1:1: cannot read the folder: it is not a folder"
    ]
    assert [str(p) for p in find_scenarios(Path("missing"))[1]] == [
        "missing:1:1: cannot read the folder: it does not exist"
    ]

    def refuse(_: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    Path("locked").mkdir()
    monkeypatch.setattr(os, "scandir", refuse)
    files, problems = find_scenarios(Path("locked"))
    assert files == []
    assert [str(p) for p in problems] == [
        "locked:1:1: cannot read the folder: you do not have permission"
    ]
    assert scenario_files(Path("locked")) == []


STRAY_BREAKS = ["\u2028", "\u2029", "\x85", "\r"]
"""Characters YAML counts as line breaks but a text editor does not."""


@pytest.mark.parametrize("char", STRAY_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    "name", ["several-mistakes", "colon-in-text", "unclosed-quote", "duplicate-key", "tab-indent"]
)
def test_later_mistakes_keep_their_lines_after_a_stray_line_break(
    tmp_path: Path, name: str, char: str
) -> None:
    source = DATA / "broken" / f"{name}.yml"
    lines = source.read_text("utf-8").split("\n")
    inserted = []
    for index in range(0, len(lines) - 1, 3):
        inserted.append(f"{index + 1}:{len(lines[index]) + 1}:")
        lines[index] += char + " "  # the space keeps a \r from making a \r\n
    copy = tmp_path / source.name
    copy.write_bytes("\n".join(lines).encode("utf-8"))
    code = f"(U+{ord(char):04X})"
    messages = problems_of(copy)
    stray = [m for m in messages if code in m]
    assert [m.split(" ")[0] for m in stray] == inserted
    assert all("delete it or replace it with a space" in m for m in stray)
    expected = source.with_suffix(".expected").read_text("utf-8").splitlines()
    assert [m for m in messages if code not in m] == expected


def test_crlf_line_endings_are_ordinary_line_breaks() -> None:
    crlf = MINIMAL.read_bytes().replace(b"\n", b"\r\n")
    assert load_scenario_bytes(crlf, "x.yml", "x").scenario.title == "Minimal"
    broken = (DATA / "broken" / "several-mistakes.yml").read_bytes().replace(b"\n", b"\r\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(broken, "x.yml", "x")
    expected = (DATA / "broken" / "several-mistakes.expected").read_text("utf-8").splitlines()
    assert [f"{p.line}:{p.col}: {p.message}" for p in caught.value.problems] == expected


def test_the_reader_keeps_every_key_the_trainer_wrote() -> None:
    # Keys shaped like the reader's own bookkeeping, written with escapes in double quotes.
    written = ["\\0sneaky", "\\0dup1", "\\0alias2", "\\0key3", "\\0dropped"]
    text = "".join(f'"{key}": x\n' for key in written)
    text += "k: 1\nk: 2\n*a : y\n? [a]\n: z\n"
    doc = load_bytes(text.encode(), "x.yml")
    assert list(doc.data) == [key.replace("\\0", "\0") for key in written] + ["k"]
    assert doc.data["k"] == "1"
    assert [(p.line, p.message.split(" ")[0]) for p in doc.problems] == [
        (7, "duplicate"),
        (8, "aliases"),
        (9, "a"),
    ]


def parser_stopping_at(line: int, col: int, problem: str) -> type[yaml.SafeLoader]:
    """A stand-in for a libyaml that stops at once with an error of its own at line:col,
    as libyaml 0.2.6 does on its nesting limit, having read ahead of its events."""

    class Stopping(yaml.SafeLoader):
        def check_event(self, *choices: Any) -> bool:
            mark = yaml.Mark("<text>", 0, line - 1, col - 1, "", 0)
            raise yaml.MarkedYAMLError(problem=problem, problem_mark=mark)

    return Stopping


def test_the_nesting_limit_comes_before_the_parsers_own_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        yaml_strict, "_EventLoader", parser_stopping_at(1, 1007, "exceeded maximum nesting depth")
    )
    path = DATA / "broken" / "deep-nesting.yml"
    assert problems_of(path) == path.with_suffix(".expected").read_text("utf-8").splitlines()


def test_a_parser_error_before_the_nesting_limit_is_the_one_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml_strict, "_EventLoader", parser_stopping_at(1, 20, "bad token"))
    assert problems_of(DATA / "broken" / "deep-nesting.yml") == [
        "1:20: YAML syntax error: bad token"
    ]


def test_libyaml_stays_the_judge_of_syntax_within_the_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PyYAML's own parser accepts a few things libyaml refuses: a refusal stands.
    monkeypatch.setattr(yaml_strict, "_EventLoader", parser_stopping_at(3, 2, "odd directive"))
    assert problems_of(MINIMAL) == ["3:2: YAML syntax error: odd directive"]


def locked_pyyaml(lock: Path) -> tuple[str, str]:
    """PyYAML's version and its whole entry (pin and hashes) in a lock file."""
    entry = re.search(r"^pyyaml==(\S+).*?(?=^\S|\Z)", lock.read_text("utf-8"), re.M | re.S)
    assert entry, f"no pyyaml in {lock}"
    return entry.group(1), entry.group()


PYYAML_VERSIONS = [
    locked_pyyaml(ROOT / "requirements" / "pyyaml-oldest.txt"),
    locked_pyyaml(ROOT / "requirements" / "lock-test.txt"),
]
"""The oldest PyYAML the project allows and the one it runs with, each with its hashes."""

UNREACHABLE = re.compile(
    r"Failed to establish a new connection|Temporary failure in name resolution|"
    r"Network is unreachable|Name or service not known|timed out|Max retries exceeded"
)

# Run with another PyYAML in front of the test environment's: every broken example's
# messages, and the one-mebibyte refusal.
CROSS_VERSION_CHECK = """
import json, sys
from pathlib import Path
import yaml
from generator.errors import ScenarioError
from generator.facilitation import live_minutes
from generator.load import load_scenario, load_scenario_bytes
from generator.yaml_strict import MAX_BYTES

def messages(run):
    try:
        run()
    except ScenarioError as err:
        return [f"{p.line}:{p.col}: {p.message}" for p in err.problems]
    return []

found = {p.stem: messages(lambda p=p: load_scenario(p)) for p in map(Path, sys.argv[1:])}
big = b"title: " + b"[" * MAX_BYTES
found["over-the-size-limit"] = messages(lambda: load_scenario_bytes(big, "x.yml", "x"))
print(json.dumps({
    "version": yaml.__version__,
    "from": yaml.__file__,
    "libyaml": yaml._yaml.get_version_string() if yaml.__with_libyaml__ else None,
    "found": found,
}))
"""


@pytest.mark.parametrize(
    ("version", "requirement"), PYYAML_VERSIONS, ids=[v for v, _ in PYYAML_VERSIONS]
)
def test_the_loaders_messages_are_the_same_with_each_pyyaml_version(
    tmp_path: Path, version: str, requirement: str
) -> None:
    (tmp_path / "requirement.txt").write_text(requirement, "utf-8")
    target = tmp_path / "site-packages"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes",
         "--only-binary=:all:", "--timeout", "15", "--retries", "1", "--target", str(target),
         "-r", str(tmp_path / "requirement.txt")],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    if install.returncode != 0:
        if UNREACHABLE.search(install.stdout + install.stderr):
            pytest.skip(f"the package index cannot be reached to install PyYAML {version}")
        pytest.fail(f"installing PyYAML {version} failed:\n{install.stdout}{install.stderr}")
    examples = sorted((DATA / "broken").glob("*.yml"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(ROOT)])}
    run = subprocess.run(
        [sys.executable, "-c", CROSS_VERSION_CHECK, *map(str, examples)],
        capture_output=True, text=True, check=True, env=env, timeout=120,
    )  # fmt: skip
    result = json.loads(run.stdout)
    assert (result["version"], Path(result["from"]).is_relative_to(target)) == (version, True)
    assert result["libyaml"], "this PyYAML wheel has no libyaml: nothing of it is tested"
    expected = {
        p.stem: p.with_suffix(".expected").read_text("utf-8").splitlines() for p in examples
    }
    expected["over-the-size-limit"] = [
        "1:1: the file is 1024 KiB; a scenario file may be at most 1 MiB "
        "(split it into smaller scenarios)"
    ]
    assert result["found"] == expected


def test_curly_quotes_inside_a_text_stay_as_typography() -> None:
    summary = "\u201cYes, we can\u201d, said Ana, \u2018today\u2019."
    text = MINIMAL.read_text("utf-8").replace("A short situation.", summary)
    assert summary in text
    loaded = load_scenario_bytes(text.encode("utf-8"), "minimal.yml", "minimal")
    assert loaded.scenario.summary == summary


def _with_live_minutes(value: str, notes: str | None = None) -> bytes:
    text = MINIMAL.read_text("utf-8").replace(
        "topic: yes-first\n", f"topic: yes-first\nlive_minutes: {value}\n"
    )
    if notes is not None:
        text += f"notes: {notes}\n"
    return text.encode("utf-8")


@pytest.mark.parametrize(
    ("value", "valid"),
    [("5", True), ("90", True), ("4", False), ("91", False), ("1.5", False), ('"15"', True)],
)
def test_live_minutes_is_a_whole_number_from_5_to_90(value: str, valid: bool) -> None:
    raw = _with_live_minutes(value)
    if valid:
        assert load_scenario_bytes(raw, "x.yml", "x").scenario.live_minutes == int(value.strip('"'))
        return
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(raw, "x.yml", "x")
    [problem] = caught.value.problems
    assert (problem.line, problem.col, problem.rule) == (3, 15, "invalid-live-minutes")
    assert "from 5 to 90" in problem.message


def test_the_live_timing_comes_from_live_minutes_before_the_notes() -> None:
    notes = "Give them 2 minutes of reading first. About 12 minutes live."
    timed = load_scenario_bytes(_with_live_minutes("15", notes), "x.yml", "x").scenario
    assert live_minutes(timed) == 15
    untimed = timed.model_copy(update={"live_minutes": None})
    assert live_minutes(untimed) == 2


def test_the_starter_shows_a_bank_of_two_variants_explained_in_a_comment() -> None:
    from generator.model import Bank
    from generator.starter import starter_text

    text = starter_text("new-one", "yes-first")
    scenario = load_scenario_bytes(text.encode(), "new-one.yml", "new-one").scenario
    banks = [slot for slot in scenario.questions if isinstance(slot, Bank)]
    assert [len(bank.variants) for bank in banks] == [2]
    comment = text[text.index("  # A question bank") : text.index("  - objective:")]
    assert all(line.startswith("  # ") for line in comment.splitlines())
    assert "Each attempt" in comment and "asks one of them" in comment
