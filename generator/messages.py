"""Turn pydantic's validation errors into plain-language, located problems."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yaml_strict import Document, Loc

BANK_TAG, QUESTION_TAG = "<bank>", "<question>"
"""How pydantic names the two kinds of question slot (model.Slot) in an error's
location; messages leave them out, since the file has no such key."""


def where(loc: Loc) -> str:
    """A readable path such as ``steps.request.choices[2].quality`` (lists count from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "top level"


def describe(value: Any) -> str:
    """How a found value is named in a message."""
    if value is None or value == "":
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return '"' + shown.replace("\n", " ") + '"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return type(value).__name__


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated wrappers from a field annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) > 1:
                return annotation  # a choice of models: model_at picks by key
            annotation = args[0]
        else:
            return annotation


def _members(annotation: Any) -> list[Any]:
    """The models a union annotation (such as a question slot) allows, else itself."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [_unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping found at ``loc``, if there is one."""
    current: Any = root
    for part in loc:
        members = _members(current)
        current = members[0]
        if part in (BANK_TAG, QUESTION_TAG):
            # pydantic's name for the kind of slot it took the mapping for
            current = next((m for m in members if f"<{m.__name__.lower()}>" == part), current)
            continue
        if len(members) > 1 and isinstance(part, str):
            # A slot that may be a question or a bank: the member with this key.
            current = next((m for m in members if part in m.model_fields), current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        elif origin is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict and isinstance(part, str):
            current = typing.get_args(current)[1]
        else:
            return None
    current = _members(current)[0]
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def allowed_keys(root: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the format allows in the mapping at ``loc``."""
    model = model_at(root, loc)
    return list(model.model_fields) if model else []


def unknown_key(root: type[BaseModel], loc: Loc) -> str:
    """The message for an unknown key, with the allowed keys and the closest match."""
    key = str(loc[-1])
    allowed = allowed_keys(root, loc[:-1])
    message = f'unknown key "{key}"'
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if close:
        message += f' (did you mean "{close[0]}"?)'
    if allowed:
        message += "; allowed here: " + ", ".join(allowed)
    return message


def _expected(kind: str) -> str:
    return {
        "string_type": "text",
        "list_type": "a list (lines starting with '- ')",
        "dict_type": "a mapping (key: value lines)",
        "model_type": "a mapping (key: value lines)",
        "model_attributes_type": "a mapping (key: value lines)",
        "bool_type": "true or false",
    }.get(kind, "")


# Rule codes of pydantic's error kinds and of the model's own checks (model.py); any other
# kind is "invalid-value". Missing and unknown keys have their own branches below.
_RULES = {
    "literal_error": "unknown-value",
    "too_short": "too-few",
    "blank": "blank-text",
    "true_or_false": "wrong-type",
    "topic": "unknown-topic",
    "pass_mark": "invalid-pass-mark",
    "live_minutes": "invalid-live-minutes",
    "max_attempts": "invalid-max-attempts",
    "response_id": "response-id",
}


def _literal_choices(expected: str) -> str:
    return expected.replace("'", '"')


def problems_from(error: ValidationError, doc: Document, root: type[BaseModel]) -> list[Problem]:
    """One Problem per pydantic error, placed at the YAML node the error is about."""
    problems = []
    for item in error.errors(include_url=False):
        tagged: Loc = tuple(item["loc"])
        loc: Loc = tuple(p for p in tagged if p not in (BANK_TAG, QUESTION_TAG))
        kind = item["type"]
        found = item.get("input")
        ctx = item.get("ctx") or {}
        at = where(loc)
        if kind == "missing":
            parent, key = loc[:-1], loc[-1]
            line, col = doc.position(parent)
            problems.append(
                Problem(
                    doc.path,
                    line,
                    col,
                    f'{where(parent)}: missing required key "{key}"',
                    rule="missing-key",
                )
            )
            continue
        if kind == "extra_forbidden":
            line, col = doc.position(loc, key=True)
            problems.append(
                Problem(
                    doc.path,
                    line,
                    col,
                    f"{where(loc[:-1])}: {unknown_key(root, tagged)}",
                    rule="unknown-key",
                )
            )
            continue
        line, col = doc.position(loc)
        rule = "wrong-type" if _expected(kind) else _RULES.get(kind, "invalid-value")
        if _expected(kind):
            text = f"expected {_expected(kind)}, found {describe(found)}"
        elif kind == "literal_error":
            text = (
                f"expected one of {_literal_choices(str(ctx.get('expected', '')))}, "
                f"found {describe(found)}"
            )
        elif kind == "too_short":
            need = ctx.get("min_length", 1)
            what = loc[-1] if loc else "items"
            text = f"expected at least {need} {what}, found {len(found) if found else 0}"
        else:
            text = item["msg"]
        problems.append(Problem(doc.path, line, col, f"{at}: {text}", rule=rule))
    return problems
