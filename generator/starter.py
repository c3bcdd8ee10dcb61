"""Write a new scenario file that already passes ``check``."""

from __future__ import annotations

import errno
import os
import re
import sys
from importlib.resources import files
from pathlib import Path

from .model import SLUG_PATTERN

MAX_SLUG_LENGTH = 255 - len(".yml")
"""The longest slug whose file name most file systems can hold (255 bytes; slugs are ASCII)."""


def python_command() -> str:
    """How to start the Python that has the generator's packages, as typed here.

    The project's own ``.venv`` when there is one in the working directory (so the
    command works without activating it), else the Python running now.
    """
    for venv_python in (Path(".venv/bin/python"), Path(".venv/Scripts/python.exe")):
        if venv_python.is_file():
            return venv_python.as_posix()
    relative = os.path.relpath(sys.executable) if sys.executable else "python"
    shown = sys.executable if relative.startswith("..") else relative
    return f'"{shown}"' if " " in shown else shown


def check_command(path: Path) -> str:
    """The command that checks the scenario file ``path``, ready to be typed as it is."""
    shown = path.as_posix()
    return f"{python_command()} -m generator check {shown}"


def starter_text(slug: str, topic: str, check: str | None = None) -> str:
    """The starter scenario for ``slug`` in ``topic``; ``check`` is the command it names
    for checking it (by default, the one for scenarios/SLUG.yml)."""
    template = files("generator").joinpath("templates/starter.yml").read_text("utf-8")
    title = slug.replace("-", " ").capitalize()
    check = check or check_command(Path("scenarios") / f"{slug}.yml")
    return (
        template.replace("{check}", check)
        .replace("{slug}", slug)
        .replace("{topic}", topic)
        .replace("{title}", title)
    )


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
        out.write(starter_text(slug, topic, check_command(path)))
    return path
