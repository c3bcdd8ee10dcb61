"""The JSON Schema of the scenario format, for editors' YAML language server."""

from __future__ import annotations

import json
from typing import Any

from .model import SLUG_PATTERN, Scenario

SCHEMA_FILE = "scenario.schema.json"


def json_schema() -> dict[str, Any]:
    """The format as a JSON Schema (draft 2020-12), generated from the model."""
    schema = Scenario.model_json_schema()
    schema["properties"]["steps"]["propertyNames"] = {"pattern": SLUG_PATTERN}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The schema as the text kept in ``scenarios/scenario.schema.json``."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
