"""Links in the hand-written pages to pages the site does not have, found before MkDocs.

MkDocs checks the links of the hand-written pages itself, but only once the whole site
is built, and in a strict site (``strict: true``) one that leads nowhere then stops it:
``mkdocs build`` names the page but not the line, and ``mkdocs serve`` keeps every
request waiting until a rebuild succeeds, so the browser seems to hang while the reason
is only in the terminal. The usual cause is a scenario file renamed or deleted while
the idea pages, the guide or the home page still link to its page.

So in a strict site the plugin looks first, with MkDocs' own ``validation:`` levels
(``SiteLinks``, which also runs ``published.check_docs``):

- a build stops before it touches ``site/``, naming each link at file:line:col;
- under serve, each missing address that a page links to gets a stand-in page listing
  the links that lead there (MkDocs then finds every target and goes on), and every
  other page shows the whole list at its top, until the links or the file are fixed.

Whatever else strict mode stops a rebuild for (a page of the ``nav`` that is not there,
say), ``keep_serving`` serves the pages as built, with MkDocs' warnings at their top.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, PackageLoader, select_autoescape
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from .attempt_restarts import published_site, restart_notes
from .catalog import ScenarioCatalog
from .errors import Problem
from .links import RELATIVE_TO_DOCS, LinkLevels, TextLink, refused_by_strict, site_link_problems
from .load import display_path
from .published import check_docs, is_editor_backup
from .site_config import docs_files
from .site_paths import generated_files
from .text import link_target

_ENGINE_LOGGERS = ("mkdocs", "properdocs")
"""Where MkDocs, and ProperDocs, log the warnings that strict mode counts."""
_ARTICLE = re.compile(r"<article\b[^>]*>")
_BODY = re.compile(r"<body\b[^>]*>")
NOTICE_TITLE = "The site cannot be published like this."
NOTICE_ADVICE = (
    "Fix each problem below (file:line:column), or give a renamed file its old name back, "
    "and save; this page reloads by itself."
)
MKDOCS_ADVICE = (
    "MkDocs stopped the site for the warnings below (strict: true in mkdocs.yml). Fix "
    "what each names, or give a renamed file its old name back, and save; this page "
    "reloads by itself."
)
STAND_IN_TITLE = "There is no page at this address."
STAND_IN_ADVICE = (
    "These links lead here. Fix each one (file:line:column), or give a renamed file its "
    "old name back, and save; this page reloads by itself."
)


class _Collect(Treeprocessor):
    """Every link and image address of a page, in the order of the page."""

    def __init__(self, md: markdown.Markdown, found: list[str]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(element.tag)
            if key is not None and key in element.attrib:
                self.found.append(element.attrib[key])


class _Addresses(Extension):
    def __init__(self, found: list[str]) -> None:
        super().__init__()
        self.found = found

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Last, where MkDocs checks them: after the links and the attribute lists are made.
        md.treeprocessors.register(_Collect(md, self.found), "role_play_addresses", 0)


def _place(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class SiteLinks:
    """The links of a site's pages, checked at each build; one per plugin, so that under
    serve a page is only read again when it changed."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        """The links the last strict build found broken, at their place."""
        self._stand_ins: dict[str, list[Problem]] = {}
        self._box = ""
        self._pages: dict[str, tuple[tuple[int, int], list[TextLink]]] = {}
        self._markdown: tuple[str, markdown.Markdown, list[str]] | None = None

    def check(
        self, config: MkDocsConfig, catalog: ScenarioCatalog, *, serving: bool
    ) -> list[Problem]:
        """Check the docs folder (``published.check_docs``) and, in a strict site, the
        hand-written pages' links; return the link problems of the scenarios' text
        (each at the severity MkDocs' levels give it), which the plugin reports.

        A broken link of a page stops a build (PluginError naming each, before site/ is
        touched), unless the scenarios have mistakes of their own, which the plugin
        reports first. Under serve, what was found is printed, and kept for
        ``add_stand_ins`` and ``notice``. Notes on learners' unfinished attempts
        (attempt_restarts) come last, as info.
        """
        docs_dir = Path(config.docs_dir)
        shown = check_docs(docs_dir, catalog.folder, serving=serving, strict=config.strict)
        docs = docs_files(docs_dir)
        levels = LinkLevels.from_mkdocs(config.validation.links)
        self.problems, self._stand_ins, self._box = [], {}, ""
        found = catalog.link_problems(docs, levels)
        if config.strict:  # otherwise MkDocs' warnings about the pages stop nothing
            self._parser(config)
            files = docs | generated_files(list(catalog.entries))
            for src in sorted(docs):
                if src.endswith(".md") and not is_editor_backup(src):
                    self._check_page(config, docs_dir, src, files, levels)
        report = "\n".join(str(p) for p in self.problems)
        if self.problems and not serving:
            if catalog.problems() or refused_by_strict(found):
                return found  # the scenarios' own mistakes are reported first, alone
            raise PluginError(
                f"{len(self.problems)} link(s) in the site's pages lead to pages or files "
                f"that do not exist; the site was not built:\n{report}"
            )
        if self.problems:
            sys.stderr.write(f"ERROR    -  Broken links (shown in the browser too):\n{report}\n")
        if serving and (shown or self.problems):
            self._box = _render(NOTICE_TITLE, NOTICE_ADVICE, shown + self.problems)
        # What the edits do to learners' unfinished attempts (info: the plugin prints it).
        return found + restart_notes(
            catalog.valid(), *published_site(Path(config.config_file_path))
        )

    def _check_page(
        self, config: MkDocsConfig, docs_dir: Path, src: str, files: set[str], levels: LinkLevels
    ) -> None:
        path = docs_dir / src
        for link in self._links(config, path, src):
            broken = refused_by_strict(
                site_link_problems(display_path(path), src, [link], files, levels)
            )
            self.problems += broken
            target = link.target
            # A stand-in only helps where MkDocs looks for a file: not for an address it
            # leaves as it is, nor for one outside the docs folder.
            in_docs = target.kind in ("page", "file") or (
                target.kind == "absolute" and levels.absolute_links == RELATIVE_TO_DOCS
            )
            in_docs = in_docs and target.path not in files and not target.path.startswith("../")
            if broken and in_docs:
                self._stand_ins.setdefault(target.path, []).extend(broken)

    def _links(self, config: MkDocsConfig, path: Path, src: str) -> list[TextLink]:
        """Every link and image of the page at ``path`` (docs path ``src``) as MkDocs'
        Markdown, with the site's extensions, makes them, each at its place."""
        try:
            stat = path.stat()
            raw = path.read_bytes()
        except OSError:
            return []  # MkDocs says what is wrong with a page it cannot read
        key = (stat.st_mtime_ns, stat.st_size)
        kept = self._pages.get(src)
        if kept is not None and kept[0] == key:
            return kept[1]
        md, addresses = self._parser(config)
        text = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
        addresses.clear()
        md.reset()
        md.convert(get_data(text)[0])
        links: list[TextLink] = []
        searched_from: dict[str, int] = {}
        for href in addresses:
            # The address as written, in order: the next place of the same text.
            offset = text.find(href, searched_from.get(href, 0))
            searched_from[href] = offset + len(href) if offset >= 0 else 0
            line, col = _place(text, offset) if offset >= 0 else (1, 1)
            links.append(TextLink("", line, col, link_target(href, src)))
        self._pages[src] = (key, links)
        return links

    def _parser(self, config: MkDocsConfig) -> tuple[markdown.Markdown, list[str]]:
        """A Markdown converter with the site's extensions, and the list it fills; made
        again (and the pages read again) when mkdocs.yml changes them."""
        settings = repr((config.markdown_extensions, config.mdx_configs))
        if self._markdown is None or self._markdown[0] != settings:
            addresses: list[str] = []
            md = markdown.Markdown(
                extensions=[*config.markdown_extensions, _Addresses(addresses)],
                extension_configs=config.mdx_configs,
            )
            self._markdown, self._pages = (settings, md, addresses), {}
        return self._markdown[1], self._markdown[2]

    def add_stand_ins(self, files: Files, config: MkDocsConfig) -> Files:
        """Under serve, a stand-in at each missing address a page links to: for a page,
        one that lists those links; for any other file, an empty one."""
        for path, problems in self._stand_ins.items():
            if path in files.src_uris:
                continue
            content = ""
            if path.endswith(".md"):
                title = json.dumps(f"No page at {path}")
                body = _render(STAND_IN_TITLE, STAND_IN_ADVICE, problems)
                content = f"---\ntitle: {title}\n---\n\n{body}"
            files.append(
                File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        return files

    def notice(self, output: str, page: Page) -> str:
        """The page's HTML with the broken links listed at the top of its text, under
        serve, while there are any (a stand-in page lists its own)."""
        if not self._box or page.file.src_uri in self._stand_ins:
            return output
        return _at_top(output, self._box)


def keep_serving(server: LiveReloadServer) -> LiveReloadServer:
    """Keep ``server`` answering after a rebuild that strict mode stops for a warning the
    plugin did not see coming (a page of the ``nav`` that is not there, say).

    MkDocs counts the warnings once every page is written, then raises; its server then
    keeps every request waiting until a rebuild succeeds. Here the pages as they were
    built are served instead, each with MkDocs' warnings at the top of its text. Any
    other failure is left to MkDocs.
    """
    build = getattr(server, "builder", None)
    if not callable(build):
        return server

    def builder(*args: Any, **kwargs: Any) -> None:
        warnings = _Warnings()
        for name in _ENGINE_LOGGERS:
            logging.getLogger(name).addHandler(warnings)
        try:
            build(*args, **kwargs)
        except Exception as stop:
            # MkDocs' Abort, or ProperDocs' own class of the same name: both SystemExit.
            strict = isinstance(stop, SystemExit) and "in strict mode" in str(stop)
            if not (strict and warnings.messages):
                raise
            box = _render(NOTICE_TITLE, MKDOCS_ADVICE, warnings.messages)
            for page in Path(server.root).rglob("*.html"):
                page.write_text(_at_top(page.read_text("utf-8"), box), "utf-8")
            sys.stderr.write(f"ERROR    -  {stop} The pages are served with the warnings.\n")
        finally:
            for name in _ENGINE_LOGGERS:
                logging.getLogger(name).removeHandler(warnings)

    server.builder = builder
    return server


class _Warnings(logging.Handler):
    """The messages of MkDocs' warnings and errors during one rebuild: what strict counts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _at_top(html: str, box: str) -> str:
    """``html`` with ``box`` first in the page's text (the theme's article), else first
    in its body."""
    found = _ARTICLE.search(html) or _BODY.search(html)
    at = found.end() if found else 0
    return html[:at] + box + html[at:]


def _render(title: str, advice: str, problems: Sequence[Problem | str]) -> str:
    environment = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("errors.html")
    return template.render(title=title, advice=advice, problems=problems)
