"""Load scenario files: strict YAML, then the model, then the cross-field rules."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import rules
from .errors import Problem, ScenarioError
from .messages import problems_from
from .model import Scenario
from .yaml_strict import MAX_BYTES, Document, load_bytes, too_big

SUFFIX = ".yml"


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario with what the site needs to know about its file."""

    slug: str
    path: str
    digest: str
    """A short hash of the file's bytes: versions saved progress and keys the cache."""
    scenario: Scenario


def display_path(path: Path) -> str:
    """The path as a trainer would type it: relative to the working directory if inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def digest(raw: bytes) -> str:
    """The content hash used for progress versions and the rebuild cache."""
    return hashlib.sha256(raw).hexdigest()[:16]


def load_scenario_bytes(raw: bytes, path: str, slug: str) -> LoadedScenario:
    """Validate one file's bytes; raise ScenarioError listing every problem found."""
    doc: Document = load_bytes(raw, path)
    problems: list[Problem] = list(doc.problems)
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                path,
                *doc.position(()),
                "the top level must be a mapping of keys such as title:, topic: and steps:, "
                f"found {'a list' if isinstance(doc.data, list) else 'a single value'}",
            )
        )
        raise ScenarioError(problems)
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as error:
        problems += problems_from(error, doc, Scenario)
    problems += rules.check(doc, slug)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return LoadedScenario(slug, path, digest(raw), scenario)


def read_limited(path: Path) -> bytes:
    """Read a file, refusing (with a located error) one over the size limit before reading."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError([too_big(shown, size)])
        return path.read_bytes()
    except OSError as err:
        raise ScenarioError(
            [Problem(shown, 1, 1, f"cannot read the file: {err.strerror}")]
        ) from None


def load_scenario(path: Path) -> LoadedScenario:
    """Load and validate one scenario file."""
    if path.suffix != SUFFIX:
        raise ScenarioError(
            [Problem(display_path(path), 1, 1, f'scenario files end in "{SUFFIX}"')]
        )
    return load_scenario_bytes(read_limited(path), display_path(path), path.stem)


def scenario_files(directory: Path) -> list[Path]:
    """The scenario files in a directory, in name order."""
    try:
        with os.scandir(directory) as entries:
            names = [e.name for e in entries if e.name.endswith(SUFFIX) and e.is_file()]
    except OSError:
        return []
    return [directory / name for name in sorted(names)]


def load_all(paths: list[Path]) -> tuple[list[LoadedScenario], list[Problem]]:
    """Load every file, collecting valid scenarios and every problem of the others."""
    loaded: list[LoadedScenario] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_scenario(path))
        except ScenarioError as err:
            problems += err.problems
    return loaded, problems
