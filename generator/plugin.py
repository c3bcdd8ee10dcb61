"""The MkDocs plugin: one page per scenario, a page per topic, and the progress page.

Scenarios are loaded in ``on_pre_build``, before MkDocs empties ``site/``, so a broken
file fails ``mkdocs build`` and leaves the last good site untouched. Under ``mkdocs
serve`` a broken file becomes an error page instead, and fixing it recovers.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .errors import Problem, ScenarioError
from .load import LoadedScenario, digest, display_path, load_scenario_bytes, read_limited
from .load import scenario_files as list_scenario_files
from .render import (
    PROGRESS_SRC,
    render_errors,
    render_progress,
    render_scenario,
    render_topic,
    scenario_src,
    topic_src,
)
from .text import safe_title
from .topics import TOPICS

log = get_plugin_logger(__name__)

ASSETS = ("roleplay.js", "roleplay.css")
ASSET_DIR = "assets/roleplay"


class RolePlayConfig(Config):
    """Options under ``plugins: - role-play:`` in mkdocs.yml."""

    scenarios_dir = c.Type(str, default="scenarios")
    nav_section = c.Type(str, default="Scenarios")


@dataclass
class _Entry:
    """What one scenario file produced, kept while its bytes stay the same."""

    digest: str
    loaded: LoadedScenario | None
    problems: list[Problem]
    html: dict[bool, str]  # rendered body, by use_directory_urls


class RolePlayPlugin(BasePlugin[RolePlayConfig]):
    """Turns ``scenarios/*.yml`` into interactive role-play pages."""

    def __init__(self) -> None:
        self.serving = False
        self._cache: dict[Path, _Entry] = {}
        self._entries: dict[str, _Entry] = {}  # by slug, for this build
        self._bodies: dict[str, str] = {}  # generated page src_uri -> HTML body
        self._titles: dict[str, str] = {}
        self.last_reloaded = 0
        self.seconds = 0.0
        """The plugin's own time in the last build (loading, rendering, nav)."""

    # -- events ------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            uri = f"{ASSET_DIR}/{name}"
            if uri not in [str(x) for x in target]:
                target.append(uri)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        directory = self._directory(config)
        seen: dict[Path, _Entry] = {}
        self.last_reloaded = 0
        for path in list_scenario_files(directory):
            seen[path] = self._load(path)
        self._cache = seen
        self._entries = {path.stem: entry for path, entry in seen.items()}
        problems = [p for entry in seen.values() for p in entry.problems]
        self.seconds = time.perf_counter() - started
        if not problems:
            return
        report = ScenarioError(problems).report()
        if not self.serving:
            raise PluginError(
                f"{len(problems)} mistake(s) in the scenarios; the site was not built:\n{report}"
            )
        # Under serve, raising would leave the server waiting; show the errors instead.
        sys.stderr.write(f"ERROR    -  Scenario mistakes (shown in the browser too):\n{report}\n")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        udu = config.use_directory_urls
        valid = sorted(
            (e.loaded for e in self._entries.values() if e.loaded),
            key=lambda x: (x.scenario.title.lower(), x.slug),
        )
        self._bodies, self._titles = {}, {}
        for slug, entry in self._entries.items():
            src = scenario_src(slug)
            if entry.loaded is not None:
                if udu not in entry.html:
                    entry.html[udu] = render_scenario(entry.loaded, udu)
                headings: tuple[str, ...] = ("What you will practise", "Role-play")
                if entry.loaded.scenario.questions:
                    headings += ("Knowledge check",)
                title = entry.loaded.scenario.title
                self._add(files, config, src, title, entry.html[udu], headings)
            else:
                self._add(
                    files, config, src, f"Mistakes in {slug}.yml", render_errors(entry.problems)
                )
        for topic in TOPICS:
            members = [x for x in valid if x.scenario.topic == topic.slug]
            self._add(
                files, config, topic_src(topic.slug), topic.title, render_topic(topic, members, udu)
            )
        self._add(files, config, PROGRESS_SRC, "Your progress", render_progress(valid, udu))
        for name in ASSETS:
            data = package_files("generator").joinpath(f"assets/{name}").read_bytes()
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=data))
        self._set_nav(config, valid)
        self.seconds += time.perf_counter() - started
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        title = self._titles.get(page.file.src_uri)
        if title is not None:
            page.meta["title"] = safe_title(title)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._bodies.get(page.file.src_uri, html)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self._directory(config)))
        return server

    # -- helpers -----------------------------------------------------------------
    def _directory(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return base / self.config.scenarios_dir

    def _load(self, path: Path) -> _Entry:
        """Load a file, reusing the previous result while its bytes are unchanged."""
        try:
            raw = read_limited(path)
        except ScenarioError as err:
            return _Entry("", None, err.problems, {})
        key = digest(raw)
        cached = self._cache.get(path)
        if cached is not None and cached.digest == key:
            return cached
        self.last_reloaded += 1
        try:
            return _Entry(key, load_scenario_bytes(raw, display_path(path), path.stem), [], {})
        except ScenarioError as err:
            return _Entry(key, None, err.problems, {})

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        src: str,
        title: str,
        body: str,
        headings: tuple[str, ...] = (),
    ) -> None:
        # The Markdown only feeds Material's table of contents (the body replaces its
        # HTML); the heading ids it makes match those in the body.
        stub = "".join(f"## {h}\n\n" for h in headings)
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src, content=stub))
        self._bodies[src] = body
        self._titles[src] = title

    def _set_nav(self, config: MkDocsConfig, valid: list[LoadedScenario]) -> None:
        if config.nav is None:
            return
        section: list[Any] = []
        broken = [slug for slug, e in self._entries.items() if e.loaded is None]
        section += [{f"Mistakes in {slug}.yml": scenario_src(slug)} for slug in broken]
        for topic in TOPICS:
            members = [x for x in valid if x.scenario.topic == topic.slug]
            pages: list[Any] = [{f"{topic.title}: overview": topic_src(topic.slug)}]
            pages += [{safe_title(x.scenario.title): scenario_src(x.slug)} for x in members]
            section.append({topic.title: pages})
        section.append({"Your progress": PROGRESS_SRC})
        name = self.config.nav_section
        for item in config.nav:
            if isinstance(item, dict) and name in item:
                item[name] = section
                return
        config.nav.append({name: section})
