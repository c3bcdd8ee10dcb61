"""Text helpers for the design warnings: word counts, narration in a patron line, and
phrases two texts share.

They read English as trainers write it in scenarios: inline Markdown allowed, names
with or without titles ("Mr. Chen"), curly or straight apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .reading import words


def word_count(text: str) -> int:
    """How many words a text has (inline Markdown allowed; numbers do not count)."""
    return len(words(text))


# Narration in a patron line ------------------------------------------------------------

_TITLES = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "madam"}
_LEADING_MARKUP = re.compile(r"^[\s*_]+")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+(?:['\u2019][^\W\d_]+)?)")
# Past tenses that do not end in -ed, as narration uses them: "Mark sat down."
_IRREGULAR = set(
    "is was has had does did goes went says said comes came gets got takes took gives "
    "gave makes made sees saw leaves left stands stood sits sat runs ran puts put lets "
    "keeps kept feels felt holds held brings brought thinks thought tells told knows knew "
    "begins began shakes shook throws threw finds found sends sent spends spent hangs hung "
    "grabs grabbed storms slams".split()
)
_NOT_VERBS = set(
    "always perhaps sometimes besides nowadays afterwards towards yes this its his hers "
    "ours yours theirs plus less as us thus".split()
)
# Words that may stand between the name and the verb: "Mark slowly looks up".
_IN_BETWEEN = set("just then still also now finally suddenly quickly slowly only".split())


def name_forms(name: str) -> list[str]:
    """How a line may start with a person's name, longest first: "Mr. Chen", "Mr Chen",
    "Chen"."""
    parts = name.split()
    plain = [p for p in parts if p.lower().rstrip(".") not in _TITLES]
    forms = {name, " ".join(p.rstrip(".") for p in parts)}
    if plain:
        forms |= {plain[0], plain[-1]}
    return sorted(forms, key=len, reverse=True)


def third_person_verb(word: str) -> bool:
    """Whether ``word`` reads as a verb after a name in narration: "sighs", "stared",
    "sat" (not "Jones", "always" or "class")."""
    if word != word.lower() or word in _NOT_VERBS:
        return False  # "Mark Jones here" names a person; a verb is in lower case
    if word in _IRREGULAR:
        return True
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "'s", "\u2019s")):
        return True
    return len(word) > 3 and word.endswith("ed") and not word.endswith("eed")


def reads_as_narration(line: str, name: str) -> bool:
    """Whether ``line`` opens with the patron's ``name`` and a verb in the third person.

    "Mark sighs.", "Grace stares at the kiosk.", "Mr. Chen slowly stands up" and "Ana:
    Ana walks off" read as narration; "Mark here, I called yesterday", "Mark Jones
    speaking" and "I sighed" do not.
    """
    text = _LEADING_MARKUP.sub("", line, count=1)
    forms = name_forms(name)
    for form in forms:  # a speaker label first: "Ana: Ana walks off"
        if text.startswith(form + ":"):
            text = text[len(form) + 1 :].lstrip()
            break
    opening = next((f for f in forms if re.match(re.escape(f) + r"\b", text)), None)
    if opening is None:
        return False
    rest = text[len(opening) :]
    for _ in range(2):  # the verb, or one adverb and then the verb
        found = _NEXT_WORD.match(rest)
        if not found:
            return False
        word = found.group(1)
        if third_person_verb(word):
            return True
        if word not in _IN_BETWEEN and not word.endswith("ly"):
            return False
        rest = rest[found.end() :]
    return False


# Phrases two texts share ----------------------------------------------------------------

_STOPWORDS = set(
    "a an the and or but if so as at by for from in into of off on onto out over to up "
    "with without about after before between through under until upon than then there "
    "here this that these those it its it's i me my mine we us our you your he him his "
    "she her hers they them their who whom whose which what when where why how all any "
    "both each every few more most other some such no nor not only own same too very can "
    "could will would shall should may might must do does did doing done is are was were "
    "be been being am have has had having get gets got just also still even yet again "
    "now one ones someone something anything nothing really much many way ways next last "
    "new right".split()
)
# Words of every scenario: sharing them says nothing about this patron's need.
_EVERYDAY = set(
    "library librarian staff desk patron member branch help need want wants needs like "
    "make take give see look know think say tell ask find use go come try work time day "
    "today".split()
)
_MAX_PHRASE_WORDS = 8
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*|[.,;:!?()\"\u201c\u201d\u2014\u2013]")


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int
    content: bool


def normal_form(word: str) -> str:
    """A word as phrases compare it: lower case, straight apostrophe, no possessive, and
    no plural s ("Exams" and "exam" are the same word)."""
    word = word.lower().replace("\u2019", "'")
    word = word.removesuffix("'s")
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def _clauses(text: str, ignored: set[str]) -> list[list[_Word]]:
    """The words of each clause (punctuation splits them), marked content or not."""
    clauses: list[list[_Word]] = [[]]
    for found in _TOKEN.finditer(text):
        if not found.group()[0].isalnum():
            clauses.append([])
            continue
        norm = normal_form(found.group())
        content = norm not in _STOPWORDS and norm not in _EVERYDAY and norm not in ignored
        clauses[-1].append(_Word(norm, found.start(), found.end(), content))
    return [c for c in clauses if c]


def _phrases(text: str, ignored: set[str]) -> set[tuple[str, ...]]:
    """Every run of words within a clause that starts and ends with content words and
    holds at least two (at most eight words long), in normal form."""
    out: set[tuple[str, ...]] = set()
    for clause in _clauses(text, ignored):
        for i, first in enumerate(clause):
            if not first.content:
                continue
            for j in range(i + 1, min(len(clause), i + _MAX_PHRASE_WORDS)):
                if clause[j].content:
                    out.add(tuple(w.norm for w in clause[i : j + 1]))
    return out


def shared_phrase(summary: str, goal: str, name: str = "") -> str | None:
    """The longest phrase of ``summary`` that ``goal`` repeats, or None.

    A phrase is a run of the same words in the same order, holding at least two content
    words: not stopwords ("a", "the", "his"), not words of every scenario ("library",
    "help") and not the patron's ``name``. "a hearing tomorrow" in both is shared; "the
    library" or "Omar" is not.
    """
    ignored = {normal_form(part.rstrip(".")) for part in name.split()}
    in_goal = _phrases(goal, ignored)
    # Runs of the summary are followed only while the goal has a phrase that starts so,
    # which keeps a long summary quick.
    starts = {key[:n] for key in in_goal for n in range(1, len(key) + 1)}
    best: tuple[int, int, int, int] | None = None  # content words, length, start, end
    for clause in _clauses(summary, ignored):
        for i, first in enumerate(clause):
            if not first.content:
                continue
            count, key = 1, [first.norm]
            for word in clause[i + 1 : i + _MAX_PHRASE_WORDS]:
                key.append(word.norm)
                if tuple(key) not in starts:
                    break
                count += 1 if word.content else 0
                found = (count, word.end - first.start, first.start, word.end)
                if tuple(key) in in_goal and (best is None or found[:2] > best[:2]):
                    best = found
    if best is None:
        return None
    return " ".join(summary[best[2] : best[3]].split())


# Give-away phrases and cue words ---------------------------------------------------------

JOKE_PHRASES = (
    "anyway and hope",
    "hope for the best",
    "hope nobody",
    "just ignore",
    "louder",
    "not my problem",
    "not my job",
    "roll your eyes",
)
"""Phrases that mark a wrong option as a joke nobody would pick: a careless or rude act
("just ignore", "louder", "not my job") or wishful thinking ("hope nobody"). Matched as
whole words, in any case.

Keep it short and sure: a phrase here must read as a joke in any wrong option."""


def _normal_text(text: str) -> str:
    """Lower case, straight apostrophes, one space between words, no punctuation."""
    return " ".join(w.lower().replace("\u2019", "'") for w in words(text))


def joke_phrase(text: str) -> str | None:
    """The first give-away phrase of JOKE_PHRASES that ``text`` holds, or None."""
    shown = f" {_normal_text(text)} "
    return next((p for p in JOKE_PHRASES if f" {p} " in shown), None)


def has_word(text: str, wanted: frozenset[str]) -> bool:
    """Whether ``text`` holds one of the lower-case words ``wanted`` (straight
    apostrophes: "i'll", "let's")."""
    return any(w in wanted for w in _normal_text(text).split())
