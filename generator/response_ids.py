"""Response ids: how an LMS's reports name a reply or an answer option.

A trainer may give one (``id:`` on a choice or an option, see model.py); otherwise it is
the item's written position in its step or question, from 1: ``reply_2``, ``option_3``.
Neither changes when a text is corrected. Both use only ASCII letters, digits, ``_``
and ``.``, the characters Moodle accepts in each id of a SCORM 2004 choice response;
the loader (rules.py) keeps them unique within a step or question, and a question's ids
together within one SCORM 1.2 response.

A knowledge-check question is reported as an interaction named by its own ``id:``, or
else by its place: ``knowledge_check_2`` for the second slot, ``knowledge_check_2.1``
for the first variant of a bank in that slot (see ``question_id``). Those ids are kept
unique within a scenario by the loader too.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import RESPONSE_ID_PATTERN

ID_PATTERN = RESPONSE_ID_PATTERN
"""What an id given in a scenario file must match."""
QUESTION_PREFIX = "knowledge_check_"
"""The start of a question's interaction id when it has no ``id:`` of its own."""
MAX_RESPONSE = 255
"""SCORM 1.2's limit for a response or a correct-response pattern (CMIFeedback): a
multiple-choice answer can name every option, joined by commas."""


def response_ids(given: Sequence[str | None], kind: str) -> list[str]:
    """The ids of one step's replies (``kind`` "reply") or one question's options
    ("option"), in their written order: each one's own id, or ``<kind>_<position>``."""
    return [own or f"{kind}_{n}" for n, own in enumerate(given, start=1)]


def question_id(slot: int, variant: int | None, given: str | None = None) -> str:
    """The interaction id of a knowledge-check question: ``given`` (its ``id:``), else
    ``knowledge_check_N`` for slot ``slot`` (from 0), or ``knowledge_check_N.K`` for
    variant ``variant`` (from 0) of a bank in that slot (``variant`` None: not a bank)."""
    if given:
        return given
    base = f"{QUESTION_PREFIX}{slot + 1}"
    return base if variant is None else f"{base}.{variant + 1}"
