"""A JSON Schema of the answers file, generated from the declaration.

For editors (completion, type checks). It describes structure, types, choices and which
answers a branch requires; the tool's own validation stays the judge of everything,
including contradictions and answers to questions that a branch leaves out.
"""

from __future__ import annotations

from typing import Any, assert_never

from meldcode_cli.protocol.kaders import KADERS
from meldcode_cli.protocol.model import (
    Cond,
    Field,
    Group,
    Kind,
    ListOf,
    Node,
    can_be_implied,
    retired,
)
from meldcode_cli.protocol.questions import (
    ANSWERS_FORMAT_VERSION,
    ROOT,
    SUPPORTED_VERSIONS,
    root_for,
)

SCHEMA_ID = f"https://meldcode.invalid/schema/antwoorden-{ANSWERS_FORMAT_VERSION}.json"

# The same forms that the tool reads: 2026-11-20, or 20-11-2026 / 20/11/2026.
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|vandaag|gisteren)$"


def _field(fld: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    match fld.kind:  # every kind named: a new one is a type error here, not a guess
        case Kind.TEXT:
            schema = {"type": ["string", "null"], "maxLength": fld.max_length}
        case Kind.DATE:
            schema = {"type": ["string", "null"], "pattern": DATE_PATTERN}
        case Kind.INT:
            schema = {
                "type": ["integer", "null"],
                "minimum": fld.min_value,
                "maximum": fld.max_value,
            }
        case Kind.CHOICE:
            schema = {"enum": [*(c.code for c in fld.choices), None]}
        case Kind.MULTI:
            schema = {
                "type": ["array", "null"],
                "items": {"enum": [c.code for c in fld.choices]},
                "uniqueItems": True,
            }
        case _:
            assert_never(fld.kind)
    schema["description"] = fld.label + (f" {fld.help}" if fld.help else "")
    return schema


def _condition(cond: Cond, base: tuple[str, ...], version: int) -> dict[str, Any] | None:
    """``if`` schema for ``cond``, relative to the object at ``base``; None if not below it
    (or when no clause applies to this version)."""
    parts: list[dict[str, Any]] = []
    for clause in cond.clauses:
        if clause.since > version:
            continue
        if clause.retired:
            return None  # never asked in a file of this version: see ``retired``
        if clause.path[: len(base)] != base:
            return None
        schema: dict[str, Any] = (
            {"minLength": 1} if clause.values is None else {"enum": sorted(clause.values)}
        )
        for key in reversed(clause.path[len(base) :]):
            schema = {"type": "object", "properties": {key: schema}, "required": [key]}
        if clause.negated:
            schema = {"not": schema}
        parts.append(schema)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"allOf": parts}


def _required(node: Node, group: Group, path: tuple[str, ...], version: int) -> bool:
    if isinstance(node, Field):
        # An answer that follows from the answers of its branch may be left out.
        implied = can_be_implied(group, path)
        return node.required_in(version) and node.computed is None and not implied
    if isinstance(node, ListOf):
        return node.required_in(version)
    # A group is required when an answer in it is asked whatever else is answered.
    return any(
        child.when is None and _required(child, node, (*path, child.key), version)
        for child in node.children
    )


def _group(group: Group, path: tuple[str, ...], version: int) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    conditional: list[dict[str, Any]] = []
    for child in group.children:
        if retired(child, version):
            continue  # not in a file of this version: refused as any unknown key
        properties[child.key] = _node(child, (*path, child.key), version)
        if not _required(child, group, (*path, child.key), version):
            continue
        if child.when is None:
            required.append(child.key)
            continue
        if all(clause.since > version for clause in child.when.clauses):
            required.append(child.key)  # asked regardless in a file of this version
            continue
        condition = _condition(child.when, path, version)
        if condition is not None:
            conditional.append({"if": condition, "then": {"required": [child.key]}})
    schema: dict[str, Any] = {
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": False,
    }
    if group.title:
        schema["title"] = group.title
    if required:
        schema["required"] = required
    if conditional:
        schema["allOf"] = conditional
    return schema


def _node(node: Node, path: tuple[str, ...], version: int) -> dict[str, Any]:
    if isinstance(node, Field):
        return _field(node)
    if isinstance(node, ListOf):
        item = _group(node.item, path, version)
        item["type"] = "object"
        return {
            "type": ["array", "null"],
            "title": node.title,
            "items": item,
            "minItems": node.min_items,
            "maxItems": node.max_items,
        }
    return _group(node, path, version)


_KADER: dict[str, Any] = {
    "description": "Het afwegingskader (zie meldcode kaders); zonder: het huidige.",
}


def _of_version(root: Group, version: int) -> dict[str, Any]:
    schema = _group(root_for(version, root), (), version)
    schema["type"] = "object"
    schema["properties"] = {
        "versie": {"const": version},
        "kader": _KADER,
        **schema["properties"],
    }
    schema["required"] = ["versie", *schema.get("required", [])]
    schema.pop("title", None)
    return schema


def answers_schema(root: Group = ROOT, title: str | None = None) -> dict[str, Any]:
    """The JSON Schema of an answers file: of a first run, or of a follow-up's ``root``.

    A file of today's version is checked against today's questions; a file that says an
    earlier ``versie`` against the questions of that version, which meldcode still reads.
    """
    schema: dict[str, Any] = _of_version(root, ANSWERS_FORMAT_VERSION)
    for version in sorted(set(SUPPORTED_VERSIONS) - {ANSWERS_FORMAT_VERSION}, reverse=True):
        schema = {
            "if": {"properties": {"versie": {"const": version}}, "required": ["versie"]},
            "then": _of_version(root, version),
            "else": schema,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": title or "Antwoordenbestand voor meldcode start --answers",
        "type": "object",
        "required": ["versie"],
        "properties": {
            "kader": {**_KADER, "enum": list(KADERS)},
            "versie": {
                "enum": list(SUPPORTED_VERSIONS),
                "description": f"Versie {ANSWERS_FORMAT_VERSION} is de huidige; eerdere"
                " versies worden nog gelezen.",
            },
        },
        **schema,
    }
