"""What an edit does to learners' unfinished attempts, told before it is published.

Learners' saved progress is versioned by each scenario's structure (render.py's
structure_version and the per-step and per-question sigs), so a wording edit changes
nothing for them. An attempt part-way through a step whose replies were added, removed
or pointed elsewhere starts again (their passes and finished attempts stay), and
answers to a changed question are cleared. This module compares the scenarios as they
are now with the pages of the last published build (its site/ folder) and says so, in
plain words, for ``check``, the build and ``serve``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import Problem
from .load import LoadedScenario
from .render import runtime_data
from .site_config import read_site_settings

RULE = "restarts-attempts"
_DATA = re.compile(r'<script type="application/json" class="rp-data">(.*?)</script>', re.S)


def published_site(config_file: Path) -> tuple[Path, bool]:
    """The site folder a build of ``config_file`` publishes to (its ``site_dir``, by
    default site/ beside it) and whether it uses directory URLs."""
    try:
        stat = config_file.stat()
        key = (str(config_file), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(config_file), 0, 0)
    if key not in _SITES:  # read once per version of the file: serve asks at every save
        settings = read_site_settings(config_file)
        if settings is None:
            _SITES[key] = (config_file.parent / "site", True)
        else:
            _SITES[key] = (settings.site_dir, settings.use_directory_urls)
    return _SITES[key]


_SITES: dict[tuple[str, int, int], tuple[Path, bool]] = {}


def published_data(site_dir: Path, slug: str, use_directory_urls: bool) -> dict[str, Any] | None:
    """The page data of the scenario ``slug`` as last published in ``site_dir``, or
    None when it was not published there (or its page cannot be read)."""
    try:
        found = _DATA.search(_page(site_dir, slug, use_directory_urls).read_text("utf-8"))
        data = json.loads(found.group(1))[0] if found else None
    except (OSError, ValueError, IndexError, KeyError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def restart_notes(
    scenarios: Iterable[LoadedScenario], site_dir: Path, use_directory_urls: bool
) -> list[Problem]:
    """One note (severity "info") per scenario whose structure differs from its page in
    ``site_dir`` in a way that restarts learners' unfinished attempts or clears their
    answers; nothing for new scenarios or for edits of wording only."""
    if not (site_dir / "scenarios").is_dir():
        return []  # nothing published yet
    notes = []
    # Kept while the file is unchanged: serve rebuilds at every save, and the published
    # site/ does not change while it runs (it builds elsewhere).
    known = _NOTES.setdefault((str(site_dir), use_directory_urls), {})
    for x in scenarios:
        key = (x.path, x.digest)
        if key not in known:
            known[key] = _compare(x, published_data(site_dir, x.slug, use_directory_urls))
        if (note := known[key]) is not None:
            notes.append(note)
    return notes


_NOTES: dict[tuple[str, bool], dict[tuple[str, str], Problem | None]] = {}


def _page(site_dir: Path, slug: str, use_directory_urls: bool) -> Path:
    return site_dir / "scenarios" / (f"{slug}/index.html" if use_directory_urls else f"{slug}.html")


def _compare(x: LoadedScenario, old: dict[str, Any] | None) -> Problem | None:
    if old is None or not isinstance(old.get("steps"), dict):
        return None
    new = runtime_data(x)
    if old.get("version") == new["version"]:
        return None
    steps, slots = _changed_steps(old, new), _changed_slots(old, new)
    return _note(x, steps, slots) if steps or slots else None


def _changed_steps(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The decisions a saved path may go through whose replies changed (or are gone)."""
    changed = []
    for step_id, step in old["steps"].items():
        if not isinstance(step, dict) or "replies" not in step:
            continue
        now = new["steps"].get(step_id)
        if now is None or now.get("sig") != step.get("sig"):
            changed.append(step_id)
    return changed


def _changed_slots(old: dict[str, Any], new: dict[str, Any]) -> list[int]:
    """The knowledge-check questions (from 1) whose answers saved now no longer fit."""
    before = [s.get("sig") if isinstance(s, dict) else None for s in old.get("questions") or []]
    after = [s["sig"] for s in new["questions"]]
    return [n + 1 for n, sig in enumerate(before) if n >= len(after) or after[n] != sig]


def _note(x: LoadedScenario, steps: list[str], slots: list[int]) -> Problem:
    line, col = _line_of(x.path, steps[0] if steps else None)
    parts = []
    if steps:
        names = ", ".join(f'"{s}"' for s in steps)
        word = "step" if len(steps) == 1 else "steps"
        parts.append(
            f"replies of {word} {names} were added, removed or sent elsewhere, so a learner "
            f"whose unfinished attempt went through {'it' if len(steps) == 1 else 'them'} "
            "will start that attempt again"
        )
    if slots:
        names = ", ".join(str(n) for n in slots)
        word = "question" if len(slots) == 1 else "questions"
        parts.append(
            f"answers to knowledge-check {word} {names} in unfinished attempts are cleared"
        )
    return Problem(
        x.path,
        line,
        col,
        "compared with the published site, "
        + "; ".join(parts)
        + ". Passes and finished attempts are kept. Wording changes alone never do this.",
        severity="info",
        rule=RULE,
    )


def _line_of(path: str, step: str | None) -> tuple[int, int]:
    """Where the step ``step`` starts in the file (its key), else the file's start."""
    if step is None:
        return 1, 1
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    pattern = re.compile(rf"^(\s+){re.escape(step)}\s*:\s*(#.*)?$")
    for n, text in enumerate(lines, 1):
        if match := pattern.match(text):
            return n, len(match.group(1)) + 1
    return 1, 1
