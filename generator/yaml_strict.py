"""A strict YAML reader for trainers' files.

Every scalar stays the exact string the trainer wrote (``No``, ``off``, ``12:30`` and
``1.10`` are text, not booleans or numbers), nothing is ever constructed from a tag,
and every value remembers where it stood in the file so later stages can point at it.

The document is built from PyYAML's event stream with an explicit stack rather than
PyYAML's recursive composer, so deep nesting is a located error, never a RecursionError,
and the reader's own limits (size, nesting depth) come before any that libyaml has.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem, ScenarioError

try:  # libyaml is much faster; the pure-Python parser behaves the same for us.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_LEADING_WS = re.compile(r"[ \t]*")
# Line breaks that YAML counts but a text editor does not (only \n and \r\n end a line
# there). Left in, each would put every later position one line out.
_STRAY_BREAK = re.compile(r"\r(?!\n)|[\x85\u2028\u2029]")
_STRAY_NAMES = {
    "\r": "CARRIAGE RETURN",
    "\x85": "NEXT LINE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}

# A value that opens with a typographic quote (pasted from a word processor): to YAML it
# is an unquoted text, so a colon in it breaks the line, yet the trainer believes it quoted.
_CURLY_OPENING = re.compile(r"(?:^|:|-)[ ]+([\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb])")

# PyYAML's wording, and what it usually means for someone editing a scenario by hand.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "a colon followed by a space starts a new key here; if this is text, put the whole "
        'text in double quotes, like text: "Note: ..."',
    ),
    (
        "could not find expected ':'",
        "expected a line of the form 'key: value' here "
        "(is a colon missing, or a quote not closed?)",
    ),
    (
        "did not find expected key",
        "this line does not line up with the lines around it; check the indentation "
        "(keys of the same item start in the same column) and that every quote is closed",
    ),
    (
        "did not find expected '-' indicator",
        "this line does not line up with the list around it; each item starts with '- ' "
        "in the same column",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside an unfinished value (is a quote or bracket not closed?)",
    ),
    (
        "found unknown escape character",
        "unknown backslash escape inside double quotes; write \\\\ for a backslash, or use "
        "single quotes",
    ),
    (
        "block sequence entries are not allowed",
        "a list item ('- ') cannot start here; put the list on its own lines under its key",
    ),
)


@dataclass
class Document:
    """A loaded file: plain data (dicts, lists, strings) plus where each value stood."""

    path: str
    data: Any
    value_at: dict[Loc, Position] = field(default_factory=dict)
    key_at: dict[Loc, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Mistakes that did not stop reading (duplicate keys, anchors, tags)."""

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The closest known position for ``loc``: its key, its value, or an enclosing item."""
        for end in range(len(loc), -1, -1):
            sub = loc[:end]
            if key and sub in self.key_at:
                return self.key_at[sub]
            if sub in self.value_at:
                return self.value_at[sub]
            if sub in self.key_at:
                return self.key_at[sub]
        return (1, 1)


def _line_col(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def too_big(path: str, size: int) -> Problem:
    """The problem for a file over the size limit, refused before it is parsed."""
    return Problem(
        path,
        1,
        1,
        f"the file is {size / 1024:.0f} KiB; a scenario file may be at most "
        "1 MiB (split it into smaller scenarios)",
    )


def _guess_character(byte: int) -> str:
    """The character a byte that is not UTF-8 most likely stands for, in words.

    Files that are not UTF-8 are nearly always saved by Windows programs in cp1252,
    which is latin-1 with typographic marks added; a byte neither knows is named by
    its number.
    """
    for encoding in ("cp1252", "latin-1"):
        try:
            char = bytes([byte]).decode(encoding)
        except UnicodeDecodeError:
            continue
        if char.isprintable():
            return f'probably "{char}"'
    return f"byte 0x{byte:02X}"


def decode(raw: bytes, path: str) -> str:
    """Check size and encoding and return the text; raise ScenarioError when unusable."""
    if len(raw) > MAX_BYTES:
        raise ScenarioError([too_big(path, len(raw))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise ScenarioError(
            [
                Problem(
                    path,
                    line,
                    col,
                    "this file is not saved as UTF-8: the character here "
                    f"({_guess_character(raw[err.start])}) is in another encoding; save it as "
                    "UTF-8 (Notepad: File > Save As > Encoding: UTF-8; Word: Save As > "
                    "Plain Text > Unicode (UTF-8))",
                )
            ]
        ) from None
    return text


def _stray_breaks(text: str, path: str) -> tuple[str, list[Problem]]:
    """Report each line break an editor does not count, and replace it with a space.

    The parser then counts lines as the trainer's editor does, so every later position
    stays right, and the rest of the file is still checked.
    """
    problems: list[Problem] = []
    line, line_start, scanned = 1, 0, 0
    for found in _STRAY_BREAK.finditer(text):
        at = found.start()
        newline = text.rfind("\n", scanned, at)
        if newline >= 0:
            line += text.count("\n", scanned, at)
            line_start = newline + 1
        scanned = at
        char = found.group()
        message = (
            f"invisible {_STRAY_NAMES[char]} (U+{ord(char):04X}) here, which some programs "
            "treat as a line break; delete it or replace it with a space"
        )
        problems.append(Problem(path, line, at - line_start + 1, message))
    if not problems:
        return text, problems
    return _STRAY_BREAK.sub(" ", text), problems


def _prescan(text: str, path: str) -> list[Problem]:
    """Problems that confuse the YAML parser, found on every line at once."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        leading = _LEADING_WS.match(line)
        assert leading is not None
        tab = leading.group().find("\t")
        if tab >= 0:
            problems.append(
                Problem(
                    path,
                    number,
                    tab + 1,
                    "this line is indented with a tab; YAML needs spaces for indentation "
                    "(replace the tab with spaces)",
                )
            )
        for bad in _CONTROL.finditer(line):
            problems.append(
                Problem(
                    path,
                    number,
                    bad.start() + 1,
                    f"invisible control character U+{ord(bad.group()):04X} here; delete it",
                )
            )
    return problems


def _syntax_problem(err: yaml.YAMLError, path: str, text: str) -> Problem:
    if isinstance(err, yaml.MarkedYAMLError) and err.problem_mark is not None:
        mark = err.problem_mark
        problem = err.problem or "invalid YAML"
        # An unclosed quote is best shown where it was opened.
        if "end of stream" in problem and err.context_mark is not None:
            mark = err.context_mark
        lines = text.split("\n")
        source_line = lines[mark.line] if mark.line < len(lines) else ""
        before = source_line[: mark.column].rstrip()
        if before.endswith(('"', "'")) and before.count(before[-1]) >= 2 and "expected" in problem:
            return Problem(
                path,
                mark.line + 1,
                mark.column + 1,
                "the text goes on after its closing quote; quote the whole text, or "
                "write '>' after the colon and put the text on the next line, indented",
            )
        curly = _CURLY_OPENING.search(source_line[: mark.column])
        if curly is not None:
            return Problem(
                path,
                mark.line + 1,
                curly.start(1) + 1,
                "these are curly quotes from a word processor; YAML needs straight quotes "
                '("): type " in their place, around the whole text, like text: "Note: ..."',
            )
        for needle, hint in _SYNTAX_HINTS:
            if needle in problem:
                return Problem(path, mark.line + 1, mark.column + 1, hint)
        return Problem(path, mark.line + 1, mark.column + 1, f"YAML syntax error: {problem}")
    position = getattr(err, "position", None)
    line, col = _line_col(text, position) if isinstance(position, int) else (1, 1)
    return Problem(path, line, col, f"YAML syntax error: {err}")


# What one item of each list of a scenario is called in messages.
_ITEM_WORDS = {"choices": "reply", "options": "option", "questions": "question"}


class _SetAside:
    """Stands for the key of a value that is read for its own mistakes, then dropped.

    Used after a duplicate key, an alias or a list used as a key. Trainers' keys are
    always strings, so none of them can ever be taken for this.
    """

    __slots__ = ()


_SET_ASIDE = _SetAside()


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("container", "key", "key_pos", "keys", "loc", "skip")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc | None) -> None:
        self.container = container
        self.loc = loc  # None: inside a value that is set aside, so kept nowhere
        self.key: str | _SetAside | None = None  # for mappings: the key waiting for its value
        self.key_pos: Position = (1, 1)
        self.keys: dict[str, Position] = {}  # for mappings: where each key was first given
        self.skip = 0  # depth of an ignored subtree (a mapping used as a key)


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def parse(text: str, path: str) -> Document:
    """Parse YAML text into a Document, collecting every structural problem it can."""
    text, problems = _stray_breaks(text, path)
    stopping = _prescan(text, path)
    if stopping:
        raise ScenarioError(problems + stopping)
    return _read(text, path, problems).finish()


def _read(text: str, path: str, earlier: list[Problem]) -> _Builder:
    """Build the document from the parser's events, after the ``earlier`` problems.

    libyaml is used when PyYAML has it, for speed. But libyaml 0.2.6 (in PyYAML 6.0.4)
    and later have limits of their own, such as a nesting depth, and libyaml reads ahead
    of the events it hands out, so it can stop on such a limit before this reader has
    seen the nodes that break its own, lower one. So when libyaml stops on an error,
    PyYAML's own parser, which has no such limits, reads the text again up to that error:
    when this reader's depth limit is broken before it, that is the problem reported, as
    with every libyaml. Otherwise libyaml's error stands (its wording is what the hints
    know, and it is stricter than PyYAML's parser in a few places).
    """
    fast_loader: type[Any] = _EventLoader
    fast = _Builder(path, earlier)
    try:
        return fast.read(text, fast_loader)
    except yaml.YAMLError as err:
        stopped = _syntax_problem(err, path, text)
    if fast_loader is not yaml.SafeLoader:
        with contextlib.suppress(yaml.YAMLError):
            _Builder(path, earlier).read(text, yaml.SafeLoader, until=stopped)
    raise ScenarioError([*fast.problems, stopped])


class _Builder:
    """Turns PyYAML's event stream into a Document, one method per kind of event.

    An explicit stack of frames stands for the open mappings and lists, so no depth of
    nesting can make Python recurse; past MAX_DEPTH reading stops with a located problem.
    """

    def __init__(self, path: str, earlier: list[Problem]) -> None:
        self.path = path
        self.doc = Document(path, None)
        self.problems = list(earlier)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root_set = False

    def read(self, text: str, loader: Any, *, until: Problem | None = None) -> _Builder:
        """Take the events of ``text`` as parsed with PyYAML's ``loader`` class, all of
        them or those that start before the position of ``until``."""
        events = yaml.parse(text, Loader=loader)
        if until is not None:
            stop = (until.line, until.col)
            events = itertools.takewhile(lambda event: _pos(event.start_mark) < stop, events)
        for event in events:
            if not self.take(event):
                break
        return self

    def take(self, event: yaml.Event) -> bool:
        """Take one event; False when the rest of the file is not to be read."""
        if isinstance(event, yaml.DocumentStartEvent):
            return self._document_start(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.skip:
            _skip(top, event)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._collection_start(event)
        elif isinstance(event, yaml.CollectionEndEvent) and self.stack:
            self.stack.pop()
        return True

    def finish(self) -> Document:
        """The document, or a ScenarioError when the file holds no value at all."""
        if not self.root_set or self.doc.data in ("", None):
            raise ScenarioError(
                [Problem(self.path, 1, 1, "the file is empty; a scenario starts with 'title:'")]
            )
        self.doc.problems = self.problems
        return self.doc

    def _report(self, event: yaml.Event, message: str) -> None:
        self.problems.append(Problem(self.path, *_pos(event.start_mark), message))

    def _document_start(self, event: yaml.DocumentStartEvent) -> bool:
        self.documents += 1
        if self.documents == 1:
            return True
        self._report(
            event,
            "a file holds one scenario, but a second document starts here "
            "(remove the '---' line or split the file)",
        )
        return False

    def _mapping_awaiting_key(self) -> _Frame | None:
        """The innermost open mapping when the next node is its key, else None."""
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and top.key is None:
            return top
        return None

    def _alias(self, event: yaml.AliasEvent) -> None:
        self._report(
            event, f"aliases (*{event.anchor}) are not allowed; write the text out in full"
        )
        mapping = self._mapping_awaiting_key()
        if mapping is not None:
            mapping.key, mapping.key_pos = _SET_ASIDE, _pos(event.start_mark)
        else:
            self._place(None, _pos(event.start_mark))

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        self._check_node(event)
        mapping = self._mapping_awaiting_key()
        if mapping is not None:
            self._key(mapping, event.value, _pos(event.start_mark))
        else:
            self._place(event.value, _pos(event.start_mark))

    def _key(self, mapping: _Frame, key: str, pos: Position) -> None:
        first = mapping.keys.get(key)
        if first is not None and self._missing_dash(mapping, key, first, pos):
            first = None
        if first is not None:
            self.problems.append(
                Problem(
                    self.path,
                    *pos,
                    f'duplicate key "{key}": it was already given on line {first[0]}; '
                    "keep only one",
                )
            )
            # Validate the first value only; keep reading for more problems.
            mapping.key, mapping.key_pos = _SET_ASIDE, pos
            return
        mapping.keys[key] = pos
        mapping.key, mapping.key_pos = key, pos

    def _missing_dash(self, mapping: _Frame, key: str, first: Position, pos: Position) -> bool:
        """When a list item's first key comes again, a '- ' was most likely left out before
        it: report that, and read on as if it were there, so that the item's other keys are
        not duplicates too and the list keeps its length. False for any other duplicate."""
        parent = self.stack[-2] if len(self.stack) >= 2 else None
        if (
            parent is None
            or not isinstance(parent.container, list)
            or parent.loc is None
            or mapping.loc is None
            or next(iter(mapping.keys)) != key
        ):
            return False
        item = _ITEM_WORDS.get(str(parent.loc[-1]) if parent.loc else "", "item")
        self.problems.append(
            Problem(
                self.path,
                *pos,
                f'"{key}" was already given on line {first[0]}, for the {item} above: a "- " '
                f'is probably missing before "{key}" here, to start a new {item} (write '
                f'"- {key}:" in line with the "- " on line {first[0]})',
            )
        )
        loc = (*parent.loc, len(parent.container))
        container: dict[str, Any] = {}
        parent.container.append(container)
        self.doc.value_at[loc] = pos
        mapping.container, mapping.loc, mapping.keys = container, loc, {}
        return True

    def _collection_start(self, event: yaml.CollectionStartEvent) -> None:
        self._check_node(event)
        pos = _pos(event.start_mark)
        mapping = self._mapping_awaiting_key()
        if mapping is not None:
            self._report(event, "a key must be a plain word, not a list or a mapping")
            mapping.skip = 1
            mapping.key, mapping.key_pos = _SET_ASIDE, pos
            return
        if len(self.stack) >= MAX_DEPTH:
            self._report(
                event,
                f"the file is nested more than {MAX_DEPTH} levels deep here; "
                "a scenario never needs that many",
            )
            raise ScenarioError(self.problems)
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        self.stack.append(_Frame(container, self._place(container, pos)))

    def _check_node(self, event: yaml.NodeEvent) -> None:
        """Report the anchor and the tag a node was given; both are refused."""
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._report(event, f"anchors (&{anchor}) are not allowed; write the text out in full")
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            self._report(event, f"tags ({tag}) are not allowed; every value is plain text")

    def _place(self, value: Any, pos: Position) -> Loc | None:
        """Put a finished value where it belongs; return its loc (None when dropped)."""
        if not self.stack:
            self.doc.data = value
            self.root_set = True
            self.doc.value_at[()] = pos
            return ()
        top = self.stack[-1]
        key, top.key = top.key, None
        if top.loc is None or isinstance(key, _SetAside):
            return None
        if isinstance(top.container, list):
            loc = (*top.loc, len(top.container))
            top.container.append(value)
        elif isinstance(key, str):
            loc = (*top.loc, key)
            top.container[key] = value
            self.doc.key_at[loc] = top.key_pos
        else:  # pragma: no cover - a mapping's value always follows its key
            return None
        self.doc.value_at[loc] = pos
        return loc


def _skip(top: _Frame, event: yaml.Event) -> None:
    """Follow the nesting inside a value that is ignored (a mapping used as a key)."""
    if isinstance(event, yaml.CollectionStartEvent):
        top.skip += 1
    elif isinstance(event, yaml.CollectionEndEvent):
        top.skip -= 1


def load_bytes(raw: bytes, path: str) -> Document:
    """Decode and parse the bytes of a scenario file named ``path`` (used in messages)."""
    return parse(decode(raw, path), path)
