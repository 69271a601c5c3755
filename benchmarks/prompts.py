"""How many prompts a practitioner answers in three journeys of `meldcode start`.

Run: .venv/bin/python benchmarks/prompts.py

Every prompt counts: each question answered, each "Nog een … toevoegen?", the offer of a
profile at the first case, and "Klopt alles?" at the end. The journeys are typed as a
practitioner types them, through the real prompts (prompt_toolkit's pipe input), in a
temporary dossier; the practitioner's own folders are not touched:

- afsluiten: one signal, one directbetrokkene, no children, a colleague consulted, no
  Veilig Thuis, a conversation held, afweging 1 nee;
- hulp bieden: one signal, one child, the same stap 2 and 3, afwegingen 1-4 towards help,
  afweging 5 open with a date;
- melden: direct gevaar, one signal, one child, afweging 2 ja (acute onveiligheid), the
  questions Veilig Thuis asks at a melding.

Each journey runs three times: as a first case (with the offer of a profile, declined),
as a later one, and as a later one with a profile that names the colleague consulted
(then "Heb je overlegd?" offers "Ja, met <collega>", and "Met wie?" is not asked).
This is a report, not a test: it prints the counts and never fails a build. The goals
(issue 21) are afsluiten <= 24, hulp bieden <= 36, melden <= 40.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "
GOALS = {"afsluiten": 24, "hulp bieden": 36, "melden": 40}


def line(text: str) -> str:
    return text + ENTER


def pick(index: int) -> str:
    return DOWN * index + ENTER


def judge(index: int) -> str:
    """A judgement starts on "(kies een antwoord)": Ja is one down, Nee two."""
    return pick(index + 1)


JA, NEE = pick(0), pick(1)
K_JA, K_NEE = judge(0), judge(1)
LATER = (date.today() + timedelta(days=60)).strftime("%d-%m-%Y")

CASUS = K_NEE + line("TEST-TELLEN") + ENTER + SPACE + ENTER
SIGNAAL = line("TEST: kind vertelt over ruzie") + ENTER + line("vandaag") + ENTER
NU = line("TEST: vader schreeuwt") + line("kind, 8 jaar") + ENTER
LEEG_3 = line("") * 3  # risicofactoren, beschermende factoren, tegensignalen
GEEN_KINDEREN = NEE
KIND = JA + line("8") + ENTER + line("moeder") + line("TEST: woont bij moeder")
STAP_2 = JA + line("vandaag") + line("collega") + line("TEST: advies") + NEE
STAP_2_PROFIEL = JA + line("vandaag") + line("TEST: advies") + NEE  # "Ja, met <collega>"
STAP_3 = JA + line("moeder") + line("vandaag") + line("TEST: verslag") + ENTER
AFSLUITEN = K_NEE + line("TEST: geen vermoeden")
HULP = (
    K_JA
    + line("TEST")
    + K_NEE
    + K_NEE
    + line("TEST")
    + K_NEE
    + K_JA
    + line("TEST")
    + K_JA
    + line("TEST")
    + pick(0)
    + line(LATER)
    + line("")
)
MELDEN = K_JA + line("TEST") + K_JA + K_NEE + line("TEST")  # no disclosure after 2 ja
MELDING = line("TEST") + ENTER + ENTER + line("TEST: moeder, vandaag")  # no actuele: stap 1
GEVAAR = K_JA + line("TEST: 112 gebeld") + line("TEST-TELLEN") + ENTER + SPACE + ENTER
SAVE = pick(0)

JOURNEYS = {
    "afsluiten": CASUS + SIGNAAL + NU + LEEG_3 + GEEN_KINDEREN + STAP_2 + STAP_3 + AFSLUITEN,
    "hulp bieden": CASUS + SIGNAAL + NU + LEEG_3 + KIND + STAP_2 + STAP_3 + HULP,
    "melden": GEVAAR + SIGNAAL + NU + LEEG_3 + KIND + STAP_2 + STAP_3 + MELDEN + MELDING,
}


def count(keys: str, folder: Path, first: bool, profiel: Path | None = None) -> tuple[int, str]:
    """Prompts answered in one run, and its outcome."""
    import json

    import questionary
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from typer.testing import CliRunner

    from meldcode_cli.cli.app import app

    asked = 0
    original = questionary.Question.unsafe_ask

    def counted(self: questionary.Question, *args: object, **kwargs: object) -> object:
        nonlocal asked
        asked += 1
        return original(self, *args, **kwargs)

    dossier = folder / "dossier"
    if not first:  # a later case: the dossier holds an entry already
        from meldcode_cli.dossier.store import Dossier

        Dossier(dossier).ensure()
        (dossier / "20260101-090000-test-eerder-abc123.json").write_text("{}")
    offer = pick(1) if first else ""  # "Nee, nu niet"
    if profiel is not None:
        os.environ["MELDCODE_PROFIEL"] = str(profiel)
    questionary.Question.unsafe_ask = counted  # type: ignore[method-assign]
    try:
        with create_pipe_input() as pipe:
            pipe.send_text(offer + keys + SAVE)
            with create_app_session(input=pipe, output=DummyOutput()):
                args = ["start", "--interactive", "--dossier-dir", str(dossier), "--json"]
                result = CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        questionary.Question.unsafe_ask = original  # type: ignore[method-assign]
        os.environ["MELDCODE_PROFIEL"] = str(folder.parent / "geen-profiel.toml")
    if result.exit_code != 0:
        raise SystemExit(f"the journey did not end in an entry:\n{result.output}")
    return asked, json.loads(result.stdout)["uitkomst"]


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        home = Path(temp)
        os.environ.pop("CI", None)
        os.environ["MELDCODE_PROFIEL"] = str(home / "geen-profiel.toml")
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        os.environ["XDG_CONFIG_HOME"] = str(home / "config")
        profiel = home / "profiel.toml"
        profiel.write_text(
            'naam = "TEST Praktijk"\nberoep = "orthopedagoog"\n'
            'kader = "verbeterde-meldcode-2018-11"\n'
            'collega = "collega-orthopedagoog uit de intervisiegroep"\n',
            encoding="utf-8",
        )
        print(
            f"{'journey':<12} {'uitkomst':<14} {'first case':>10} {'later':>6}"
            f" {'+profiel':>9} {'goal':>5}"
        )
        for name, keys in JOURNEYS.items():
            counts = []
            for run, (first, with_profile) in enumerate(
                ((True, False), (False, False), (False, True))
            ):
                folder = home / f"{name}-{run}"
                folder.mkdir()
                typed = keys.replace(STAP_2, STAP_2_PROFIEL) if with_profile else keys
                asked, uitkomst = count(typed, folder, first, profiel if with_profile else None)
                counts.append(asked)
            print(
                f"{name:<12} {uitkomst:<14} {counts[0]:>10} {counts[1]:>6} {counts[2]:>9}"
                f" {GOALS[name]:>5}"
            )


if __name__ == "__main__":
    sys.exit(main())
