"""What ``check`` needs to know of the site around the scenarios, read from mkdocs.yml.

MkDocs' full configuration loader imports the theme and every plugin, which would
double the time of ``check``; this reads only the few settings that matter here and
validates ``validation:`` with MkDocs' own option class, so both read it alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .links import LinkLevels, refused_by_strict, site_link_problems
from .load import LoadedScenario, scenario_files
from .site_paths import generated_files, scenario_src

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "role-play"


@dataclass(frozen=True)
class SiteSettings:
    """The site's docs folder, scenarios folder and link validation levels, and where
    a build publishes it."""

    docs_dir: Path
    scenarios_dir: Path
    levels: LinkLevels
    site_dir: Path
    use_directory_urls: bool


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV or !relative; their values do not matter here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The role-play plugin's options in mkdocs.yml's ``plugins`` (a list or a mapping);
    empty when it is not listed or has none."""
    items = plugins.items() if isinstance(plugins, dict) else plugins or []
    for item in items:
        if isinstance(item, tuple) and item[0] == PLUGIN:
            return item[1] if isinstance(item[1], dict) else {}
        if isinstance(item, dict) and PLUGIN in item:
            return item[PLUGIN] if isinstance(item[PLUGIN], dict) else {}
    return {}


def link_levels(validation: Any) -> LinkLevels:
    """The levels MkDocs derives from a ``validation:`` value (defaults when invalid)."""
    from mkdocs.config import base
    from mkdocs.config import config_options as c
    from mkdocs.config.defaults import MkDocsConfig

    option = c.PropagatingSubConfig[MkDocsConfig.Validation]()
    try:
        validated = option.validate(dict(validation) if isinstance(validation, dict) else {})
    except base.ValidationError:
        validated = option.validate({})
    return LinkLevels.from_mkdocs(validated.links)


def read_config_data(config_file: Path) -> dict[str, Any] | None:
    """mkdocs.yml as plain data (tags such as !ENV read as empty); None when unusable."""
    try:
        data = yaml.load(config_file.read_text("utf-8"), Loader=_AnyTagLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def read_site_settings(config_file: Path) -> SiteSettings | None:
    """The settings of the site configured in ``config_file``; None when it is unusable."""
    data = read_config_data(config_file)
    if data is None:
        return None
    base_dir = config_file.parent
    docs = data.get("docs_dir")
    scenarios = plugin_options(data.get("plugins")).get("scenarios_dir")
    site = data.get("site_dir")
    return SiteSettings(
        docs_dir=base_dir / (docs if isinstance(docs, str) else "docs"),
        scenarios_dir=base_dir / (scenarios if isinstance(scenarios, str) else "scenarios"),
        levels=link_levels(data.get("validation")),
        site_dir=base_dir / (site if isinstance(site, str) else "site"),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
    )


def docs_files(docs_dir: Path) -> set[str]:
    """Every file of the docs folder, as a docs path (``ideas/yes-first.md``).

    Like MkDocs, names starting with a dot are left out.
    """
    found: set[str] = set()
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        relative = Path(folder).relative_to(docs_dir).as_posix()
        prefix = "" if relative == "." else relative + "/"
        found |= {prefix + n for n in names if not n.startswith(".")}
    return found


def site_link_errors(loaded: list[LoadedScenario], config_file: Path) -> list[Problem]:
    """Links in these scenarios that ``mkdocs build --strict`` would refuse.

    Nothing is checked when there is no usable ``config_file`` (no site to check against).
    """
    settings = read_site_settings(config_file)
    if settings is None or not loaded:
        return []
    slugs = [p.stem for p in scenario_files(settings.scenarios_dir)]
    files = docs_files(settings.docs_dir) | generated_files(slugs + [x.slug for x in loaded])
    errors: list[Problem] = []
    for x in loaded:
        found = site_link_problems(x.path, scenario_src(x.slug), x.links, files, settings.levels)
        errors += refused_by_strict(found)
    return errors
