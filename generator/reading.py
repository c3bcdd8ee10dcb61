"""How hard a text is to read: the Flesch-Kincaid grade, with syllables guessed from spelling.

Nothing is downloaded and no dictionary is used. The syllable guess is right for most
everyday English words and wrong by one for some; over a scenario's few hundred words
the grade it gives is within about one grade of a dictionary-based count.
"""

from __future__ import annotations

import re
from functools import lru_cache

_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*>")
_BARE_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATION = re.compile(r"\b(Mr|Mrs|Ms|Mx|Dr|Prof|St|etc|vs|e\.g|i\.e|approx|no)\.", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# A sentence ends at . ! or ? (closing quotes or brackets may follow), or at a blank line.
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]\u2019\u201d*_]*(?=\s|$)|\n[ \t]*\n")

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_CONTRACTION = re.compile(r"'(s|t|re|ve|ll|d|m)$")
# Endings whose e is silent: make, smiles, asked, safely (but not table, wanted, boxes).
_SILENT_E = re.compile(
    r"[aeiouy][^aeiouy]e(ly|ment|ments|ful|less|ness)$"  # safe-ly, state-ment
    r"|[^aeiouyl]es?$"  # make, makes (not see, goes, table)
    r"|[aeiouy]les?$"  # while, rules (not table, tables)
    r"|[^aeiouytd]ed$"  # asked, used (not wanted, needed, need)
)
_NOT_SILENT_ES = re.compile(r"([sxzcg]|[cs]h)es$")
# Vowel pairs that are usually two syllables: li-brar-i-an, me-di-a, ra-di-o, ac-tu-al,
# go-ing, eas-i-er.
_SPLIT_PAIRS = (
    re.compile(r"(?<![ctg])ia"),
    re.compile(r"(?<![tscxgln])io(?!ur)"),
    re.compile(r"(?<![qg])ua"),
    re.compile(r"[aeiouy]ing$"),
    re.compile(r"[^aeiou]ie(r|st)$"),
    re.compile(r"[^aeiou]ire[sd]?$"),  # ti-red, fi-re
)
# The silent e of the first word of a compound: some-thing, care-fully, ware-house.
_SILENT_E_INSIDE = re.compile(
    r"(?<=[aeiouy][^aeiouy])e(?=(thing|where|body|time|how|fully|house|day|way|work|line))"
)
_NOT_SILENT_N_T = re.compile(r"[^aeiour]n't$")
_NOT_A_LETTER = re.compile(r"[^a-z]")
_EXCEPTIONS = {
    "idea": 3,
    "ideas": 3,
    "area": 3,
    "areas": 3,
    "create": 2,
    "created": 3,
    "creates": 2,
    "real": 2,
    "really": 3,
    "quiet": 2,
    "client": 2,
    "clients": 2,
    "science": 2,
    "video": 3,
    "videos": 3,
    "maybe": 2,
    "recipe": 3,
    "cafe": 2,
    "every": 2,
    "evening": 2,
    "evenings": 2,
    "colleague": 2,
    "colleagues": 2,
    "aren't": 1,
    "weren't": 1,
    "everyone": 3,
    "anyone": 3,
    "whoever": 3,
    "everything": 3,
    "business": 2,
    "people": 2,
    "being": 2,
    "poem": 2,
    "poet": 2,
    "hundred": 2,
    "hundreds": 2,
    "usual": 3,
    "usually": 4,
}


def plain(text: str) -> str:
    """The words of inline Markdown as a reader sees them: link text kept, addresses gone."""
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(" ", text)
    return _BARE_ADDRESS.sub(" ", text)


def words(text: str) -> list[str]:
    """The words of a text (inline Markdown allowed), without numbers or punctuation."""
    return _WORD.findall(plain(text))


@lru_cache(maxsize=16384)  # a scenario uses a few hundred different words many times
def syllables(word: str) -> int:
    """An estimate of how many syllables an English word has (at least 1)."""
    lower = word.lower().replace("\u2019", "'")
    if lower in _EXCEPTIONS:
        return _EXCEPTIONS[lower]
    extra = 1 if _NOT_SILENT_N_T.search(lower) else 0  # is-n't, could-n't, but not don't
    letters = _NOT_A_LETTER.sub("", _CONTRACTION.sub("", lower))
    if len(letters) <= 3:
        return 1 + extra
    count = len(_VOWEL_GROUP.findall(letters))
    if _SILENT_E.search(letters) and not _NOT_SILENT_ES.search(letters):
        count -= 1
    count -= len(_SILENT_E_INSIDE.findall(letters)) + letters.startswith("every")
    count += sum(len(pair.findall(letters)) for pair in _SPLIT_PAIRS)
    return max(1, count + extra)


def sentences(text: str) -> int:
    """How many sentences hold words: a text with no full stop is one sentence.

    A sentence ends at ``.``, ``!`` or ``?`` or at a blank line, so separate texts joined
    with blank lines count as separate sentences even when they have no full stop
    (objectives, short replies).
    """
    text = _ABBREVIATION.sub(r"\1", plain(text))
    return sum(1 for part in _SENTENCE_END.split(text) if part and _WORD.search(part))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of a text: roughly the US school year that can read it.

    ``0.39 * words per sentence + 11.8 * syllables per word - 15.59``. Inline Markdown
    is read as plain text first (a link counts as its words). Very simple text can score
    below 0; a text without words scores 0.
    """
    found = words(text)
    if not found:
        return 0.0
    per_sentence = len(found) / max(1, sentences(text))
    per_word = sum(syllables(w) for w in found) / len(found)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59
