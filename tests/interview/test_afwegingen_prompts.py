"""The afwegingskader through real questionary prompts: which questions are asked per path.

Steps 1-3 are taken from the example file; the afwegingen are typed through a pipe.
``RecordingInterviewer`` only notes which question it is about to ask and then asks it
for real.
"""

from __future__ import annotations

import copy
import io
from datetime import timedelta
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from meldcode_cli.interview.prompts import Interviewer
from meldcode_cli.protocol.afwegingskader import besluit
from meldcode_cli.protocol.model import Field
from meldcode_cli.protocol.uitkomsten import Uitkomst
from tests.conftest import ENTER, MELDING, TODAY, as_version_2, line, pick


class RecordingInterviewer(Interviewer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []

    def ask_field(
        self, fld: Field, current: Any = None, *, earlier: Any = None, offer: str | None = None
    ) -> Any:
        self.asked.append(fld.label)
        return super().ask_field(fld, current, earlier=earlier, offer=offer)


def run_afwegingen(prefilled: dict[str, Any], keys: str) -> tuple[dict[str, Any], list[str], str]:
    console = Console(file=io.StringIO(), width=120)
    interviewer = RecordingInterviewer(console, TODAY)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            answers = interviewer.fill(copy.deepcopy(prefilled))
    assert isinstance(console.file, io.StringIO)
    return answers, interviewer.asked, console.file.getvalue()


@pytest.fixture
def steps_1_to_3(example_raw):
    from meldcode_cli.protocol.validate import validate

    raw = as_version_2(example_raw)
    raw.pop("afwegingen")
    raw.update(risicofactoren_nu="TEST", tegensignalen="TEST")
    raw["kindcheck"]["verzorgers"] = "moeder en vader"
    answers, problems = validate(raw, TODAY, partial=True, with_version=True)
    assert problems == []
    return answers


# The afwegingen and the questions of afweging 2 are judgements: the cursor starts on "(kies
# een antwoord)", so Ja is one down and Nee two. Afweging 5 starts on "Nog niet te
# beoordelen" (its preselect).
JA, NEE = pick(1), pick(2)
OPEN, VIJF_JA, VIJF_NEE = pick(0), pick(1), pick(2)
# An evaluation date after today and within two years, whatever day the tests run.
LATER = TODAY + timedelta(days=60)
LATER_TYPED = f"{LATER:%d-%m-%Y}"
A1 = "Afweging 1"
# Afweging 1 ja; afweging 2 nee (acute nee, structureel nee, toelichting); disclosure nee;
# afweging 3 ja, afweging 4 ja.
TWEE_NEE = NEE + NEE + line("t") + NEE
TOT_4_JA = JA + line("t") + TWEE_NEE + JA + line("t") + JA + line("t")

PATHS = [
    ("1 nee", NEE + line("geen vermoeden"), Uitkomst.AFSLUITEN, ["1"]),
    # With acute or structurele onveiligheid the melding is certain: no disclosure asked.
    ("acute", JA + line("t") + JA + NEE + line("t") + MELDING, Uitkomst.MELDEN, ["1", "2"]),
    (
        "structureel",
        JA + line("t") + NEE + JA + line("t") + MELDING,
        Uitkomst.MELDEN,
        ["1", "2"],
    ),
    (
        "disclosure",
        JA + line("t") + NEE + NEE + line("t") + JA + MELDING,
        Uitkomst.MELDEN,
        ["1", "2"],
    ),
    (
        "3 nee",
        JA + line("t") + TWEE_NEE + NEE + line("t") + MELDING,
        Uitkomst.MELDEN,
        ["1", "2", "3"],
    ),
    (
        "4 nee",
        JA + line("t") + TWEE_NEE + JA + line("t") + NEE + line("t") + MELDING,
        Uitkomst.MELDEN,
        ["1", "2", "3", "4"],
    ),
    (
        "5 open",
        TOT_4_JA + OPEN + line(LATER_TYPED) + line(""),
        Uitkomst.HULP_BIEDEN,
        ["1", "2", "3", "4", "5"],
    ),
    (
        "5 ja",
        TOT_4_JA + VIJF_JA + line("TEST afspraken met school") + line("t"),
        Uitkomst.HULP_AFSLUITEN,
        ["1", "2", "3", "4", "5"],
    ),
    (
        "5 nee",
        TOT_4_JA + VIJF_NEE + line("t") + MELDING,
        Uitkomst.OPNIEUW_MELDEN,
        ["1", "2", "3", "4", "5"],
    ),
]


@pytest.mark.parametrize(("naam", "keys", "uitkomst", "gesteld"), PATHS, ids=[p[0] for p in PATHS])
def test_each_path_asks_only_reachable_afwegingen(steps_1_to_3, naam, keys, uitkomst, gesteld):
    answers, asked, _ = run_afwegingen(steps_1_to_3, keys)
    assert besluit(answers).uitkomst is uitkomst
    assert sorted(k for k in answers["afwegingen"] if k.isdigit()) == gesteld
    assert ("melding" in answers) is besluit(answers).melden  # seed 004's questions
    from meldcode_cli.protocol.kaders import DEFAULT

    for kader in DEFAULT.afwegingen:
        was_asked = any(label == kader.vraag for label in asked)
        expected = str(kader.nummer) in gesteld and kader.nummer != 2  # 2 is derived
        assert was_asked == expected, f"afweging {kader.nummer}"
    if "2" in gesteld:
        assert any("acute onveiligheid" in label for label in asked)
        twee_nee = answers["afwegingen"]["2"]["antwoord"] == "nee"
        assert any("disclosure" in label for label in asked) is twee_nee


def test_afweging_2_is_derived_and_shown(steps_1_to_3):
    keys = JA + line("t") + NEE + JA + line("t") + NEE + MELDING
    answers, _, screen = run_afwegingen(steps_1_to_3, keys)
    assert answers["afwegingen"]["2"]["antwoord"] == "ja"
    assert "Daaruit volgt: Ja — Melden bij Veilig Thuis." in screen


def test_a_typed_answer_is_judged_like_a_file_answer(steps_1_to_3):
    # The prompt refuses an impossible date with the same rule as an answers file, and
    # accepts the corrected one (Backspace clears the refused text).
    keys = TOT_4_JA + OPEN + line("31-02-2027") + line("\x7f" * 10 + LATER_TYPED) + ENTER
    answers, _, _ = run_afwegingen(steps_1_to_3, keys)
    assert answers["afwegingen"]["5"]["evaluatie_op"] == LATER


def test_an_evaluation_before_the_consult_is_refused_at_the_prompt(steps_1_to_3):
    # The consult was 20-11-2026: 01-11-2026 is refused there and then (not only when
    # saving), with the same rule and message as in an answers file.
    keys = TOT_4_JA + OPEN + line("01-11-2026") + line("\x7f" * 10 + LATER_TYPED) + ENTER
    answers, _, _ = run_afwegingen(steps_1_to_3, keys)
    assert answers["afwegingen"]["5"]["evaluatie_op"] == LATER


def test_enter_alone_chooses_no_judgement(steps_1_to_3):
    """Afweging 1 starts on "(kies een antwoord)": Enter there chooses nothing and the
    question comes again. Had Enter chosen "Ja", the keys after it would not fit."""
    keys = ENTER + ENTER + NEE + line("TEST geen vermoeden")
    answers, _, _ = run_afwegingen(steps_1_to_3, keys)
    assert answers["afwegingen"]["1"] == {"antwoord": "nee", "toelichting": "TEST geen vermoeden"}


def _fields(node: Any, path: tuple[str, ...] = ()) -> list[tuple[str, Field]]:
    from meldcode_cli.protocol.model import Group, ListOf

    if isinstance(node, Field):
        return [(".".join((*path, node.key)), node)]
    if isinstance(node, ListOf):
        return _fields(node.item, (*path, node.key))
    assert isinstance(node, Group)
    return [found for child in node.children for found in _fields(child, (*path, node.key))]


# The judgements of issue 21 ("Direct gevaar, acute, structureel, disclosure and
# afwegingen 1-4 need an explicit choice"), and afweging 5 in an evaluation.
JUDGEMENTS = {
    "directe_veiligheid.direct_gevaar",
    "afwegingen.1.antwoord",
    "afwegingen.2.acute_onveiligheid",
    "afwegingen.2.structurele_onveiligheid",
    "afwegingen.2.disclosure",
    "afwegingen.3.antwoord",
    "afwegingen.4.antwoord",
    "veilig_thuis.afwegingen.3.antwoord",
    "veilig_thuis.afwegingen.4.antwoord",
    "evaluatie.antwoord",
}


def test_every_judgement_of_every_kader_starts_on_no_answer():
    from meldcode_cli.protocol.kaders import KADERS
    from meldcode_cli.protocol.questions import steps_for
    from meldcode_cli.protocol.uitkomsten import Soort
    from meldcode_cli.protocol.vervolg import follow_up_steps

    for kader in KADERS.values():
        steps = (
            *steps_for(kader),
            *follow_up_steps(Soort.EVALUATIE, kader),
            *follow_up_steps(Soort.VEILIG_THUIS, kader),
        )
        fields = dict(found for step in steps for node in step.nodes for found in _fields(node))
        expected = JUDGEMENTS if kader.disclosure else JUDGEMENTS - {"afwegingen.2.disclosure"}
        explicit = {path for path, fld in fields.items() if fld.explicit}
        assert explicit == expected, kader.id
        assert all(fields[path].preselect is None for path in explicit)
