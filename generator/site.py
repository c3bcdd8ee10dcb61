"""The site plan: every page, asset and navigation entry the scenarios add to a site.

One plain object, made without MkDocs, that every output reads: the MkDocs plugin hands
it to MkDocs, ``python -m generator pages`` writes it as files for engines that run no
plugins, and the SCORM packager takes its list of SCOs. The order of scenarios, page
titles, headings, the navigation section and the assets are decided here and nowhere
else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from .assets import asset, lms_adapter
from .catalog import ScenarioEntry
from .errors import Problem
from .html_post import link_kit_style
from .load import LoadedScenario
from .model import MAX_ATTEMPTS
from .render import (
    COACHING,
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
from .site_paths import (
    ASSET_DIR,
    ASSETS,
    CERTIFICATE_SRC,
    KIT_ASSETS,
    LMS_ADAPTER,
    PLAN_SRC,
    PROGRESS_SRC,
    facilitator_src,
    scenario_src,
    topic_src,
)
from .text import page_url, safe_title
from .topics import TOPICS

PageKind = Literal[
    "scenario", "mistakes", "facilitator", "plan", "certificate", "topic", "progress"
]


@dataclass(frozen=True)
class SiteOptions:
    """The settings of one site build that change what the plan holds."""

    site_name: str = "Training"
    use_directory_urls: bool = True
    pass_mark: float = DEFAULT_PASS_MARK
    """The site's pass mark, a share from 0 to 1 (a scenario's own ``pass_mark`` wins)."""
    lms: str = ""
    """"scorm12" or "scorm2004" in a package build: adds the LMS adapter; else ""."""
    nav_section: str = "Scenarios"
    """The top-level navigation section the scenarios fill."""
    coaching: str = COACHING[0]
    """"debrief" or "immediate": when learners see each reply's quality and feedback (a
    scenario's own ``coaching`` wins)."""
    max_attempts: int = 0
    """How many attempts count towards a scenario's status; 0: all of them (a scenario's
    own ``max_attempts`` wins)."""


@dataclass(frozen=True)
class Heading:
    """A heading of a generated page, for its table of contents."""

    id: str
    text: str
    """As HTML text: escaped, without tags."""
    level: int


@dataclass(slots=True)  # not frozen: a plan makes thousands, and frozen ones set slowly
class Page:
    """One generated page: where it sits in the docs folder and what it shows."""

    src: str
    """Its docs path, such as ``scenarios/noise-in-the-quiet-room.md``."""
    kind: PageKind
    title: str
    """Safe for MkDocs and Material (see safe_title)."""
    body: str
    """The HTML of the page's content."""
    headings: tuple[Heading, ...]
    in_nav: bool
    """Whether the navigation lists it (facilitator pages are reached by links)."""
    search: Callable[[], str] | None = field(default=None, compare=False, repr=False)
    """The words search should index, when lighter than the body (scenario pages)."""
    hide: tuple[str, ...] = ()
    """Parts of the theme the page goes without, such as "navigation" (a SCO's page:
    the LMS's table of contents is the navigation)."""

    @property
    def in_package(self) -> bool:
        """Whether a SCORM package holds this page: the learner's module alone, so no
        answer keys (facilitator pages) and no lists of statuses that only the
        browser's storage could fill in (topic, progress, certificate and plan pages)."""
        return self.kind in ("scenario", "mistakes")

    def front_matter(self) -> str:
        """The page's front matter: its title, and what it hides. JSON is valid YAML and
        quotes anything."""
        hide = "".join(f"\n  - {part}" for part in self.hide)
        title = json.dumps(self.title, ensure_ascii=False)
        return f"---\ntitle: {title}" + (f"\nhide:{hide}" if hide else "") + "\n---\n"

    def search_text(self) -> str:
        """The HTML search indexes for this page: its light copy, or the body itself."""
        return self.search() if self.search is not None else self.body


AssetLoad = Literal["script", "style", "on-demand"]


@dataclass(frozen=True)
class Asset:
    """A file the generated pages need, published under ``assets/roleplay/``."""

    path: str
    """Its docs path, such as ``assets/roleplay/roleplay.js``."""
    load: AssetLoad
    """How pages get it: a script or style sheet on every page, or only where a page
    needs it: loaded by the runtime (kit.js) or linked in the page's HTML (kit.css)."""
    content: Callable[[], bytes] = field(compare=False, repr=False)


@dataclass(slots=True)
class NavItem:
    """An entry of the navigation: a page, or a section of entries."""

    title: str
    src: str | None = None
    children: tuple[NavItem, ...] = ()

    def as_config(self) -> dict[str, Any]:
        """The entry as mkdocs.yml writes it: ``{title: src}`` or ``{title: [...]}``."""
        if self.src is not None:
            return {self.title: self.src}
        return {self.title: [child.as_config() for child in self.children]}


@dataclass(frozen=True)
class Sco:
    """One scenario: a SCO launched at its page of the built site."""

    slug: str
    title: str
    href: str
    """The page, relative to the package root, e.g. ``scenarios/noisy-study-room.html``."""


@dataclass(frozen=True)
class Section:
    """A topic of the site, with its scenarios in the package (in site order)."""

    slug: str
    title: str
    scos: tuple[Sco, ...]


@dataclass(frozen=True)
class SitePlan:
    """What the scenarios add to a site."""

    options: SiteOptions
    pages: tuple[Page, ...]
    assets: tuple[Asset, ...]
    nav: NavItem
    """The navigation section the scenarios fill (``options.nav_section``)."""
    scenarios: tuple[LoadedScenario, ...]
    """The valid scenarios, in site order."""

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """The SCOs of a package: each topic with its valid scenarios, in site order."""
        return _sections(self.scenarios)

    @cached_property
    def _by_src(self) -> dict[str, Page]:
        return {p.src: p for p in self.pages}

    def page(self, src: str) -> Page | None:
        """The generated page at this docs path, if any."""
        return self._by_src.get(src)

    def sources(self) -> set[str]:
        """Every docs path the plan adds: pages and assets."""
        return {p.src for p in self.pages} | {a.path for a in self.assets}

    def left_out_of_packages(self) -> set[str]:
        """The docs paths of the generated pages a SCORM package leaves out."""
        return {p.src for p in self.pages if not p.in_package}

    def global_assets(self, load: AssetLoad) -> list[str]:
        """The docs paths of the scripts or style sheets every page loads, in order."""
        return [a.path for a in self.assets if a.load == load]


def pass_mark_mistake(mark: object) -> str | None:
    """What is wrong with a site's pass mark, in words; None when it is a share 0 to 1."""
    if isinstance(mark, bool) or not isinstance(mark, int | float) or not 0 <= mark <= 1:
        return f"pass_mark must be a share from 0 to 1, such as 0.8 for 80%, found {mark!r}"
    return None


def options_mistake(
    pass_mark: object, coaching: object = COACHING[0], max_attempts: object = 0
) -> str | None:
    """What is wrong with a site's pass mark, coaching or max_attempts setting, in
    words; None when all are valid."""
    if coaching not in COACHING:
        return f"coaching must be debrief (the default) or immediate, found {coaching!r}"
    low, high = MAX_ATTEMPTS
    if (
        isinstance(max_attempts, bool)
        or not isinstance(max_attempts, int)
        or not (max_attempts == 0 or low <= max_attempts <= high)
    ):
        return (
            f"max_attempts must be a whole number from {low} to {high}, or 0 for no limit "
            f"(the default), found {max_attempts!r}"
        )
    return pass_mark_mistake(pass_mark)


def site_order(scenarios: Sequence[LoadedScenario]) -> list[LoadedScenario]:
    """Scenarios in the order the site lists them: by title, then by file name."""
    return sorted(scenarios, key=lambda x: (x.scenario.title.lower(), x.slug))


def asset_names(lms: str = "") -> tuple[tuple[str, AssetLoad], ...]:
    """The assets' names with how pages load them, in the order pages load them: the LMS
    adapter, in a package, before the runtime that stores through it."""
    adapter: tuple[tuple[str, AssetLoad], ...] = ((LMS_ADAPTER, "script"),) if lms else ()
    loads: dict[str, AssetLoad] = {"roleplay.js": "script", "roleplay.css": "style"}
    loads.update({"kit.js": "on-demand", "site.css": "style", "kit.css": "on-demand"})
    return adapter + tuple((name, loads[name]) for name in ASSETS + KIT_ASSETS)


_HEADING = re.compile(r'<h([23])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def headings_in(body: str) -> tuple[Heading, ...]:
    """The level 2 and 3 headings of an HTML body that have an id, in order."""
    return tuple(
        Heading(m.group(2), " ".join(_TAG.sub("", m.group(3)).split()), int(m.group(1)))
        for m in _HEADING.finditer(body)
    )


def plan_site(
    entries: Sequence[ScenarioEntry],
    options: SiteOptions = SiteOptions(),
    dead_links: dict[str, list[Problem]] | None = None,
) -> SitePlan:
    """Plan the pages of a site with these scenario files.

    ``entries`` may include broken files: each gets a page listing its mistakes (what
    ``serve`` shows); a build refuses them before it gets here. ``dead_links`` maps a
    scenario file's path to links of it that lead nowhere: its page lists them instead.
    Rendered pages are kept in each entry while its file and the options stay the same.
    """
    valid = site_order([e.loaded for e in entries if e.loaded is not None])
    by_slug = {e.slug: e for e in entries}
    by_topic: dict[str, list[LoadedScenario]] = {t.slug: [] for t in TOPICS}
    for x in valid:
        by_topic[x.scenario.topic].append(x)
    pages = list(_scenario_pages(entries, options, dead_links or {}))
    pages += [_facilitator_page(by_slug[x.slug], options) for x in valid]
    pages += _list_pages(valid, by_topic, options)
    return SitePlan(
        options=options,
        pages=tuple(pages),
        assets=_assets(options.lms),
        nav=_nav(entries, by_topic, by_slug, options),
        scenarios=tuple(valid),
    )


def _page(
    src: str,
    kind: PageKind,
    title: str,
    body: str,
    in_nav: bool = True,
    search: Callable[[], str] | None = None,
) -> Page:
    return Page(src, kind, title, body, headings_in(body), in_nav, search)


def _scenario_pages(
    entries: Sequence[ScenarioEntry], options: SiteOptions, dead_links: dict[str, list[Problem]]
) -> Iterator[Page]:
    udu, mark, lms = options.use_directory_urls, float(options.pass_mark), bool(options.lms)
    coaching = options.coaching
    for entry in entries:
        src = scenario_src(entry.slug)
        if entry.loaded is None:
            yield _page(src, "mistakes", entry.title, render_errors(entry.problems))
            continue
        dead = dead_links.get(entry.loaded.path)
        if dead:
            yield _page(src, "mistakes", f"Mistakes in {entry.slug}.yml", render_errors(dead))
            continue
        # The page itself is kept while the file is unchanged: under serve, making a
        # thousand of them anew at each edit was a fifth of the plan's time.
        key = ("scenario", udu, mark, lms, coaching, options.max_attempts)
        if key not in entry.rendered:
            body = render_scenario(
                entry.loaded, udu, mark, lms, coaching, max_attempts=options.max_attempts
            )
            hide = ("navigation",) if lms else ()
            search = _search_of(entry)
            page = Page(src, "scenario", entry.title, body, headings_in(body), True, search, hide)
            entry.rendered[key] = page
        yield entry.rendered[key]


def _search_of(entry: ScenarioEntry) -> Callable[[], str]:
    def search() -> str:
        if "search" not in entry.rendered:
            assert entry.loaded is not None
            entry.rendered["search"] = render_search_text(entry.loaded)
        text: str = entry.rendered["search"]
        return text

    return search


def _facilitator_page(entry: ScenarioEntry, options: SiteOptions) -> Page:
    assert entry.loaded is not None
    udu = options.use_directory_urls
    key = ("facilitator", udu)
    if key not in entry.rendered:
        src = facilitator_src(entry.slug)
        body = link_kit_style(render_facilitator(entry.loaded, udu), src, udu)
        title = f"Facilitator page: {entry.title}"
        entry.rendered[key] = Page(src, "facilitator", title, body, headings_in(body), False)
    page: Page = entry.rendered[key]
    return page


def _list_pages(
    valid: list[LoadedScenario], by_topic: dict[str, list[LoadedScenario]], options: SiteOptions
) -> list[Page]:
    udu, mark = options.use_directory_urls, float(options.pass_mark)
    site_name = safe_title(options.site_name)

    def kit(src: str, body: str) -> str:  # the pages that use the kit's style sheet
        return link_kit_style(body, src, udu)

    pages = [
        _page(PLAN_SRC, "plan", "Plan a session", kit(PLAN_SRC, render_plan(valid, udu))),
        _page(
            CERTIFICATE_SRC,
            "certificate",
            "Your certificate",
            kit(
                CERTIFICATE_SRC,
                render_certificate(valid, site_name, udu, mark, options.max_attempts),
            ),
        ),
    ]
    for topic in TOPICS:
        body = render_topic(topic, by_topic[topic.slug], udu, mark, options.max_attempts)
        pages.append(_page(topic_src(topic.slug), "topic", safe_title(topic.title), body))
    pages.append(
        _page(
            PROGRESS_SRC,
            "progress",
            "Your progress",
            kit(PROGRESS_SRC, render_progress(valid, udu, mark, options.max_attempts)),
        )
    )
    return pages


def _assets(lms: str) -> tuple[Asset, ...]:
    def content(name: str) -> Callable[[], bytes]:
        return (lambda: lms_adapter(lms)) if name == LMS_ADAPTER else (lambda: asset(name))

    return tuple(
        Asset(f"{ASSET_DIR}/{name}", load, content(name)) for name, load in asset_names(lms)
    )


def _nav(
    entries: Sequence[ScenarioEntry],
    by_topic: dict[str, list[LoadedScenario]],
    by_slug: dict[str, ScenarioEntry],
    options: SiteOptions,
) -> NavItem:
    items = [NavItem(e.title, scenario_src(e.slug)) for e in entries if e.loaded is None]
    for topic in TOPICS:
        pages = [] if options.lms else [NavItem(f"{topic.title}: overview", topic_src(topic.slug))]
        pages += [
            NavItem(by_slug[x.slug].title, scenario_src(x.slug)) for x in by_topic[topic.slug]
        ]
        if pages:
            items.append(NavItem(topic.title, children=tuple(pages)))
    if not options.lms:
        items += [
            NavItem("Your progress", PROGRESS_SRC),
            NavItem("Your certificate", CERTIFICATE_SRC),
        ]
    return NavItem(options.nav_section, children=tuple(items))


def _sections(valid: Sequence[LoadedScenario]) -> tuple[Section, ...]:
    return tuple(
        Section(
            topic.slug,
            topic.title,
            tuple(
                Sco(x.slug, x.scenario.title, sco_href(x.slug))
                for x in valid
                if x.scenario.topic == topic.slug
            ),
        )
        for topic in TOPICS
    )


def sco_href(slug: str) -> str:
    """A scenario's page in a package (built with ``use_directory_urls: false``)."""
    return page_url(scenario_src(slug), False)
