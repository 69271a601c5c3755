"""The afwegingskader through real questionary prompts: which questions are asked per path.

Steps 1-3 are taken from the example file; the afwegingen are typed through a pipe.
``RecordingInterviewer`` only notes which question it is about to ask and then asks it
for real.
"""

from __future__ import annotations

import copy
import io
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

    def ask_field(self, fld: Field, current: Any = None) -> Any:
        self.asked.append(fld.label)
        return super().ask_field(fld, current)


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


JA, NEE = pick(0), pick(1)
OPEN, VIJF_JA, VIJF_NEE = pick(0), pick(1), pick(2)
A1 = "Afweging 1"
# Afweging 1 ja; afweging 2 nee (acute nee, structureel nee, toelichting); disclosure nee;
# afweging 3 ja, afweging 4 ja.
TWEE_NEE = NEE + NEE + line("t") + NEE
TOT_4_JA = JA + line("t") + TWEE_NEE + JA + line("t") + JA + line("t")

PATHS = [
    ("1 nee", NEE + line("geen vermoeden"), Uitkomst.AFSLUITEN, ["1"]),
    ("acute", JA + line("t") + JA + NEE + line("t") + NEE + MELDING, Uitkomst.MELDEN, ["1", "2"]),
    (
        "structureel",
        JA + line("t") + NEE + JA + line("t") + NEE + MELDING,
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
        TOT_4_JA + OPEN + line("15-01-2027") + line(""),
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
        assert any("disclosure" in label for label in asked)


def test_afweging_2_is_derived_and_shown(steps_1_to_3):
    keys = JA + line("t") + NEE + JA + line("t") + NEE + MELDING
    answers, _, screen = run_afwegingen(steps_1_to_3, keys)
    assert answers["afwegingen"]["2"]["antwoord"] == "ja"
    assert "Daaruit volgt: Ja — Melden bij Veilig Thuis." in screen


def test_a_typed_answer_is_judged_like_a_file_answer(steps_1_to_3):
    # The prompt refuses an impossible date with the same rule as an answers file, and
    # accepts the corrected one (Backspace clears the refused text).
    keys = TOT_4_JA + OPEN + line("31-02-2027") + line("\x7f" * 10 + "01-03-2027") + ENTER
    answers, _, _ = run_afwegingen(steps_1_to_3, keys)
    assert str(answers["afwegingen"]["5"]["evaluatie_op"]) == "2027-03-01"


def test_an_evaluation_before_the_consult_is_refused_at_the_prompt(steps_1_to_3):
    # The consult was 20-11-2026: 01-11-2026 is refused there and then (not only when
    # saving), with the same rule and message as in an answers file.
    keys = TOT_4_JA + OPEN + line("01-11-2026") + line("\x7f" * 10 + "15-01-2027") + ENTER
    answers, _, _ = run_afwegingen(steps_1_to_3, keys)
    assert str(answers["afwegingen"]["5"]["evaluatie_op"]) == "2027-01-15"
