"""The role-play runtime's script and style sheet, as the site publishes them.

They are written readably, with comments, and minified here: comments, layout and long
local names (js_names) cost the learner's download nothing.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

from .js_names import shorten
from .site_paths import ASSETS, KIT_ASSETS, LMS_ADAPTER


@cache
def asset(name: str) -> bytes:
    """The published, minified content of one of ``ASSETS`` or ``KIT_ASSETS``."""
    if name not in ASSETS + KIT_ASSETS:
        raise KeyError(name)
    return _minified(name).encode("utf-8")


@cache
def lms_adapter(fmt: str) -> bytes:
    """The published LMS adapter for the SCORM version ``fmt`` ("scorm12" or
    "scorm2004"): the one source, with the version it looks for filled in."""
    if fmt not in ("scorm12", "scorm2004"):
        raise KeyError(fmt)
    small = _minified(LMS_ADAPTER)
    if small.count(_VERSION) != 1:
        raise ValueError(f"{LMS_ADAPTER} must name {_VERSION} once")
    return small.replace(_VERSION, fmt).encode("utf-8")


_VERSION = "SCORM_VERSION"  # the placeholder in lms.js


def _minified(name: str) -> str:
    source = files("generator").joinpath(f"assets/{name}").read_text("utf-8")
    if name.endswith(".js"):
        return shorten(rjsmin.jsmin(source))
    small: str = rcssmin.cssmin(source)
    return small
