"""Property: whatever the input, the loader and validator give a clear error or a result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldcode_cli.errors import AnswersError, Problem
from meldcode_cli.interview.answers_file import load_answers_file
from meldcode_cli.protocol.afwegingskader import besluit
from meldcode_cli.protocol.questions import ROOT
from meldcode_cli.protocol.validate import validate
from tests.conftest import EXAMPLE, TODAY

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
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        node = raw
        while isinstance(node, dict | list) and node and data.draw(st.booleans()):
            key = data.draw(
                st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))
            )
            if not isinstance(node[key], dict | list):
                break
            node = node[key]
        if isinstance(node, dict) and node:
            node[data.draw(st.sampled_from(list(node)))] = data.draw(structures)
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
    assert list(template) == ["versie", *(node.key for node in ROOT.children)]
