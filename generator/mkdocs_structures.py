"""The site plan's items as MkDocs' own structures: Files, a table of contents, the nav.

Kept apart from the plugin's events so that each stays small; only the plugin uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .site import Heading, NavItem, Page


def table_of_contents(headings: tuple[Heading, ...]) -> TableOfContents:
    """MkDocs' table of contents for a generated page: level 3 headings under level 2,
    built as data (as Material's tags plugin builds its own)."""
    top: list[AnchorLink] = []
    for h in headings:
        link = AnchorLink(h.text, h.id, h.level)
        if h.level > 2 and top:
            top[-1].children.append(link)
        else:
            top.append(link)
    return TableOfContents(top)


def fill_nav_section(nav: list[Any] | None, section: NavItem) -> None:
    """Put the plan's navigation section in mkdocs.yml's ``nav``: in place of the entry
    of the same name (``- Scenarios: []``), or last. No ``nav`` (MkDocs lists every
    page by itself) is left alone."""
    if nav is None:
        return
    for item in nav:
        if isinstance(item, dict) and section.title in item:
            item.update(section.as_config())
            return
    nav.append(section.as_config())


def replace_file(files: Files, file: File) -> None:
    """Add ``file``, in place of a file at the same docs path."""
    existing = files.src_uris.get(file.src_uri)  # our paths are already POSIX
    if existing is not None:
        files.remove(existing)
    files.append(file)


class PageFiles:
    """The Files of generated pages: front matter only (the plan's body replaces their
    HTML). With ``keep`` (under serve), a File is used again while nothing it was made
    from changed: making 2,000 of them anew was a quarter of the plugin's time per edit
    on a site of 1,000 scenarios."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[tuple[str, str, bool, bool], File]] = {}

    def files(self, config: MkDocsConfig, pages: Iterable[Page], keep: bool) -> Iterator[File]:
        """The Files of generated pages: front matter (the title) and no Markdown."""
        site_dir, udu = config.site_dir, config.use_directory_urls  # read once, not per page
        for page in pages:
            yield self._file(config, page, (page.title, site_dir, udu, page.in_nav), keep)

    def _file(
        self, config: MkDocsConfig, page: Page, key: tuple[str, str, bool, bool], keep: bool
    ) -> File:
        src = page.src
        kept = self._kept.get(src) if keep else None
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        if kept is not None and kept[0] == key:
            file = kept[1]
            # What MkDocs sets on a File during a build, it works out again in the next.
            file.page = None
            file.inclusion = inclusion
            return file
        file = File.generated(config, src, content=page.front_matter(), inclusion=inclusion)
        self._kept[src] = (key, file)
        return file
