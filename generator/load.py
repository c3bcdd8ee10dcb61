"""Load scenario files: strict YAML, then the model, then the cross-field rules."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import rules
from .errors import Problem, ScenarioError
from .links import TextLink, find_links
from .messages import problems_from
from .model import SLUG_PATTERN, Scenario
from .site_paths import scenario_src
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
    links: tuple[TextLink, ...] = ()
    """Links in the text to the site's own pages and files, checked against the site."""


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
    links = find_links(doc, scenario_src(slug))
    problems += rules.check(doc, slug, links)
    if problems or scenario is None:
        raise ScenarioError(problems)
    on_site = tuple(x for x in links if x.target.kind not in ("web", "blocked", "fragment"))
    return LoadedScenario(slug, path, digest(raw), scenario, on_site)


_REASONS = {
    errno.ELOOP: "it is a link that leads in a circle",
    errno.ENOENT: "it does not exist",
    errno.EACCES: "you do not have permission",
    errno.EPERM: "you do not have permission",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
}


def plain_reason(err: OSError) -> str:
    """Why the operating system refused, in words for someone who is not a programmer."""
    if err.errno in _REASONS:
        return _REASONS[err.errno]
    return err.strerror or str(err)


def _why_unreadable(path: Path, err: OSError) -> str:
    if err.errno == errno.ENOENT and path.is_symlink():
        return "it is a link to something that does not exist"
    return plain_reason(err)


def _cannot_read(path: Path, reason: str) -> ScenarioError:
    return ScenarioError([Problem(display_path(path), 1, 1, f"cannot read the file: {reason}")])


def read_limited(path: Path) -> bytes:
    """Read a file, refusing (with a located error) one over the size limit before reading.

    A file that cannot be read at all (a link leading nowhere, a folder, no permission)
    is a located problem too.
    """
    try:
        info = path.stat()
    except OSError as err:
        raise _cannot_read(path, _why_unreadable(path, err)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _cannot_read(path, "it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block or never end
        raise _cannot_read(path, "it is not an ordinary file")
    if info.st_size > MAX_BYTES:
        raise ScenarioError([too_big(display_path(path), info.st_size)])
    try:
        return path.read_bytes()
    except OSError as err:
        raise _cannot_read(path, _why_unreadable(path, err)) from None


def load_scenario(path: Path) -> LoadedScenario:
    """Load and validate one scenario file."""
    if path.suffix != SUFFIX:
        raise ScenarioError(
            [Problem(display_path(path), 1, 1, f'scenario files end in "{SUFFIX}"')]
        )
    return load_scenario_bytes(read_limited(path), display_path(path), path.stem)


def find_scenarios(directory: Path) -> tuple[list[Path], list[Problem]]:
    """The scenario files in a folder, in name order, and the problem if it cannot be read.

    Every entry whose name ends in .yml is listed except folders, even one that cannot be
    read (a broken link, say): reading it then reports the problem at that entry, and the
    other files are still checked.
    """
    found, problems = scan_scenarios(directory, status=False)
    return [path for path, _ in found], problems


def scan_scenarios(
    directory: Path, status: bool = True
) -> tuple[list[tuple[Path, os.stat_result | None]], list[Problem]]:
    """find_scenarios, each file with its status (None when it cannot be had, or when
    ``status`` is false), read in the same pass over the folder: under ``serve`` that
    is what tells a changed file from an unchanged one, for every file at each rebuild."""
    names, problems = scan_scenario_names(directory, status)
    return [(directory / name, info) for name, info in names], problems


def scan_scenario_names(
    directory: Path, status: bool = True
) -> tuple[list[tuple[str, os.stat_result | None]], list[Problem]]:
    """scan_scenarios with file names instead of paths, in name order (making a thousand
    paths took a tenth of a serve rebuild's time)."""
    misnamed: list[Problem] = []
    try:
        with os.scandir(directory) as entries:
            found = []
            for e in entries:
                if e.name.endswith(SUFFIX):
                    if not _is_folder(e):
                        found.append((e.name, _status(e) if status else None))
                    continue
                wrong = misnamed_problem(directory, e.name)
                if wrong is not None and not _is_folder(e):
                    misnamed.append(wrong)
    except OSError as err:
        reason = "it is not a folder" if err.errno == errno.ENOTDIR else plain_reason(err)
        return [], [Problem(display_path(directory), 1, 1, f"cannot read the folder: {reason}")]
    return sorted(found), sorted(misnamed)


MISNAMED_RULE = "file-name"
"""The rule code of a file in the scenarios folder that is skipped for its name alone."""

# Names a trainer gives a scenario file by mistake, in lower case, each with the words
# that say what is wrong with it.
_NEAR_MISSES = (
    (".yml.txt", " (your editor added .txt)"),
    (".yaml.txt", ' (your editor added .txt), not ".yaml"'),
    (".yaml", ', not ".yaml"'),
    (".yml", " (lower case)"),
)


def misnamed_problem(directory: Path, name: str) -> Problem | None:
    """The problem of a file named like a scenario but skipped (``x.yaml``, ``x.yml.txt``,
    ``X.YML``), with the name to give it; None for any other name."""
    lowered = name.lower()
    for ending, why in _NEAR_MISSES:
        if lowered.endswith(ending) and len(name) > len(ending):
            stem = name[: -len(ending)]
            better = stem.lower() if re.fullmatch(SLUG_PATTERN, stem.lower()) else stem
            return Problem(
                display_path(directory / name),
                1,
                1,
                f'this file is skipped: scenario files end in "{SUFFIX}"{why}; '
                f"rename it to {better}{SUFFIX}",
                rule=MISNAMED_RULE,
            )
    return None


def _status(entry: os.DirEntry[str]) -> os.stat_result | None:
    try:
        return entry.stat()
    except OSError:
        return None


def expand_paths(paths: tuple[Path, ...], default: Path) -> tuple[list[Path], list[Problem]]:
    """The scenario files named on a command line (``default`` when none is), with the
    problems of folders that could not be read. A named file is taken as it is."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths or (default,):
        if paths and not path.is_dir():
            files.append(path)
            continue
        found, unreadable = find_scenarios(path)
        files += found
        problems += unreadable
    return files, problems


def scenario_files(directory: Path) -> list[Path]:
    """The scenario files in a folder, in name order; none if the folder cannot be read.

    Use find_scenarios to learn why a folder could not be read.
    """
    return find_scenarios(directory)[0]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link in a circle, say: not a folder, and reading it will say why
        return False


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
