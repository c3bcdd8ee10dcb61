"""Links in a scenario's text: found where Markdown really makes them, with their place
in the file, and checked against the pages of the site.

The plugin writes scenario pages' HTML itself, so MkDocs' own link validation never sees
these links; this module applies the same ``validation:`` settings from mkdocs.yml.
"""

from __future__ import annotations

import difflib
import logging
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from .errors import Problem, Severity
from .messages import where
from .text import LinkTarget, link_target, links_in
from .yaml_strict import Document, Loc

# MkDocs' value for ``absolute_links: relative_to_docs`` (an absolute link is then read
# from the docs folder and checked like a relative one).
RELATIVE_TO_DOCS = -1


@dataclass(frozen=True)
class TextLink:
    """One link in a scenario file."""

    where: str
    """The field it is in, as messages name it (``steps.ask.choices[1].feedback``); empty
    for a link in a hand-written page."""
    line: int
    col: int
    target: LinkTarget


def find_links(doc: Document, page_src: str) -> list[TextLink]:
    """Every real link in every text of the file, judged from the page ``page_src``."""
    found: list[TextLink] = []
    pending: list[tuple[Loc, Any]] = [((), doc.data)]
    while pending:
        loc, value = pending.pop()
        if isinstance(value, dict):
            pending += [((*loc, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [((*loc, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str):
            for href in links_in(value):
                line, col = doc.position(loc)
                found.append(TextLink(where(loc), line, col, link_target(href, page_src)))
    found.sort(key=lambda link: (link.line, link.col))
    return found


def unsafe_link_problems(path: str, links: Iterable[TextLink]) -> Iterator[Problem]:
    """A problem for each link whose address could run code or leave the web."""
    for link in links:
        if link.target.kind != "blocked":
            continue
        what = (
            f"{link.target.scheme}: addresses"
            if link.target.scheme
            else 'addresses starting with "//"'
        )
        yield Problem(
            path,
            link.line,
            link.col,
            f"{link.where}: links may not use {what}; link to a page of the site or an "
            "https:// address",
            rule="unsafe-link",
        )


@dataclass(frozen=True)
class LinkLevels:
    """How much each kind of doubtful link matters: MkDocs' ``validation.links`` levels."""

    not_found: int = logging.WARNING
    absolute_links: int = logging.INFO
    unrecognized_links: int = logging.INFO

    @classmethod
    def from_mkdocs(cls, links: Any) -> LinkLevels:
        """From MkDocs' validated ``config.validation.links``."""
        return cls(links.not_found, links.absolute_links, links.unrecognized_links)


def _close_page(wanted: str, files: set[str]) -> str | None:
    """The page of ``files`` whose docs path is closest to ``wanted``; None when none is."""
    pages = sorted(f for f in files if f.endswith(".md"))
    close = difflib.get_close_matches(wanted, pages, n=1, cutoff=0.6)
    return close[0] if close else None


def _suggestion(wanted: str, files: set[str], from_dir: str) -> str:
    close = _close_page(wanted, files)
    return f' (did you mean "{posixpath.relpath(close, from_dir)}"?)' if close else ""


def _missing_scenario(wanted: str, files: set[str], from_dir: str) -> str | None:
    """Why a link to ``wanted``, a scenario's page that the site does not have, is
    broken, in words; None when ``wanted`` is not at a scenario's address
    (``site_paths.scenario_src``, ``facilitator_src``)."""
    parts = wanted.split("/")
    if len(parts) == 2 and parts[0] == "scenarios" and parts[1].endswith(".md"):
        slug, what = parts[1].removesuffix(".md"), "page"
    elif len(parts) == 3 and parts[0] == "scenarios" and parts[2] == "facilitator.md":
        slug, what = parts[1], "facilitator page"
    else:
        return None
    close = _close_page(wanted, files)
    if close and not close.startswith("scenarios/"):
        return None  # more likely a page of the site linked from the wrong folder
    fix = "change or remove the link"
    if close:
        fix = f'if it is now "{posixpath.relpath(close, from_dir)}", link to that'
    return (
        f"there is no scenario file {slug}.yml for this {what} (renamed or deleted?); "
        f"{fix}, or give the file its old name back"
    )


def _severity(level: int) -> Severity | None:
    """The severity of a MkDocs validation level; None for ``ignore``."""
    if level >= logging.ERROR:
        return "error"
    if level >= logging.WARNING:
        return "warning"
    return "info" if level >= logging.INFO else None


def site_link_problems(
    path: str,
    page_src: str,
    links: Iterable[TextLink],
    files: set[str],
    levels: LinkLevels,
) -> list[Problem]:
    """Links to pages or files of the site that are missing or cannot be checked.

    ``files`` holds every docs path of the site, generated pages included. Each problem
    has the severity its MkDocs level gives (a warning is what ``--strict`` refuses, see
    ``refused_by_strict``); what the settings say to ignore is left out.
    """
    here = posixpath.dirname(page_src)
    out: list[Problem] = []
    for link in links:
        target = link.target
        kind, wanted = target.kind, target.path
        if kind == "absolute" and levels.absolute_links == RELATIVE_TO_DOCS:
            kind = "page" if wanted.endswith(".md") else "file"
        level, rule, message = 0, "", ""
        if kind in ("page", "file") and wanted not in files:
            level, rule = levels.not_found, "link-not-found"
            if wanted.startswith("../"):
                message = "it goes outside the site's pages"
            elif kind == "page" and (scenario := _missing_scenario(wanted, files, here)):
                message = scenario
            else:
                message = "there is no such page" if kind == "page" else "there is no such file"
                message += _suggestion(wanted, files, here)
            message = f'the link "{target.href}" is broken: {message}'
        elif kind == "absolute":
            level, rule = levels.absolute_links, "absolute-link"
            message = (
                f'the link "{target.href}" starts with "/", so it breaks when the site is '
                "not at the root of its address; link to the page's file instead"
                + _suggestion(wanted.rstrip("/") + ".md", files, here)
            )
        elif kind == "unrecognized":
            level, rule = levels.unrecognized_links, "unrecognized-link"
            message = (
                f'the link "{target.href}" does not name a page\'s .md file, so it cannot '
                "be checked; link to the file instead"
                + _suggestion(wanted.rstrip("/") + ".md", files, here)
            )
        severity = _severity(level)
        if message and severity is not None:
            text = f"{link.where}: {message}" if link.where else message
            out.append(Problem(path, link.line, link.col, text, severity=severity, rule=rule))
    return out


def refused_by_strict(problems: Iterable[Problem]) -> list[Problem]:
    """The link problems ``mkdocs build --strict`` refuses (warnings and above), as
    errors: what ``check`` reports, and what stops a strict build or a serve page."""
    return [replace(p, severity="error") for p in problems if p.severity != "info"]
