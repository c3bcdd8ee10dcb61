"""The MkDocs plugin: hands the site plan (``site.py``) to MkDocs.

Scenarios are loaded in ``on_pre_build``, before MkDocs empties ``site/``, so a broken
file fails ``mkdocs build`` and leaves the last good site untouched. Under ``mkdocs
serve`` a broken file becomes an error page instead, and fixing it recovers. Everything
else (which pages exist, their titles, headings, bodies, the navigation and the assets)
comes from the plan.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .catalog import ScenarioCatalog
from .errors import Problem, ScenarioError
from .html_post import fold_whitespace, mark_external_links
from .links import refused_by_strict
from .lint import lint_loaded
from .load import LoadedScenario
from .mkdocs_structures import PageFiles, fill_nav_section, replace_file, table_of_contents
from .page_links import SiteLinks, keep_serving
from .published import drop_unpublished
from .render import DEFAULT_PASS_MARK
from .scorm import FORMATS
from .site import Page as PlannedPage
from .site import SiteOptions, SitePlan, asset_names, options_mistake, plan_site
from .site_paths import ASSET_DIR

log = logging.getLogger("mkdocs.plugins.role-play")


class RolePlayConfig(Config):
    """Options under ``plugins: - role-play:`` in mkdocs.yml."""

    scenarios_dir = c.Type(str, default="scenarios")
    nav_section = c.Type(str, default="Scenarios")
    pass_mark = c.Type((int, float), default=DEFAULT_PASS_MARK)  # first answers, 0 to 1
    max_attempts = c.Type(int, default=0)  # attempts that count; 0: all (SiteOptions)
    only = c.ListOfItems(c.Type(str), default=[])
    """Build just these scenarios (their slugs); every one when empty. Set by ``package``."""
    coaching = c.Type(str, default="debrief")  # or "immediate": see SiteOptions.coaching
    lms = c.Choice(("", *FORMATS), default="")
    """The SCORM version of a package build: adds the LMS adapter. Set by ``package``."""


class RolePlayPlugin(BasePlugin[RolePlayConfig]):
    """Turns ``scenarios/*.yml`` into interactive role-play pages."""

    def __init__(self) -> None:
        self.serving = False
        self.catalog: ScenarioCatalog | None = None
        self.plan: SitePlan | None = None
        self._dead_links: dict[str, list[Problem]] = {}  # by file path, under serve
        self._links = SiteLinks()  # and the hand-written pages' links
        self._files = PageFiles()
        self.seconds = 0.0
        """The plugin's own time in the last build, over all of its events."""

    @property
    def last_reloaded(self) -> int:
        """How many scenario files the last build read and validated again."""
        return self.catalog.reloaded if self.catalog else 0

    @contextmanager
    def _timed(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - started

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if mistake := options_mistake((c := self.config).pass_mark, c.coaching, c.max_attempts):
            raise PluginError(f"role-play: {mistake}")
        for name, load in asset_names(self.config.lms):
            target = config.extra_css if load == "style" else config.extra_javascript
            uri = f"{ASSET_DIR}/{name}"
            if load != "on-demand" and uri not in [str(x) for x in target]:
                target.append(uri)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.seconds = 0.0
        with self._timed():
            folder, only = self._directory(config), self.config.only
            # MkDocs keeps a plugin from one configuration load to the next in a process.
            if self.catalog is None or (self.catalog.folder, self.catalog.only) != (folder, only):
                advise = self._advise if self.serving else None
                self.catalog = ScenarioCatalog(folder, only, advise)
            problems = self.catalog.refresh()
            links = self._links.check(config, self.catalog, serving=self.serving)
        serious = refused_by_strict(links)
        for problem in links:
            if problem.severity == "info":
                log.info(f"{problem.location}: {problem.message}")
        if not self.serving and not config.strict:
            for problem in serious:
                log.warning(str(problem))  # MkDocs counts it, as it does its own links
            serious = []
        self._dead_links = {p.path: [q for q in serious if q.path == p.path] for p in serious}
        problems += serious
        if not problems:
            return
        report = ScenarioError(problems).report()
        if not self.serving:
            raise PluginError(
                f"{len(problems)} mistake(s) in the scenarios; the site was not built:\n{report}"
            )
        # Under serve, raising would leave the server waiting; show the errors instead.
        sys.stderr.write(f"ERROR    -  Scenario mistakes (shown in the browser too):\n{report}\n")

    @staticmethod
    def _advise(raw: bytes, loaded: LoadedScenario) -> None:
        # Advice at INFO: it can never fail a build (MkDocs counts warnings against --strict).
        for warning in lint_loaded(raw, loaded):
            log.info(str(warning))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        with self._timed():
            files = self._links.add_stand_ins(drop_unpublished(files, config.docs_dir), config)
            assert self.catalog is not None
            c, udu = self.config, config.use_directory_urls
            options = SiteOptions(
                config.site_name, udu, c.pass_mark, c.lms, c.nav_section, c.coaching, c.max_attempts
            )
            self.plan = plan_site(list(self.catalog.entries.values()), options, self._dead_links)
            for file in self._files.files(config, self.plan.pages, self.serving):
                replace_file(files, file)
            for a in self.plan.assets:
                replace_file(files, File.generated(config, a.path, content=a.content()))
            fill_nav_section(config.nav, self.plan.nav)
        return files

    def _planned(self, page: Page) -> PlannedPage | None:
        return self.plan.page(page.file.src_uri) if self.plan else None

    @event_priority(50)  # before the search plugin indexes the page
    def _search_gets_plain_words(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        planned = self._planned(page)
        if planned is not None:
            started = time.perf_counter()  # no context manager: it is called 2,000 times
            page.content = planned.search_text()
            self.seconds += time.perf_counter() - started
        return context

    @event_priority(-50)  # after the search plugin, before the theme renders the page
    def _page_gets_full_html(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        planned = self._planned(page)
        if planned is not None:
            page.content = planned.body
        return context

    on_page_context = CombinedEvent(_search_gets_plain_words, _page_gets_full_html)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        planned = self._planned(page)
        if planned is None:
            return mark_external_links(html)
        page.toc = table_of_contents(planned.headings)
        return planned.body  # generated pages mark their outside links as they render

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.serving:
            return self._links.notice(output, page)  # weight only matters once published
        with self._timed():
            return fold_whitespace(output)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        server.watch(str(self._directory(config)))
        return keep_serving(server)  # a strict site's warnings must not stall the browser

    def _directory(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return base / self.config.scenarios_dir
