"""The scenarios of a site, loaded from their folder and kept while their files stay the same.

A plain object that any engine adapter or command can use: the MkDocs plugin keeps one
for the life of ``mkdocs serve`` (so an edit re-reads one file, not a thousand), the
``pages`` command and the packager make one for a single pass.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, ScenarioError
from .links import LinkLevels, site_link_problems
from .load import (
    SUFFIX,
    LoadedScenario,
    digest,
    display_path,
    load_scenario_bytes,
    read_limited,
    scan_scenario_names,
)
from .site_paths import generated_files, scenario_src
from .text import safe_title


@dataclass
class ScenarioEntry:
    """What one scenario file produced: a valid scenario, or the problems that stop it."""

    slug: str
    stat: tuple[int, int, int]
    digest: str
    loaded: LoadedScenario | None
    problems: list[Problem]
    title: str = ""
    """The page title, safe for MkDocs and Material (see safe_title)."""
    rendered: dict[Any, Any] = field(default_factory=dict)
    """What the site plan rendered from this file, kept while the file stays the same."""


Advice = Callable[[bytes, LoadedScenario], None]


class ScenarioCatalog:
    """The scenario files of one folder, loaded and validated, with a cache.

    ``refresh()`` reads the folder again: a file whose size, time and inode are
    unchanged is not even re-read, a touched file with the same bytes is not validated
    again. ``only`` limits it to some slugs (a package of some scenarios).
    """

    def __init__(self, folder: Path, only: Sequence[str] = (), advise: Advice | None = None):
        self.folder = folder
        self.only = list(only)
        self.advise = advise
        """Called with each file validated anew (``serve`` logs design advice with it)."""
        self.entries: dict[str, ScenarioEntry] = {}
        """By slug, in file-name order."""
        self.folder_problems: list[Problem] = []
        self.reloaded = 0
        """How many files the last refresh read and validated again."""
        self._by_name: dict[str, ScenarioEntry] = {}  # by file name

    def refresh(self) -> list[Problem]:
        """Read the folder again; return every problem of every file and of the folder."""
        self.reloaded = 0
        found, self.folder_problems = scan_scenario_names(self.folder)
        if self.only:
            found = [(name, info) for name, info in found if name[: -len(SUFFIX)] in self.only]
        seen = {name: self._load(name, info) for name, info in found}
        self._by_name = seen
        self.entries = {entry.slug: entry for entry in seen.values()}
        return self.problems()

    def problems(self) -> list[Problem]:
        """The problems found by the last refresh."""
        return self.folder_problems + [p for e in self.entries.values() for p in e.problems]

    def valid(self) -> list[LoadedScenario]:
        """The valid scenarios, in file-name order."""
        return [e.loaded for e in self.entries.values() if e.loaded is not None]

    def link_problems(self, docs: set[str], levels: LinkLevels) -> list[Problem]:
        """Links in the valid scenarios to site pages or files that are missing or unsure,
        for a site whose docs folder holds ``docs`` (docs paths) beside what the plan
        generates; each problem's severity follows MkDocs' validation ``levels``."""
        files = docs | generated_files(list(self.entries))
        found: list[Problem] = []
        for x in self.valid():
            found += site_link_problems(x.path, scenario_src(x.slug), x.links, files, levels)
        return found

    def _load(self, name: str, info: os.stat_result | None) -> ScenarioEntry:
        """Load a file, reusing the previous result while it is unchanged (``info``: its
        status as the folder was read)."""
        stat = (info.st_mtime_ns, info.st_size, info.st_ino) if info else (0, 0, 0)
        cached = self._by_name.get(name)
        if info and cached is not None and cached.stat == stat:
            return cached  # not even re-read: same file, same size, same time
        path, slug, broken = self.folder / name, name[: -len(SUFFIX)], f"Mistakes in {name}"
        try:
            raw = read_limited(path)
        except ScenarioError as err:
            return ScenarioEntry(slug, stat, "", None, err.problems, title=broken)
        key = digest(raw)
        if cached is not None and cached.digest == key:
            cached.stat = stat  # touched, not changed
            return cached
        self.reloaded += 1
        try:
            loaded = load_scenario_bytes(raw, display_path(path), slug)
        except ScenarioError as err:
            return ScenarioEntry(slug, stat, key, None, err.problems, title=broken)
        if self.advise is not None:
            self.advise(raw, loaded)
        title = safe_title(loaded.scenario.title)
        return ScenarioEntry(slug, stat, key, loaded, [], title=title)


def catalog_of(scenarios: Sequence[LoadedScenario]) -> list[ScenarioEntry]:
    """Entries for scenarios already loaded (by a caller that read the files itself)."""
    return [
        ScenarioEntry(x.slug, (0, 0, 0), x.digest, x, [], title=safe_title(x.scenario.title))
        for x in scenarios
    ]
