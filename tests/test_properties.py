"""Property-based tests: whatever a trainer types, the loader answers with a valid
scenario or with located problems, never with anything else."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ScenarioError
from generator.load import load_scenario_bytes

from .helpers import MINIMAL, REFERENCE

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(raw: bytes) -> str:
    """Load; assert the only failure mode is a ScenarioError with sane positions."""
    lines = raw.count(b"\n") + 1
    try:
        load_scenario_bytes(raw, "scenarios/x.yml", "x")
    except ScenarioError as err:
        assert err.problems, "an error must carry at least one problem"
        for problem in err.problems:
            assert problem.path == "scenarios/x.yml"
            assert 1 <= problem.line <= lines + 1, problem
            assert problem.col >= 1, problem
            assert problem.message and problem.message.isprintable()
            assert str(problem).startswith(f"scenarios/x.yml:{problem.line}:{problem.col}: ")
        return "invalid"
    return "valid"


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    outcome(raw)


YAML_ALPHABET = st.sampled_from(
    [*list("abc:-? \n\t[]{},&*!|>'\"#%@`~0123456789"), "\n  ", "\n- ", ": ", "No", "true"]
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
