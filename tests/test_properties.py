"""Property-based tests: whatever a trainer types, the loader answers with a valid
scenario or with located problems, never with anything else."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ScenarioError
from generator.load import load_scenario_bytes

from .helpers import DATA, MINIMAL, REFERENCE

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def editor_lines(raw: bytes) -> list[str] | None:
    """The lines as a text editor counts them (only \\n ends a line), if the bytes are text."""
    try:
        return raw.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None


def outcome(raw: bytes) -> str:
    """Load; assert the only failure mode is a ScenarioError with sane positions."""
    lines = raw.count(b"\n") + 1
    text = editor_lines(raw)
    try:
        load_scenario_bytes(raw, "scenarios/x.yml", "x")
    except ScenarioError as err:
        assert err.problems, "an error must carry at least one problem"
        for problem in err.problems:
            assert problem.path == "scenarios/x.yml"
            assert 1 <= problem.line <= lines + 1, problem
            assert problem.col >= 1, problem
            if text is not None and problem.line <= len(text):
                # A position past the end of its line means lines were counted differently.
                assert problem.col <= len(text[problem.line - 1]) + 1, problem
            assert problem.message and problem.message.isprintable()
            assert str(problem).startswith(f"scenarios/x.yml:{problem.line}:{problem.col}: ")
        return "invalid"
    return "valid"


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    outcome(raw)


STRAY_BREAKS = ["\u2028", "\u2029", "\x85", "\r"]
YAML_ALPHABET = st.sampled_from(
    [
        *list("abc:-? \n\t[]{},&*!|>'\"#%@`~0123456789"),
        *STRAY_BREAKS,
        "\r\n",
        "\n  ",
        "\n- ",
        ": ",
        "No",
        "true",
    ]
)


@SETTINGS
@given(st.lists(YAML_ALPHABET, max_size=120).map("".join))
def test_random_yaml_like_text(text: str) -> None:
    outcome(text.encode("utf-8"))


scalars = st.one_of(st.text(max_size=20), st.booleans(), st.integers(), st.none())
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@SETTINGS
@given(trees)
def test_random_yaml_documents(tree: Any) -> None:
    outcome(yaml.safe_dump(tree, allow_unicode=True).encode("utf-8"))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


BASES = [yaml.safe_load(REFERENCE.read_text()), yaml.safe_load(MINIMAL.read_text())]
replacements = st.one_of(
    scalars, st.just([]), st.just({}), st.just("javascript:x"), st.sampled_from(["ask", "done"])
)


@SETTINGS
@given(st.sampled_from(BASES), st.data())
def test_mutated_valid_scenarios(base: Any, data: st.DataObject) -> None:
    doc = yaml.safe_load(yaml.safe_dump(base))
    for _ in range(data.draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        path = data.draw(st.sampled_from(paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["delete", "replace", "rename"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = data.draw(replacements)
        elif isinstance(parent, dict):
            parent[data.draw(st.text(min_size=1, max_size=8))] = parent.pop(path[-1])
    outcome(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(st.integers(0, len(MINIMAL.read_bytes()) - 1), st.binary(min_size=1, max_size=3))
def test_byte_level_corruption_of_a_valid_file(at: int, junk: bytes) -> None:
    raw = MINIMAL.read_bytes()
    outcome(raw[:at] + junk + raw[at + len(junk) :])


CODE = re.compile(r"\(U\+[0-9A-F]{4}\)")
SAMPLES = [
    DATA / "broken" / f"{name}.yml"
    for name in ("several-mistakes", "unknown-key", "colon-in-text", "duplicate-key", "tab-indent")
]


@SETTINGS
@given(st.sampled_from(SAMPLES), st.data())
def test_stray_line_breaks_never_move_other_problems(path: Path, data: st.DataObject) -> None:
    lines = path.read_text("utf-8").split("\n")
    picks = st.tuples(st.integers(0, len(lines) - 1), st.sampled_from(STRAY_BREAKS))
    inserted = []
    for index, char in data.draw(st.lists(picks, max_size=6)):
        inserted.append((index + 1, len(lines[index]) + 1, f"(U+{ord(char):04X})"))
        lines[index] += char + " "  # the space keeps a \r from making a \r\n
    try:
        load_scenario_bytes("\n".join(lines).encode("utf-8"), "x.yml", path.stem)
    except ScenarioError as err:
        problems = err.problems
    else:
        raise AssertionError("a broken file became valid")
    codes = [(p, CODE.search(p.message)) for p in problems]
    assert [(p.line, p.col, c.group()) for p, c in codes if c] == sorted(inserted)
    others = [f"{p.line}:{p.col}: {p.message}" for p, c in codes if not c]
    assert others == path.with_suffix(".expected").read_text("utf-8").splitlines()


def shown(text: str) -> str:
    """Text as a problem message shows it (see errors.Problem)."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


@SETTINGS
@given(
    st.sampled_from(BASES),
    st.data(),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
)
def test_no_key_the_trainer_wrote_vanishes(base: Any, data: st.DataObject, rest: str) -> None:
    # A key starting with \0 (typed as an escape in double quotes) once looked like one
    # of the reader's own placeholder keys and was silently dropped.
    doc = yaml.safe_load(yaml.safe_dump(base))
    mappings = [p for p in _paths(doc) if isinstance(_at(doc, p), dict)]
    key = "\0" + rest
    _at(doc, data.draw(st.sampled_from(mappings)))[key] = "x"
    try:
        load_scenario_bytes(yaml.safe_dump(doc).encode("utf-8"), "x.yml", "x")
    except ScenarioError as err:
        assert any(shown(key) in p.message for p in err.problems), err.report()
    else:
        raise AssertionError(f"the key {key!r} vanished without a problem")


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node
