"""SCORM packages of the training site: ``python -m generator package``.

``manifest`` writes ``imsmanifest.xml``; ``package`` builds the site for an LMS frame
and zips it with the manifest and the schema files of ``schemas/``. This module itself
stays light: the command line imports it for the format names.
"""

from __future__ import annotations

from typing import Literal

Format = Literal["scorm12", "scorm2004"]
FORMATS: tuple[Format, ...] = ("scorm12", "scorm2004")
"""SCORM 1.2 and SCORM 2004 4th Edition."""
