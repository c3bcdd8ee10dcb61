"""Running the design rules (``lint``): load a file, run every rule, report.

check's errors stop a build; lint's warnings never do. The rules are in
``lint_rules.py`` and the text helpers they use in ``language.py``; the command is in
``cli.py``. A file that check refuses is not linted: it gets one not-linted line instead.

Site rules count across every file linted together (``run_lint``); where one file is
linted alone (``lint_file``, ``lint_bytes``, ``lint_loaded``, as serve does) it is a
site of one file.
"""

from __future__ import annotations

from pathlib import Path

from . import lint_rules
from .errors import Problem, ScenarioError
from .lint_rules import Subject, staff_texts
from .load import SUFFIX, LoadedScenario, display_path, load_scenario_bytes, read_limited
from .site_config import CONFIG_FILE, site_link_errors
from .yaml_strict import load_bytes

__all__ = [
    "INTERNAL_ERROR",
    "NOT_LINTED",
    "internal_error",
    "is_not_linted",
    "lint_bytes",
    "lint_file",
    "lint_loaded",
    "load_subject",
    "not_linted",
    "run_lint",
    "staff_texts",
    "subject_of",
    "summary_line",
]

NOT_LINTED = "not-linted"
"""The rule code of the line for a file that is not linted (check finds errors in it)."""
INTERNAL_ERROR = "internal-error"
"""The rule code of the line for a file whose linting failed by a bug of ours."""


def not_linted(path: str, reason: str = "", *, rule: str = NOT_LINTED) -> Problem:
    """The one line for a file that is not linted because check finds errors in it."""
    why = reason or (
        f"check finds errors in this file; fix what python -m generator check {path} reports"
    )
    return Problem(path, 1, 1, f"not linted: {why}", severity="warning", rule=rule)


def is_not_linted(problem: Problem) -> bool:
    """Whether ``problem`` says a file or folder was not linted (not a design warning)."""
    return problem.rule in (NOT_LINTED, INTERNAL_ERROR)


def load_subject(raw: bytes, path: str, slug: str) -> Subject:
    """A valid scenario file's bytes as the rules see them; ScenarioError when invalid."""
    loaded = load_scenario_bytes(raw, path, slug)
    # The loader keeps no Document; reading the file again is cheap next to validating it.
    return Subject(load_bytes(raw, path), loaded)


def _warnings(subject: Subject, site: list[Problem] | None = None) -> list[Problem]:
    """Every rule's warnings, in file order (rule order at the same place).

    ``site`` are the site rules' warnings that stand in this file; None: the file is
    linted alone, as a site of one file.
    """
    found = [problem for rule in lint_rules.RULES for problem in rule(subject)]
    found += _site_warnings([subject]) if site is None else site
    return sorted(found, key=lambda p: (p.line, p.col))


def _site_warnings(subjects: list[Subject]) -> list[Problem]:
    """Every site rule's warnings over ``subjects`` linted together."""
    return [problem for rule in lint_rules.SITE_RULES for problem in rule(subjects)]


def internal_error(path: str, err: Exception, doing: str = "linting this file") -> Problem:
    """The line for a file whose handling failed by a bug of ours, while ``doing``."""
    return not_linted(
        path,
        f"internal error while {doing} ({type(err).__name__}: {err}); "
        "please report it with the file attached",
        rule=INTERNAL_ERROR,
    )


def lint_bytes(raw: bytes, path: str, slug: str) -> list[Problem]:
    """The design warnings of one scenario file's bytes, in file order.

    A file with errors is not linted: the answer is then the single not-linted line.
    ``path`` is used in the messages and ``slug`` is the file name without ``.yml``.
    Links to the site's pages are not checked here (the build and serve check them).
    """
    try:
        subject = load_subject(raw, path, slug)
    except ScenarioError:
        return [not_linted(path)]
    return _warnings(subject)


def lint_loaded(raw: bytes, loaded: LoadedScenario) -> list[Problem]:
    """lint_bytes for a file already loaded from ``raw``: not validated a second time."""
    return _warnings(Subject(load_bytes(raw, loaded.path), loaded))


def subject_of(path: Path, doing: str = "linting this file") -> Subject | Problem:
    """The file as the rules see it, or the not-linted line that says why it is not
    (``doing`` names the work in the line of an internal error)."""
    shown = display_path(path)
    if path.suffix != SUFFIX:
        return not_linted(shown, f'scenario files end in "{SUFFIX}"')
    try:
        raw = read_limited(path)
    except ScenarioError as err:  # it cannot be read: say why, as check would
        return not_linted(shown, err.problems[0].message)
    try:
        return load_subject(raw, shown, path.stem)
    except ScenarioError:
        return not_linted(shown)
    except Exception as err:  # a bug of ours must still not show a trainer a traceback
        return internal_error(shown, err, doing)


def _lint_subject(subject: Subject, site: list[Problem] | None = None) -> list[Problem]:
    try:
        return _warnings(subject, site)
    except Exception as err:  # a bug of ours must still not show a trainer a traceback
        return [internal_error(subject.doc.path, err)]


def lint_file(path: Path) -> list[Problem]:
    """The design warnings of one scenario file (see ``lint_bytes``), never an exception."""
    found = subject_of(path)
    return [found] if isinstance(found, Problem) else _lint_subject(found)


def run_lint(paths: list[Path]) -> tuple[int, list[Problem]]:
    """Lint files; return how many there were and every warning and not-linted line.

    As ``check`` does, links to the site's own pages are checked against the site in the
    mkdocs.yml of the current folder; a file with a broken one is not linted. The site
    rules count across every file that is linted; each of their warnings is listed with
    the file it stands in.
    """
    found = [subject_of(path) for path in paths]
    valid = [x.loaded for x in found if isinstance(x, Subject)]
    broken_links = {p.path for p in site_link_errors(valid, Path(CONFIG_FILE))}
    linted = [x for x in found if isinstance(x, Subject) and x.doc.path not in broken_links]
    problems: list[Problem] = []
    try:
        site = _site_warnings(linted)
    except Exception as err:  # a bug of ours must still not show a trainer a traceback
        site = []
        problems.append(
            internal_error(linted[0].doc.path, err, "comparing the files linted together")
        )
    for item in found:
        if isinstance(item, Problem):
            problems.append(item)
        elif item.doc.path in broken_links:
            problems.append(not_linted(item.doc.path))
        else:
            problems += _lint_subject(item, [p for p in site if p.path == item.doc.path])
    return len(paths), problems


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


def summary_line(files: int, problems: list[Problem]) -> str:
    """The last line of the report, e.g. "Linted 12 files: 9 warnings in 5 of them."."""
    if files == 0 and not problems:
        return "No scenario files found (they end in .yml)."
    warnings = [p for p in problems if not is_not_linted(p)]
    skipped = {p.path for p in problems if is_not_linted(p)}
    text = f"Linted {_plural(files, 'file')}: "
    if warnings:
        text += f"{_plural(len(warnings), 'warning')} in {len({p.path for p in warnings})} of them"
    else:
        text += "no warnings"
    if skipped:
        text += f"; {len(skipped)} not linted (fix what check reports first)"
    return text + "."
