"""The answers-file template: every question as a commented YAML key, from the declaration.

An empty value (``null``) means "not answered": fill in what applies to your case and
leave the rest empty. Questions that do not apply (by an earlier answer) stay empty.
"""

from __future__ import annotations

import json
import textwrap
from typing import assert_never

from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import DEFAULT
from meldcode_cli.protocol.model import (
    Field,
    Group,
    Kind,
    ListOf,
    Node,
    Step,
    can_be_implied,
    retired,
)
from meldcode_cli.protocol.questions import ANSWERS_FORMAT_VERSION, steps_for
from meldcode_cli.text import is_number

WIDTH = 80  # read in an editor or on a screen of 80 columns

HEADER = f"""\
# Antwoordenbestand voor `meldcode start --answers BESTAND`.
#
# Vul in wat op je casus van toepassing is en laat de rest leeg. Een lege
# waarde betekent: niet beantwoord. Vragen die door een eerder antwoord niet aan
# de orde zijn (zie "alleen als"), laat je leeg. Datums schrijf je als
# jjjj-mm-dd. Gebruik een eigen kenmerk, geen naam of BSN.

versie: {ANSWERS_FORMAT_VERSION}
"""


def _comment(text: str, indent: str) -> list[str]:
    return [
        f"{indent}# {line}"
        for line in textwrap.wrap(text, width=WIDTH - len(indent) - 2, break_on_hyphens=False)
    ]


def _describe(fld: Field, implied: bool = False) -> str:
    parts: list[str] = []
    match fld.kind:  # every kind named: a new one is a type error here, not a guess
        case Kind.TEXT:
            parts.append("tekst")
        case Kind.DATE:
            future = "" if fld.not_future else ", mag in de toekomst"
            parts.append(f"datum (jjjj-mm-dd){future}")
        case Kind.INT:
            parts.append(f"heel getal van {fld.min_value} tot en met {fld.max_value}")
        case Kind.CHOICE:
            parts.append("één van: " + " | ".join(c.code for c in fld.choices))
        case Kind.MULTI:
            parts.append("lijst met één of meer van: " + ", ".join(c.code for c in fld.choices))
        case _:
            assert_never(fld.kind)
    if fld.computed is not None:
        parts.append("mag leeg blijven: volgt uit de antwoorden hierboven")
    elif not fld.required:
        parts.append("mag leeg blijven")
    elif implied:
        parts.append("verplicht, maar mag weg als de antwoorden eronder het al zeggen")
    else:
        parts.append("verplicht")
    if fld.when is not None:
        parts.append(f"alleen als {fld.when.describe()}")
    return "; ".join(parts)


def _choices_help(fld: Field) -> list[str]:
    if fld.kind not in (Kind.CHOICE, Kind.MULTI):
        return []
    return [f"{c.code}: {c.label}" for c in fld.choices]


def _node(
    node: Node,
    indent: str,
    lines: list[str],
    first_in_item: bool = False,
    parent: Group | None = None,
    path: tuple[str, ...] = (),
) -> None:
    if retired(node, ANSWERS_FORMAT_VERSION):
        return  # a question of earlier versions only
    key_prefix = f"{indent[:-2]}- " if first_in_item else indent
    if isinstance(node, Field):
        lines.append("")
        lines += _comment(node.label, indent)
        if node.help:
            lines += _comment(node.help, indent)
        for line in _choices_help(node):
            lines += _comment(f"  {line}", indent)
        implied = parent is not None and can_be_implied(parent, path)
        lines += _comment(f"({_describe(node, implied)})", indent)
        lines.append(f"{key_prefix}{node.key}:")
        return
    lines.append("")
    if isinstance(node, ListOf):
        lines += _comment(
            f"{node.title}: een lijst; herhaal het blok voor elk {node.noun}.", indent
        )
        if node.help:
            lines += _comment(node.help, indent)
        if node.when is not None:
            lines += _comment(f"(alleen als {node.when.describe()})", indent)
        lines.append(f"{key_prefix}{node.key}:")
        item_indent = indent + "    "
        for index, child in enumerate(node.item.children):
            _node(child, item_indent, lines, index == 0, node.item, (*path, "0", child.key))
        return
    title = node.title if not is_number(node.key) else f"Afweging {node.key}"
    lines += _comment(f"{title}", indent)
    if node.help:
        lines += _comment(node.help, indent)
    if node.when is not None:
        lines += _comment(f"(alleen als {node.when.describe()})", indent)
    key = json.dumps(node.key) if is_number(node.key) else node.key
    lines.append(f"{key_prefix}{key}:")
    for child in node.children:
        _node(child, indent + "  ", lines, False, node, (*path, child.key))


VERVOLG_HEADER = f"""\
# Antwoordenbestand voor `meldcode vervolg CODE --answers BESTAND`.
# Soort vervolg: {{soort}}.
#
# Vul in wat van toepassing is en laat de rest leeg. Een lege waarde betekent:
# niet beantwoord. Vragen die door een eerder antwoord niet aan de orde zijn
# (zie "alleen als"), laat je leeg. Datums schrijf je als jjjj-mm-dd.

versie: {ANSWERS_FORMAT_VERSION}
"""


def render_template(
    steps: tuple[Step, ...] | None = None, soort: str | None = None, kader: Kader = DEFAULT
) -> str:
    """The template of a first run, or (``soort``) of one kind of follow-up."""
    steps = steps_for(kader) if steps is None else steps
    if soort is None:
        lines = [HEADER.rstrip("\n"), ""]
        lines += _comment(
            f"Afwegingskader: {kader.naam} ({kader.bron}). Een ander kader kiezen: zet hier"
            " zijn id (zie meldcode kaders).",
            "",
        )
        lines.append(f"kader: {kader.id}")
    else:
        lines = [VERVOLG_HEADER.format(soort=soort).rstrip("\n")]
    for step in steps:
        lines.append("")
        lines.append(f"# {'=' * (WIDTH - 2)}")
        lines += _comment(step.title, "")
        lines += _comment(step.intro, "")
        lines.append(f"# {'=' * (WIDTH - 2)}")
        for node in step.nodes:
            _node(node, "", lines, False, None, (node.key,))
    return "\n".join(lines) + "\n"
