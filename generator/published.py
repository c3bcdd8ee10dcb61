"""What the site publishes from the docs folder: no editor backups, nothing from outside.

MkDocs copies every file of the docs folder (and of the theme's folders) into the site,
whatever its name, and follows symbolic links wherever they lead. Two kinds of file
would reach the website and the SCORM packages by accident:

- copies that editors and operating systems leave beside a file (``index.md~``,
  ``#index.md#``, ``index.md.orig``, ``~$sheet.docx``, ``Thumbs.db``...): the plugin's
  ``on_files`` drops them (``drop_unpublished``);
- the target of a symbolic link that leads out of the docs folder (or nowhere): the
  plugin's ``on_pre_build`` refuses the build (``check_docs``), before MkDocs
  empties ``site/``. Under ``mkdocs serve`` it is reported and not served.

And a hand-written page at the address of a page the plugin generates (``certificate.md``,
``topics/yes-first.md``) would be replaced without a word: ``check_docs`` refuses that too.
"""

from __future__ import annotations

import logging
import os
import posixpath
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from .errors import Problem
from .load import SUFFIX, display_path, scan_scenario_names
from .site_config import docs_files
from .site_paths import (
    CERTIFICATE_SRC,
    PLAN_SRC,
    PROGRESS_SRC,
    facilitator_src,
    scenario_src,
    topic_src,
)
from .topics import TOPICS

log = logging.getLogger("mkdocs.plugins.role-play")

_BACKUP_ENDINGS = ("~", ".bak", ".orig", ".rej", ".swp", ".swo", ".tmp")
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
LINK_RULE = "link-out-of-docs"
CLASH_RULE = "page-at-generated-address"


def is_editor_backup(path: str) -> bool:
    """Whether the file at ``path`` (``/``- or ``\\``-separated) is a copy an editor, a
    patch or the operating system left behind, rather than a file of the site."""
    name = posixpath.basename(path.replace("\\", "/"))
    lower = name.lower()
    return (
        lower.endswith(_BACKUP_ENDINGS)
        or lower in _SYSTEM_FILES
        or (len(name) > 1 and name.startswith("#") and name.endswith("#"))  # Emacs
        or name.startswith(("~$", ".~lock.", ".#"))  # Office, LibreOffice, Emacs locks
    )


def drop_unpublished(files: Files, docs_dir: str) -> Files:
    """Take editor backups out of ``files``, and any file of the docs folder ``docs_dir``
    (as MkDocs' configuration gives it) whose real place is outside it or nowhere: under
    serve, where a link out is reported, not refused.

    Files a plugin generated are kept whatever their name.
    """
    inside = os.path.realpath(docs_dir)
    for file in list(files):
        if file.generated_by is not None:
            continue
        if is_editor_backup(file.src_uri) or (
            file.src_dir == docs_dir and not _real_and_within(file.abs_src_path, inside)
        ):
            files.remove(file)
    return files


def links_out(docs_dir: Path) -> list[Problem]:
    """Every symbolic link in the docs folder that leads out of it or to nothing.

    Names starting with a dot and editor backups are not published, so they do not
    count. Each problem is located at line 1, column 1 of the link.
    """
    inside = os.path.realpath(docs_dir)
    problems: list[Problem] = []
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted([*dirs, *names]):
            path = Path(folder) / name
            if name.startswith(".") or is_editor_backup(name) or not path.is_symlink():
                continue
            target = os.path.realpath(path)
            if not os.path.exists(target):
                reason = (
                    f"this is a shortcut (symbolic link) to {os.readlink(path)}, which does "
                    "not exist; delete the shortcut, or put the file itself here"
                )
            elif not _within(target, inside):
                kind = "folder" if os.path.isdir(target) else "file"
                reason = (
                    f"this is a shortcut (symbolic link) to a {kind} outside the docs "
                    f"folder {display_path(docs_dir)}/ ({target}), which the site would "
                    f"publish; put a copy of the {kind} here instead, or delete the shortcut"
                )
            else:
                continue
            problems.append(Problem(display_path(path), 1, 1, reason, rule=LINK_RULE))
    return problems


def _generated_page(path: str, slugs: set[str]) -> str | None:
    """What the generator makes at the docs path ``path`` (a page), in words, if anything."""
    named = {
        PROGRESS_SRC: "the progress page",
        PLAN_SRC: "the plan-a-session page",
        CERTIFICATE_SRC: "the certificate page",
    }
    if path in named:
        return named[path]
    # A scenario's pages are scenarios/<slug>.md and scenarios/<slug>/facilitator.md.
    slug = path.removeprefix("scenarios/").removesuffix("/facilitator.md").removesuffix(".md")
    if slug in slugs and path == scenario_src(slug):
        return f"the page of the scenario scenarios/{slug}.yml"
    if slug in slugs and path == facilitator_src(slug):
        return f"the facilitator page of the scenario scenarios/{slug}.yml"
    topic = next((t.slug for t in TOPICS if path == topic_src(t.slug)), None)
    return f'the page of the topic "{topic}"' if topic else None


def generated_clashes(docs_dir: Path, scenarios_dir: Path) -> list[Problem]:
    """Every hand-written page of the docs folder at the address of a page the generator
    makes for the scenarios in ``scenarios_dir``, which would replace it without a word.

    ``name.md`` and ``name/index.md`` have the same address, so both count.
    """
    slugs = {name.removesuffix(SUFFIX) for name, _ in scan_scenario_names(scenarios_dir, False)[0]}
    problems: list[Problem] = []
    for path in sorted(docs_files(docs_dir)):
        if not path.endswith(".md") or is_editor_backup(path):
            continue
        address = path.removesuffix("/index.md") + ".md" if path.endswith("/index.md") else path
        page = _generated_page(address, slugs)
        if page is not None:
            problems.append(
                Problem(
                    display_path(docs_dir / path),
                    1,
                    1,
                    f"this page has the same address as {page} that the generator makes "
                    f"({address}), which would replace it without a word; rename or move "
                    "this file",
                    rule=CLASH_RULE,
                )
            )
    return problems


def check_docs(
    docs_dir: Path, scenarios_dir: Path, *, serving: bool, strict: bool = False
) -> list[Problem]:
    """Stop a build over a link out of the docs folder, or a hand-written page at the
    address of a generated one (PluginError listing each), before MkDocs empties site/.

    Under serve, they are reported and returned instead (to be shown in the browser):
    the preview goes on without the links' files (``drop_unpublished``). A strict site
    counts logged errors and its server would then wait for a good build with every
    request: there they go to the terminal without the logger.
    """
    problems = links_out(docs_dir) + generated_clashes(docs_dir, scenarios_dir)
    if not problems:
        return []
    report = "\n".join(str(p) for p in problems)
    if serving:
        if strict:
            sys.stderr.write(f"ERROR    -  Not served (shown in the browser too):\n{report}\n")
        else:
            log.error(f"Not served:\n{report}")
        return problems
    raise PluginError(
        f"{len(problems)} file(s) of the docs folder cannot be published as they are; "
        f"the site was not built:\n{report}"
    )


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _real_and_within(path: str | None, folder: str) -> bool:
    """Whether ``path`` exists and its real place is inside ``folder`` (a real path)."""
    return path is not None and os.path.exists(path) and _within(os.path.realpath(path), folder)
