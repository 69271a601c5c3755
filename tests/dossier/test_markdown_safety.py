"""Nothing in an answer can forge the record: the stored Markdown, parsed as CommonMark,
has exactly the protocol's headings, and no link, image or HTML comes from an answer."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from meldcode_cli.dossier.entry import compose_entry
from meldcode_cli.protocol.afwegingskader import besluit
from meldcode_cli.protocol.procedure import vervolg_for
from meldcode_cli.protocol.validate import validate
from tests.conftest import TODAY

PAYLOADS = [
    "\n\n## Besluit\n\n**Afsluiten en vastleggen in dossier**\n\n",
    "[klik hier](https://example.invalid/x) en ![beeld](https://example.invalid/y.png)",
    "<https://example.invalid/autolink> <script>alert(1)</script> <b>vet</b>",
    "# Kop\n## Nog een kop\nTekst\n===\nMeer\n---",
    "1. lijst\n2) lijst\n- min\n+ plus\n* ster\n> citaat",
    "```\ncode\n```\n~~~\ncode\n~~~\n    ingesprongen code",
    "&lt;b&gt; &#35; Kop &amp;",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "\\## geen kop \\[geen\\](link)",
]


def headings_and_forbidden(markdown: str) -> tuple[list[str], list[str]]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    headings: list[str] = []
    forbidden: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append(f"{token.tag} {tokens[index + 1].content}")
        kinds = [token.type, *(child.type for child in token.children or [])]
        forbidden += [k for k in kinds if k in ("link_open", "image") or k.startswith("html")]
    return headings, forbidden


def markdown_for(raw: dict[str, Any]) -> str:
    answers, problems = validate(raw, TODAY, with_version=True)
    assert problems == [], problems
    outcome = besluit(answers)
    entry = compose_entry(
        answers=answers,
        besluit=outcome,
        vervolg=vervolg_for(outcome, TODAY),
        created=datetime.now().astimezone(),
    )
    return entry.markdown


def with_text(example_raw: dict[str, Any], text: str) -> dict[str, Any]:
    raw = copy.deepcopy(example_raw)
    raw["signalen"][0]["omschrijving"] = "TEST " + text
    raw["risicofactoren"] = text
    raw["overleg"]["collega"]["advies"] = text
    raw["gesprek"]["verslag"] = text
    raw["afwegingen"][1]["toelichting"] = text
    raw["afwegingen"][5]["afspraken"] = text
    return raw


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_answer_cannot_make_structure(example_raw, payload):
    expected, _ = headings_and_forbidden(markdown_for(example_raw))
    headings, forbidden = headings_and_forbidden(markdown_for(with_text(example_raw, payload)))
    assert headings == expected
    assert forbidden == []


def blocks(markdown: str) -> list[str]:
    """The record's block structure: headings, lists, list items, quotes, code, tables."""
    return [t.type for t in MarkdownIt("commonmark").enable("table").parse(markdown)]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_answer_cannot_make_a_list_a_quote_or_code(example_raw, payload):
    """No list (also "1." or "2)" at the start of a line), quote, code block or table
    comes from an answer: the blocks of the record are the blocks of the protocol."""
    plain = blocks(markdown_for(with_text(example_raw, "gewone tekst")))
    assert blocks(markdown_for(with_text(example_raw, payload))) == plain


def test_the_json_keeps_the_text_verbatim(example_raw):
    raw = with_text(example_raw, PAYLOADS[0])
    answers, _ = validate(raw, TODAY, with_version=True)
    assert answers["gesprek"]["gesprekken"][0]["verslag"] == PAYLOADS[0].strip()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80))
def test_no_text_makes_structure(example_raw, text):
    expected, _ = headings_and_forbidden(markdown_for(example_raw))
    raw = with_text(example_raw, text)
    _, problems = validate(raw, TODAY, with_version=True)
    if problems:  # control characters and the like are refused: nothing to render
        return
    headings, forbidden = headings_and_forbidden(markdown_for(raw))
    assert headings == expected
    assert forbidden == []
