"""Shorter local names in the runtime's published scripts.

The scripts are written with names that say what they hold (``run``, ``verdict``,
``restore``); the learner's download needs none of that. After comments and layout are
gone (rjsmin), every name that is declared inside the script and used only as a plain
variable (never after a dot, never as an object key) is replaced, everywhere, by the
shortest name the script does not use yet. A consistent renaming of such names keeps
what the script does. Names that may be the page's globals, keywords, and anything
inside strings and regular expressions are left as they are.

The scripts are plain ES2015 without template literals, shorthand properties or
labels (``shorten`` refuses template literals; the browser tests run the result).
"""

from __future__ import annotations

import itertools
import re
import string

_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'  # strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|[A-Za-z_$][\w$]*"  # names and keywords
    r"|\d[\w.]*"  # numbers (0x6D2B79F5, 6e4, 1e9)
    r"|\s+"
    r"|."
)
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
# Before a "/" that starts a regular expression rather than a division.
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^") | {"", "return", "typeof", "=>"}

KEEP = frozenset(
    # keywords and literals
    "break case catch class const continue debugger default delete do else export extends "
    "false finally for function if import in instanceof let new null return super switch "
    "this throw true try typeof var void while with yield async await of undefined NaN "
    "Infinity arguments eval "
    # globals the scripts (or a page) may mean
    "window document self top parent opener location history navigator screen frames "
    "name status event print open close closed length origin console localStorage "
    "sessionStorage setTimeout clearTimeout requestAnimationFrame addEventListener "
    "removeEventListener dispatchEvent CustomEvent MutationObserver JSON Math Object "
    "Array Date String Number Boolean RegExp Error Symbol Map Set Promise URL Blob "
    "parseInt parseFloat isNaN encodeURIComponent decodeURIComponent getComputedStyle "
    "matchMedia alert confirm prompt fetch".split()
)


def _tokens(code: str) -> list[str]:
    """The script as tokens whose concatenation is the script; each regular expression
    literal is one token, so nothing inside it is taken for a name."""
    tokens: list[str] = []
    at = 0
    while at < len(code):
        if code[at] == "`":
            raise ValueError("template literals are not supported by js_names")
        if code[at] == "/" and code[at + 1 : at + 2] not in ("/", "*"):
            before = next((t for t in reversed(tokens) if not t.isspace()), "")
            if before in _BEFORE_REGEX or before[-1:] in "(,=:[!&|?{};":
                end = _regex_end(code, at)
                tokens.append(code[at:end])
                at = end
                continue
        match = _TOKEN.match(code, at)
        assert match is not None
        tokens.append(match.group())
        at = match.end()
    return tokens


def _regex_end(code: str, start: int) -> int:
    """Where the regular expression literal starting at ``start`` ends (its flags too)."""
    at, in_class = start + 1, False
    while code[at] != "/" or in_class:
        if code[at] == "\\":
            at += 1
        elif code[at] == "[":
            in_class = True
        elif code[at] == "]":
            in_class = False
        elif code[at] == "\n":
            raise ValueError(f"unterminated regular expression at {start}")
        at += 1
    at += 1
    while at < len(code) and code[at].isalpha():
        at += 1
    return at


def shorten(code: str) -> str:
    """``code`` with its local names shortened (see the module's docstring)."""
    tokens = _tokens(code)
    solid = [i for i, t in enumerate(tokens) if not t.isspace()]
    place = {i: n for n, i in enumerate(solid)}

    def near(i: int, step: int) -> str:
        n = place[i] + step
        return tokens[solid[n]] if 0 <= n < len(solid) else ""

    used, declared, unsafe = set(), set(), set()
    for i in solid:
        name = tokens[i]
        if not _NAME.fullmatch(name):
            continue
        used.add(name)
        before, after = near(i, -1), near(i, 1)
        if before == "." or (before in ("{", ",") and after in (":", ",", "}")):
            unsafe.add(name)  # a property, an object's key, or a shorthand property
        if before in ("var", "let", "const", "function"):
            declared.add(name)
        if after == "=" and near(i, 2) == ">":  # x => ...
            declared.add(name)
        if before == "," and after == "=" and near(i, 2) != "=":  # var a = 1, b = 2
            declared.add(name)
    declared |= _parameters([tokens[i] for i in solid])
    names = sorted(n for n in declared - unsafe - KEEP if len(n) > 2)
    fresh = (
        "".join(letters)
        for size in (1, 2)
        for letters in itertools.product(string.ascii_letters, repeat=size)
    )
    free = (f for f in fresh if f not in used and f not in KEEP)
    mapping = dict(zip(names, free, strict=False))
    return "".join(
        mapping.get(t, t) if t in mapping and near(i, -1) != "." else t
        for i, t in enumerate(tokens)
    )


def _parameters(items: list[str]) -> set[str]:
    """The parameter names of every function and arrow function (``items``: the
    script's tokens without spaces): the names that open each item of a parenthesised
    list followed by "=>" or after "function" and its name."""
    found: set[str] = set()
    for n, t in enumerate(items):
        if t != "(":
            continue
        depth, m, names, expect = 1, n + 1, [], True
        while m < len(items) and depth:
            u = items[m]
            if u in "([{":
                depth += 1
            elif u in ")]}":
                depth -= 1
            elif depth == 1 and u == ",":
                expect = True
            elif depth == 1 and expect and _NAME.fullmatch(u):
                names.append(u)
                expect = False
            elif depth == 1:
                expect = False
            m += 1
        arrow = items[m : m + 2] == ["=", ">"]
        function = "function" in items[max(n - 2, 0) : n]
        if arrow or function:
            found.update(names)
    return found
