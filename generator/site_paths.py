"""Where the plugin's generated pages and assets sit in the docs folder."""

from __future__ import annotations

from .topics import TOPICS

PROGRESS_SRC = "progress.md"
ASSET_DIR = "assets/roleplay"
ASSETS = ("roleplay.js", "roleplay.css")


def scenario_src(slug: str) -> str:
    """The docs path of a scenario's generated page."""
    return f"scenarios/{slug}.md"


def topic_src(slug: str) -> str:
    """The docs path of a topic's generated index page."""
    return f"topics/{slug}.md"


def generated_files(slugs: list[str]) -> set[str]:
    """Every docs path the plugin adds for a site with these scenarios."""
    files = {scenario_src(slug) for slug in slugs}
    files |= {topic_src(t.slug) for t in TOPICS}
    files |= {f"{ASSET_DIR}/{name}" for name in ASSETS}
    files.add(PROGRESS_SRC)
    return files
