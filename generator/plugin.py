"""The MkDocs plugin: one page per scenario, a page per topic, and the progress page.

Scenarios are loaded in ``on_pre_build``, before MkDocs empties ``site/``, so a broken
file fails ``mkdocs build`` and leaves the last good site untouched. Under ``mkdocs
serve`` a broken file becomes an error page instead, and fixing it recovers.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .assets import asset, lms_adapter
from .errors import Problem, ScenarioError
from .links import LinkLevels, site_link_problems
from .lint import lint_loaded
from .load import (
    LoadedScenario,
    digest,
    display_path,
    load_scenario_bytes,
    read_limited,
    scan_scenarios,
)
from .render import (
    DEFAULT_PASS_MARK,
    render_certificate,
    render_errors,
    render_facilitator,
    render_plan,
    render_progress,
    render_scenario,
    render_search_text,
    render_topic,
)
from .scorm import FORMATS
from .site_config import docs_files
from .site_paths import (
    ASSET_DIR,
    ASSETS,
    CERTIFICATE_SRC,
    KIT_ASSETS,
    LMS_ADAPTER,
    PLAN_SRC,
    PROGRESS_SRC,
    facilitator_src,
    generated_files,
    scenario_src,
    topic_src,
)
from .text import safe_title
from .topics import TOPICS

# Elements whose whitespace matters, and line breaks followed by indentation.
_KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n[ \t\r\n]+")
log = logging.getLogger("mkdocs.plugins.role-play")


def fold_whitespace(html: str) -> str:
    """Fold indentation between lines to one line break; pre, textarea and scripts kept.

    Material's templates indent deeply; on a page whose navigation lists hundreds of
    scenarios that indentation alone is tens of kilobytes. The rendered page is the same.
    """
    out, last = [], 0
    for kept in _KEEP.finditer(html):
        out += [_INDENT.sub("\n", html[last : kept.start()]), kept.group()]
        last = kept.end()
    out.append(_INDENT.sub("\n", html[last:]))
    return "".join(out)


_A_TAG = re.compile(r"<a\b[^>]*>")
_EXTERNAL = re.compile(r'\shref="(?:https?:|mailto:)')
_CLASS = re.compile(r'\sclass="([^"]*)"')


def mark_external_links(html: str) -> str:
    """Give links that leave the site the class ``rp-ext``, so that print can show where
    they go. (Material's instant navigation makes internal links absolute in the browser,
    so a CSS selector on the address cannot tell them apart.)"""

    def mark(tag: re.Match[str]) -> str:
        text = tag.group()
        if not _EXTERNAL.search(text):
            return text
        if _CLASS.search(text):
            return _CLASS.sub(lambda c: f' class="{c.group(1)} rp-ext"', text, count=1)
        return '<a class="rp-ext"' + text[2:]

    return _A_TAG.sub(mark, html)


class RolePlayConfig(Config):
    """Options under ``plugins: - role-play:`` in mkdocs.yml."""

    scenarios_dir = c.Type(str, default="scenarios")
    nav_section = c.Type(str, default="Scenarios")
    pass_mark = c.Type((int, float), default=DEFAULT_PASS_MARK)
    """The share of knowledge-check questions to get right first time to pass (0 to 1)."""
    only = c.ListOfItems(c.Type(str), default=[])
    """Build just these scenarios (their slugs); every one when empty. Set by ``package``."""
    lms = c.Choice(("", *FORMATS), default="")
    """The SCORM version of a package build: adds the LMS adapter. Set by ``package``."""


@dataclass
class _Entry:
    """What one scenario file produced, kept while the file stays the same."""

    stat: tuple[int, int, int]
    digest: str
    loaded: LoadedScenario | None
    problems: list[Problem]
    html: dict[tuple[bool, float, bool], str] = field(default_factory=dict)  # (udu, mark, lms)
    kit: dict[bool, str] = field(default_factory=dict)  # facilitator page, by udu
    search: str | None = None
    title: str = ""  # safe for MkDocs and Material, see safe_title


class RolePlayPlugin(BasePlugin[RolePlayConfig]):
    """Turns ``scenarios/*.yml`` into interactive role-play pages."""

    def __init__(self) -> None:
        self.serving = False
        self._cache: dict[Path, _Entry] = {}
        self._entries: dict[str, _Entry] = {}  # by slug, for this build
        self._by_src: dict[str, _Entry] = {}  # by generated page src_uri
        self._bodies: dict[str, str] = {}  # generated page src_uri -> HTML body
        self._titles: dict[str, str] = {}
        self._link_problems: dict[str, list[Problem]] = {}  # by file path, under serve
        self._files: dict[str, tuple[tuple[str, str, bool], File]] = {}  # see _generated
        self.last_reloaded = 0
        """How many scenario files the last build read and validated again."""
        self.seconds = 0.0
        """The plugin's own time in the last build, over all of its events."""

    @contextmanager
    def _timed(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - started

    # -- events ------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        mark = self.config.pass_mark
        if isinstance(mark, bool) or not 0 <= mark <= 1:
            raise PluginError(
                f"role-play: pass_mark must be a share from 0 to 1, such as 0.8 for 80%, "
                f"found {mark!r}"
            )
        for name in self._assets():
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            uri = f"{ASSET_DIR}/{name}"
            if uri not in [str(x) for x in target]:
                target.append(uri)
        return config

    def _assets(self) -> tuple[str, ...]:
        """The published assets, in the order pages load them: the LMS adapter, in a
        package, before the runtime that stores through it."""
        return ((LMS_ADAPTER,) if self.config.lms else ()) + ASSETS + KIT_ASSETS

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.seconds = 0.0
        with self._timed():
            problems = self._load_all(config)
            links = self._check_links(config)
        serious = [p for level, p in links if level >= logging.WARNING]
        for level, problem in links:
            if level < logging.WARNING:
                log.log(level, str(problem))
        if not self.serving and not config.strict:
            for problem in serious:
                log.warning(str(problem))  # MkDocs counts it, as it does its own links
            serious = []
        self._link_problems = {}
        for problem in serious:
            self._link_problems.setdefault(problem.path, []).append(problem)
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

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        with self._timed():
            self._add_pages(files, config)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        title = self._titles.get(page.file.src_uri)
        if title is not None:
            page.meta["title"] = title
        return markdown

    @event_priority(50)  # before the search plugin indexes the page
    def _search_gets_plain_words(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        entry = self._by_src.get(page.file.src_uri)
        if entry is not None and entry.loaded is not None:
            if entry.search is None:
                with self._timed():
                    entry.search = render_search_text(entry.loaded)
            page.content = entry.search
        return context

    @event_priority(-50)  # after the search plugin, before the theme renders the page
    def _page_gets_full_html(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        body = self._bodies.get(page.file.src_uri)
        if body is not None:
            page.content = body
        return context

    on_page_context = CombinedEvent(_search_gets_plain_words, _page_gets_full_html)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        body = self._bodies.get(page.file.src_uri)
        # Generated pages mark their outside links as they render (see text.py).
        return body if body is not None else mark_external_links(html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.serving:
            return output  # only the published site's weight matters
        with self._timed():
            return fold_whitespace(output)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        server.watch(str(self._directory(config)))
        return server

    # -- loading -----------------------------------------------------------------
    def _directory(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return base / self.config.scenarios_dir

    def _load_all(self, config: MkDocsConfig) -> list[Problem]:
        self.last_reloaded = 0
        found, folder_problems = scan_scenarios(self._directory(config))
        if self.config.only:
            found = [(path, info) for path, info in found if path.stem in self.config.only]
        seen = {path: self._load(path, info) for path, info in found}
        self._cache = seen
        self._entries = {path.stem: entry for path, entry in seen.items()}
        self._by_src = {scenario_src(slug): entry for slug, entry in self._entries.items()}
        return folder_problems + [p for entry in seen.values() for p in entry.problems]

    def _load(self, path: Path, info: os.stat_result | None) -> _Entry:
        """Load a file, reusing the previous result while it is unchanged (``info``: its
        status as the folder was read)."""
        broken = f"Mistakes in {path.name}"
        stat = (info.st_mtime_ns, info.st_size, info.st_ino) if info else (0, 0, 0)
        cached = self._cache.get(path)
        if info and cached is not None and cached.stat == stat:
            return cached  # not even re-read: same file, same size, same time
        try:
            raw = read_limited(path)
        except ScenarioError as err:
            return _Entry(stat, "", None, err.problems, title=broken)
        key = digest(raw)
        if cached is not None and cached.digest == key:
            cached.stat = stat  # touched, not changed
            return cached
        self.last_reloaded += 1
        try:
            loaded = load_scenario_bytes(raw, display_path(path), path.stem)
        except ScenarioError as err:
            return _Entry(stat, key, None, err.problems, title=broken)
        if self.serving:
            # Design advice for the trainer at work; at INFO, so that it can never fail
            # a build (MkDocs counts warnings against --strict).
            for warning in lint_loaded(raw, loaded):
                log.info(str(warning))
        return _Entry(stat, key, loaded, [], title=safe_title(loaded.scenario.title))

    def _check_links(self, config: MkDocsConfig) -> list[tuple[int, Problem]]:
        """Links in valid scenarios to site pages or files that are missing or unsure."""
        files = docs_files(Path(config.docs_dir)) | generated_files(list(self._entries))
        levels = LinkLevels.from_mkdocs(config.validation.links)
        found: list[tuple[int, Problem]] = []
        for slug, entry in self._entries.items():
            if entry.loaded is not None:
                loaded = entry.loaded
                found += site_link_problems(
                    loaded.path, scenario_src(slug), loaded.links, files, levels
                )
        return found

    # -- pages -------------------------------------------------------------------
    def _add_pages(self, files: Files, config: MkDocsConfig) -> None:
        udu = config.use_directory_urls
        valid = sorted(
            (e.loaded for e in self._entries.values() if e.loaded),
            key=lambda x: (x.scenario.title.lower(), x.slug),
        )
        self._bodies, self._titles = {}, {}
        for slug, entry in self._entries.items():
            src = scenario_src(slug)
            if entry.loaded is None:
                self._add(files, config, src, entry.title, render_errors(entry.problems))
                continue
            dead = self._link_problems.get(entry.loaded.path)
            if dead:
                body = render_errors(dead)
                self._add(files, config, src, f"Mistakes in {slug}.yml", body)
                continue
            key = (udu, float(self.config.pass_mark), bool(self.config.lms))
            if key not in entry.html:
                entry.html[key] = render_scenario(entry.loaded, udu, key[1], key[2])
            headings: tuple[str, ...] = ("What you will practice", "Role-play")
            if entry.loaded.scenario.questions:
                headings += ("Knowledge check",)
            self._add(files, config, src, entry.title, entry.html[key], headings)
        for x in valid:
            entry = self._entries[x.slug]
            if udu not in entry.kit:
                entry.kit[udu] = render_facilitator(x, udu)
            title = f"Facilitator page: {entry.title}"
            self._add(files, config, facilitator_src(x.slug), title, entry.kit[udu])
        self._add(files, config, PLAN_SRC, "Plan a session", render_plan(valid, udu))
        mark = float(self.config.pass_mark)
        body = render_certificate(valid, safe_title(config.site_name), udu, mark)
        self._add(files, config, CERTIFICATE_SRC, "Your certificate", body)
        for topic in TOPICS:
            members = [x for x in valid if x.scenario.topic == topic.slug]
            body = render_topic(topic, members, udu, float(self.config.pass_mark))
            self._add(files, config, topic_src(topic.slug), safe_title(topic.title), body)
        body = render_progress(valid, udu, float(self.config.pass_mark))
        self._add(files, config, PROGRESS_SRC, "Your progress", body)
        for name in self._assets():
            content = lms_adapter(self.config.lms) if name == LMS_ADAPTER else asset(name)
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=content))
        self._set_nav(config, valid)

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        src: str,
        title: str,
        body: str,
        headings: tuple[str, ...] = (),
    ) -> None:
        """Add a generated page; ``title`` must already be safe (see safe_title)."""
        # The Markdown only feeds Material's table of contents (the body replaces its
        # HTML); the heading ids it makes match those in the body.
        stub = "".join(f"## {h}\n\n" for h in headings)
        existing = files.src_uris.get(src)  # our paths are already POSIX
        if existing is not None:
            files.remove(existing)
        files.append(self._generated(config, src, stub))
        self._bodies[src] = body
        self._titles[src] = title

    def _generated(self, config: MkDocsConfig, src: str, stub: str) -> File:
        """A generated page's File. Under serve, the previous build's File is used again
        when nothing it was made from changed: making 2,000 of them anew was a quarter
        of the plugin's time per edit on a site of 1,000 scenarios."""
        key = (stub, config.site_dir, config.use_directory_urls)
        kept = self._files.get(src) if self.serving else None
        if kept is not None and kept[0] == key:
            file = kept[1]
            # What MkDocs sets on a File during a build, it works out again in the next.
            file.page = None
            file.inclusion = InclusionLevel.UNDEFINED
            return file
        file = File.generated(config, src, content=stub)
        self._files[src] = (key, file)
        return file

    def _set_nav(self, config: MkDocsConfig, valid: list[LoadedScenario]) -> None:
        if config.nav is None:
            return
        section: list[Any] = []
        section += [
            {e.title: scenario_src(slug)} for slug, e in self._entries.items() if e.loaded is None
        ]
        for topic in TOPICS:
            members = [x for x in valid if x.scenario.topic == topic.slug]
            pages: list[Any] = [{f"{topic.title}: overview": topic_src(topic.slug)}]
            pages += [{self._entries[x.slug].title: scenario_src(x.slug)} for x in members]
            section.append({topic.title: pages})
        section.append({"Your progress": PROGRESS_SRC})
        section.append({"Your certificate": CERTIFICATE_SRC})
        name = self.config.nav_section
        for item in config.nav:
            if isinstance(item, dict) and name in item:
                item[name] = section
                return
        config.nav.append({name: section})
