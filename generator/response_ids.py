"""Readable ids for replies and answer options, as an LMS reports a learner's choices.

A trainer reads these in an LMS's interaction report, so they come from the words of the
text itself (``i-can-check-that-for-you``) rather than from a position that shuffling
and editing would change. They fit both SCORM versions: ASCII letters, digits and
hyphens, well under SCORM 2004's 250 characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .reading import plain

MAX_WORDS = 6
MAX_LENGTH = 48
MAX_RESPONSE = 255
"""SCORM 1.2's limit for a response or a correct-response pattern (CMIFeedback)."""
LIST_SEPARATOR = "[,]"
"""SCORM 2004's separator in a list of choices, the longer of the two versions'."""


def text_id(text: str) -> str:
    """The first words of ``text`` (inline Markdown allowed) as a lower-case slug."""
    ascii_text = unicodedata.normalize("NFKD", plain(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))[:MAX_WORDS]
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_LENGTH:
            break
        slug = longer
    if not slug and words:  # one very long word
        slug = words[0][:MAX_LENGTH]
    return slug


def response_ids(texts: Sequence[str], kind: str) -> list[str]:
    """Ids for the texts of one step's replies or one question's options, in their
    written order: unique within the list; ``<kind>-<n>`` (the written position) for a
    text without letters or digits, and ``-2``, ``-3`` added to a repeated one.

    When all of them together would not fit one SCORM response (a multiple-choice
    answer can name every option), every id is ``<kind>-<n>`` instead."""
    ids: list[str] = []
    for n, text in enumerate(texts, start=1):
        base = text_id(text) or f"{kind}-{n}"
        candidate, k = base, 2
        while candidate in ids:
            candidate, k = f"{base}-{k}", k + 1
        ids.append(candidate)
    if len(LIST_SEPARATOR.join(ids)) > MAX_RESPONSE:
        return [f"{kind}-{n}" for n in range(1, len(texts) + 1)]
    return ids
