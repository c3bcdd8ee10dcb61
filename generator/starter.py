"""Write a new scenario file that already passes ``check``."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from .model import SLUG_PATTERN


def starter_text(slug: str, topic: str) -> str:
    """The starter scenario for ``slug`` in ``topic``."""
    template = files("generator").joinpath("templates/starter.yml").read_text("utf-8")
    title = slug.replace("-", " ").capitalize()
    return template.replace("{slug}", slug).replace("{topic}", topic).replace("{title}", title)


def is_slug(text: str) -> bool:
    """Whether ``text`` can name a scenario file (lower-case letters, digits, hyphens)."""
    return re.fullmatch(SLUG_PATTERN, text) is not None


def write_starter(directory: Path, slug: str, topic: str) -> Path:
    """Create ``directory/slug.yml``; raise FileExistsError rather than overwrite."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{slug}.yml"
    with path.open("x", encoding="utf-8") as out:
        out.write(starter_text(slug, topic))
    return path
