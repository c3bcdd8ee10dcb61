"""The role-play runtime's script and style sheet, as the site publishes them.

They are written readably, with comments, and minified here: comments and layout cost
the learner's download nothing.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

from .site_paths import ASSETS, KIT_ASSETS


@cache
def asset(name: str) -> bytes:
    """The published, minified content of one of ``ASSETS`` or ``KIT_ASSETS``."""
    if name not in ASSETS + KIT_ASSETS:
        raise KeyError(name)
    source = files("generator").joinpath(f"assets/{name}").read_text("utf-8")
    small: str = rjsmin.jsmin(source) if name.endswith(".js") else rcssmin.cssmin(source)
    return small.encode("utf-8")
