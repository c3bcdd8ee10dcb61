"""The site plan as plain files, for an engine that runs no plugins (``generator pages``).

``write_pages`` makes a complete project in a folder: ``docs/`` holds a copy of the
hand-written pages with every generated page beside them (Markdown files whose front
matter gives the title and whose body is the page's HTML) and the assets; ``mkdocs.yml``
is the site's configuration without the ``role-play`` plugin, with the scenarios'
navigation section filled in and the assets listed. Any engine that reads mkdocs.yml
(MkDocs, ProperDocs, Zensical) builds the same site from it, without our plugin.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .catalog import ScenarioCatalog
from .errors import ScenarioError
from .load import display_path
from .published import is_editor_backup, links_out
from .render import DEFAULT_PASS_MARK
from .site import AssetLoad, Page, SiteOptions, SitePlan, options_mistake, plan_site
from .site_config import PLUGIN, read_config_data, site_link_errors
from .site_paths import facilitator_src

DOCS = "docs"
CONFIG = "mkdocs.yml"


class PagesError(Exception):
    """The pages could not be written; the message says why, in a line."""


@dataclass(frozen=True)
class Written:
    """What ``write_pages`` wrote: the project's folder and its counts."""

    folder: Path
    pages: int
    assets: int


def page_file(page: Page) -> str:
    """A generated page as a Markdown file: front matter with its (already safe) title,
    then its HTML, which Markdown passes through as it is."""
    return f"{page.front_matter()}\n{page.body}\n"


def plan_from_config(config_file: Path) -> tuple[SitePlan, dict[str, Any]]:
    """The site plan of the site configured in ``config_file``, with that configuration.

    Raises ScenarioError with every located problem of the scenarios (links included),
    and PagesError when the configuration cannot be used.
    """
    data = read_config_data(config_file)
    if data is None:
        raise PagesError(f"cannot read the site's configuration {display_path(config_file)}")
    options = _plugin_options(data)
    if options is None:
        raise PagesError(f"{display_path(config_file)} does not use the {PLUGIN} plugin")
    folder = config_file.parent / str(options.get("scenarios_dir", "scenarios"))
    catalog = ScenarioCatalog(folder)
    problems = catalog.refresh()
    problems += site_link_errors(catalog.valid(), config_file)
    if problems:
        raise ScenarioError(problems)
    mark, coaching = options.get("pass_mark", DEFAULT_PASS_MARK), options.get("coaching", "debrief")
    attempts = options.get("max_attempts", 0)
    if mistake := options_mistake(mark, coaching, attempts):
        raise PagesError(f"{display_path(config_file)}: role-play: {mistake}")
    site = SiteOptions(
        site_name=str(data.get("site_name", "")),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        pass_mark=float(mark),
        nav_section=str(options.get("nav_section", "Scenarios")),
        coaching=str(coaching),
        max_attempts=int(attempts),
    )
    return plan_site(list(catalog.entries.values()), site), data


def _plugin_options(data: dict[str, Any]) -> dict[str, Any] | None:
    """The role-play plugin's options in mkdocs.yml ({} when it has none), or None
    when the site does not use it."""
    plugins = data.get("plugins") or []
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                entries.append((item, {}))
            elif isinstance(item, dict) and len(item) == 1:
                entries.append(next(iter(item.items())))
    for name, options in entries:
        if name == PLUGIN:
            return options if isinstance(options, dict) else {}
    return None


def engine_config(plan: SitePlan, data: dict[str, Any]) -> dict[str, Any]:
    """The site's configuration for the written project: no role-play plugin, docs in
    ``docs/``, the navigation section filled in, the assets listed, and the facilitator
    pages (reached by links) marked as not in the navigation."""
    config = dict(data)
    config["docs_dir"] = DOCS
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        config["plugins"] = {k: v for k, v in plugins.items() if k != PLUGIN}
    else:
        config["plugins"] = [
            p for p in plugins if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)
        ]
    nav = list(config.get("nav") or [])
    section = plan.nav.as_config()
    filled = False
    for i, item in enumerate(nav):
        if isinstance(item, dict) and plan.nav.title in item:
            nav[i] = section
            filled = True
    config["nav"] = nav if filled else [*nav, section]
    loads: tuple[tuple[str, AssetLoad], ...] = (
        ("extra_css", "style"),
        ("extra_javascript", "script"),
    )
    for key, load in loads:
        listed = list(config.get(key) or [])
        config[key] = listed + [a for a in plan.global_assets(load) if a not in listed]
    hidden = sorted(p.src for p in plan.pages if not p.in_nav)
    if hidden:
        pattern = facilitator_src("*")
        config["not_in_nav"] = "\n".join([pattern] if all(_is_kit(p) for p in hidden) else hidden)
    return config


def _is_kit(src: str) -> bool:
    parts = src.split("/")
    return len(parts) == 3 and src == facilitator_src(parts[1])


def write_pages(config_file: Path, into: Path, engine: str = "mkdocs") -> Written:
    """Write the site's plugin-free project into the folder ``into`` (made anew), for
    ``engine`` "mkdocs" (MkDocs and its forks) or "zensical".

    For Zensical, the theme's ``custom_dir`` is left out: our overrides
    rewrite partials of Material for MkDocs, and Zensical's theme lays out its header
    differently (the search box fell apart under them).
    """
    plan, data = plan_from_config(config_file)
    base = config_file.parent
    docs = base / str(data.get("docs_dir", "docs"))
    shortcuts = links_out(docs)
    if shortcuts:
        raise ScenarioError(shortcuts)
    if into.exists() and not into.is_dir():
        raise PagesError(f"{display_path(into)} is not a folder")
    target = into.resolve()
    if target in (base.resolve(), *base.resolve().parents) or docs.resolve() in (
        target,
        *target.parents,
    ):
        raise PagesError(f"{display_path(into)} would hold the site itself: choose a new folder")
    shutil.rmtree(into / DOCS, ignore_errors=True)
    into.mkdir(parents=True, exist_ok=True)
    # As the site publishes it: no editor backups, no names starting with a dot.
    shutil.copytree(docs, into / DOCS, ignore=_unpublished)
    for page in plan.pages:
        _write(into / DOCS / page.src, page_file(page).encode("utf-8"))
    for asset in plan.assets:
        _write(into / DOCS / asset.path, asset.content())
    config = engine_config(plan, data)
    theme = config.get("theme")
    if engine == "zensical" and isinstance(theme, dict):
        config["theme"] = theme = {k: v for k, v in theme.items() if k != "custom_dir"}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str):
        shutil.rmtree(into / custom, ignore_errors=True)
        shutil.copytree(base / custom, into / custom)
    text = "# Written by `python -m generator pages`: the site without the role-play plugin.\n"
    text += yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (into / CONFIG).write_text(text, "utf-8")
    return Written(into, len(plan.pages), len(plan.assets))


def _unpublished(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n.startswith(".") or is_editor_backup(n)]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
