"""Write a new scenario file that already passes ``check``."""

from __future__ import annotations

import errno
import re
from importlib.resources import files
from pathlib import Path

from .model import SLUG_PATTERN

MAX_SLUG_LENGTH = 255 - len(".yml")
"""The longest slug whose file name most file systems can hold (255 bytes; slugs are ASCII)."""


def starter_text(slug: str, topic: str) -> str:
    """The starter scenario for ``slug`` in ``topic``."""
    template = files("generator").joinpath("templates/starter.yml").read_text("utf-8")
    title = slug.replace("-", " ").capitalize()
    return template.replace("{slug}", slug).replace("{topic}", topic).replace("{title}", title)


def is_slug(text: str) -> bool:
    """Whether ``text`` can name a scenario file (lower-case letters, digits, hyphens)."""
    return re.fullmatch(SLUG_PATTERN, text) is not None


def write_starter(directory: Path, slug: str, topic: str) -> Path:
    """Create ``directory/slug.yml``, and the folder if needed.

    Raises FileExistsError only when that file exists (it is never replaced), and another
    OSError when the folder or the file cannot be made.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # something that is not a folder (a broken link, say) has its name
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(directory)) from None
    path = directory / f"{slug}.yml"
    with path.open("x", encoding="utf-8") as out:
        out.write(starter_text(slug, topic))
    return path
