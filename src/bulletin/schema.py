"""schema: the JSON Schema of a project's data files (the general vocabulary, with the
project's kinds and units as choices), for editors that complete and check YAML as people
type; never validates data itself (loading does)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from bulletin.project import Project
from bulletin.units import units_of
from bulletin.vocabulary import Dataset

SCHEMA_PATH = "schema/data.schema.json"
MODELINE = "# yaml-language-server: $schema={path}"


def _with_choices(node: Any, kinds: list[str], units: list[str]) -> None:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            if "kind" in properties and "region" in properties:
                properties["kind"] = {**properties["kind"], "enum": kinds}
            for name in ("unit",):
                field = properties.get(name)
                if isinstance(field, dict):
                    _choose(field, units)
        for value in node.values():
            _with_choices(value, kinds, units)
    elif isinstance(node, list):
        for value in node:
            _with_choices(value, kinds, units)


def _choose(field: dict[str, Any], units: list[str]) -> None:
    """A unit field (maybe optional: anyOf string/null) takes one of the registered units."""
    if field.get("type") == "string":
        field["enum"] = units
    for option in field.get("anyOf", []):
        if option.get("type") == "string":
            option["enum"] = units


def data_schema(project: Project) -> dict[str, Any]:
    """The schema of the project's data files."""
    schema = TypeAdapter(Dataset).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "bulletin data file"
    _with_choices(schema, sorted(project.kinds()), units_of(project).names())
    return schema


def schema_text(project: Project) -> str:
    return json.dumps(data_schema(project), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
