"""Follow-up answers files are as easy as start's: a template and a schema from the same
declaration (``meldcode template --vervolg SOORT``, ``meldcode schema --vervolg SOORT``)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from meldcode_cli.protocol.kaders import DEFAULT
from meldcode_cli.protocol.model import Group
from meldcode_cli.protocol.vervolg import evaluatie_of, veilig_thuis_of
from tests.conftest import invoke

EVALUATIE, VEILIG_THUIS = evaluatie_of(DEFAULT), veilig_thuis_of(DEFAULT)


def keys_of(group: Group) -> list[str]:
    return [child.key for child in group.children]


@pytest.mark.parametrize(
    ("soort", "group"), [("evaluatie", EVALUATIE), ("veilig_thuis", VEILIG_THUIS)]
)
def test_the_template_lists_every_question(soort, group):
    run = invoke(["template", "--vervolg", soort])
    assert run.code == 0, run.output
    template = yaml.safe_load(run.stdout)
    assert template["versie"] == 4
    assert list(template[group.key]) == keys_of(group)
    if soort == "veilig_thuis":  # afwegingen 3 to 5 with Veilig Thuis, each with its keys
        samen = template["veilig_thuis"]["afwegingen"]
        assert {k: list(v) for k, v in samen.items()} == {
            "3": ["antwoord", "toelichting"],
            "4": ["antwoord", "toelichting"],
            "5": ["evaluatie_op", "afspraken"],
        }
    else:  # afweging 5 nee: the melding, as at a first melding
        assert next(iter(template["melding"])) == "actuele_onveiligheid"
    assert all(len(line) <= 88 for line in run.stdout.splitlines())


FILLED = {
    "evaluatie": {
        "versie": 2,
        "evaluatie": {
            "datum": "2026-11-20",
            "antwoord": "ja",
            "toelichting": "TEST",
            "afspraken": "TEST",
        },
    },
    "veilig_thuis": {
        "versie": 2,
        "veilig_thuis": {
            "melding_gedaan": "nee",
            "reden": "TEST",
            "wat_nu": "alsnog_melden",
            "melden_op": "2026-12-01",
        },
    },
}


@pytest.mark.parametrize("soort", ["evaluatie", "veilig_thuis"])
def test_the_schema_accepts_a_filled_template_and_refuses_a_wrong_type(soort):
    run = invoke(["schema", "--vervolg", soort])
    assert run.code == 0, run.output
    schema = json.loads(run.stdout)
    jsonschema.validate(FILLED[soort], schema)
    wrong = json.loads(json.dumps(FILLED[soort]))
    next(v for k, v in wrong.items() if k != "versie")[
        "toelichting" if soort == "evaluatie" else "reden"
    ] = 5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_an_unknown_kind_of_follow_up_is_a_clear_error():
    run = invoke(["template", "--vervolg", "iets"])
    assert run.code == 2
    assert "'iets' is geen soort vervolg; kies uit: evaluatie, veilig_thuis." in run.stderr
