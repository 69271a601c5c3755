"""Property: whatever the input, the loader and validator give a clear error or a result."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldcode_cli.errors import AnswersError, Problem
from meldcode_cli.interview.answers_file import load_answers_file
from meldcode_cli.protocol.afwegingskader import besluit
from meldcode_cli.protocol.questions import ROOT
from meldcode_cli.protocol.validate import validate
from tests.conftest import EXAMPLE, TODAY, entries, invoke

KEYS = [
    "versie",
    "casus",
    "signalen",
    "kindcheck",
    "overleg",
    "gesprek",
    "afwegingen",
    "referentie",
    "datum_consult",
    "vormen",
    "omschrijving",
    "bron",
    "datum",
    "antwoord",
    "toelichting",
    "1",
    "2",
    "5",
    "gevoerd",
    "acute_onveiligheid",
    "evaluatie_op",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["ja", "nee", "open", "client", "2026-11-20", "31-02-2026", "vandaag"]),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.datetimes(),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.integers(0, 6), st.text(max_size=8)),
            children,
            max_size=6,
        ),
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(structures)
def test_validate_never_raises(data):
    answers, problems = validate(data, TODAY, with_version=True)
    assert all(isinstance(p, Problem) and p.message for p in problems)
    if not problems:
        besluit(answers)  # a valid set of answers always reaches a decision


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_example_never_raises(data):
    """Random changes at real places in a valid file: a clean result or clear problems."""
    raw = mutated(data, st.nothing())
    answers, problems = validate(raw, TODAY, with_version=True)
    if not problems:
        besluit(answers)
    else:
        assert all(p.message for p in problems)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from([".yaml", ".json", ".toml"]))
def test_loader_on_random_bytes(tmp_path: Path, content: bytes, suffix: str):
    path = tmp_path / f"willekeurig{suffix}"
    path.write_bytes(content)
    try:
        data = load_answers_file(str(path)).data
    except AnswersError as exc:
        assert exc.message
        return
    validate(data, TODAY, with_version=True)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(structures)
def test_loader_on_random_yaml(tmp_path: Path, data):
    path = tmp_path / "willekeurig.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        loaded = load_answers_file(str(path)).data
    except AnswersError as exc:
        assert exc.message
        return
    validate(loaded, TODAY, with_version=True)


def test_nested_yaml_bomb_is_refused_or_judged(tmp_path: Path):
    # Aliases that would explode if expanded naively; the validator must stay bounded.
    text = "versie: 1\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for n in range(8):
        text += (
            f"b{n}: &b{n} [*{'a' if n == 0 else f'b{n - 1}'}, *{'a' if n == 0 else f'b{n - 1}'}]\n"
        )
    text += "signalen: *b7\n"
    path = tmp_path / "bom.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = validate(load_answers_file(str(path)).data, TODAY, with_version=True)
    assert problems


def test_root_declaration_is_what_the_template_describes():
    from meldcode_cli.protocol.template import render_template

    template = yaml.safe_load(render_template())
    assert list(template) == ["versie", "kader", *(node.key for node in ROOT.children)]


# ----------------------------------------------------------------------------- end to end

UNICODE = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20)
UNICODE_WITH_SURROGATES = st.text(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=[]), max_size=20
)


def to_toml(data: dict[str, Any]) -> str:
    """A small TOML writer (inline tables and arrays), enough for generated answers."""

    def value(item: Any) -> str | None:
        if item is None:
            return None
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, int):
            return str(item)
        if isinstance(item, float):
            if item != item:
                return "nan"
            if item in (float("inf"), float("-inf")):
                return "inf" if item > 0 else "-inf"
            return repr(item)
        if isinstance(item, dt.datetime):
            return item.isoformat()
        if isinstance(item, dt.date):
            return item.isoformat()
        if isinstance(item, str):
            return json.dumps(item)
        if isinstance(item, list):
            parts = [v for v in (value(i) for i in item) if v is not None]
            return "[" + ", ".join(parts) + "]"
        if isinstance(item, dict):
            pairs = [(k, value(v)) for k, v in item.items()]
            return "{" + ", ".join(f"{json.dumps(str(k))} = {v}" for k, v in pairs if v) + "}"
        return json.dumps(str(item))

    lines = []
    for key, item in data.items():
        shown = value(item)
        if shown is not None:
            lines.append(f"{json.dumps(str(key))} = {shown}")
    return "\n".join(lines) + "\n"


def mutated(data: st.DataObject, text: st.SearchStrategy[str]) -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        node: Any = raw
        while isinstance(node, dict | list) and node and data.draw(st.booleans()):
            key = data.draw(
                st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))
            )
            if not isinstance(node[key], dict | list):
                break
            node = node[key]
        if isinstance(node, dict) and node:
            node[data.draw(st.sampled_from(list(node)))] = data.draw(st.one_of(text, structures))
    return raw


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data(), st.sampled_from(["yaml", "json", "toml"]))
def test_any_answers_file_gives_an_entry_or_a_clear_error(tmp_path: Path, data, fmt):
    text = UNICODE_WITH_SURROGATES if fmt == "json" else UNICODE
    raw = mutated(data, text)
    if fmt == "yaml":
        content = yaml.safe_dump(raw, allow_unicode=True)
    elif fmt == "json":
        content = json.dumps(raw, default=str)
    else:
        content = to_toml(raw)
    import tempfile

    here = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example
    folder = here / "dossier"
    path = here / f"antwoorden.{fmt}"
    path.write_text(content, encoding="utf-8")
    # invoke() does not catch exceptions: a traceback fails this test.
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(folder)])
    assert run.code in (0, 2), run.output
    assert "Traceback" not in run.stderr
    written = entries(folder)
    if run.code == 0:
        assert len(written) == 1
    else:
        assert written == [], "nothing is written on an error"
        assert run.stderr.startswith("Fout:")
