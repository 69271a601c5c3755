"""Resume equals no interruption: stop with Ctrl-C before any question, resume, and the
entry holds the same answers and decision as a run straight through.

Every question boundary of two paths is tried (an exhaustive form of the property test),
with the same keystrokes per question in both runs.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CTRL_C, ENTER, SPACE, TODAY, UP, invoke, line, only_entry, pick

JA, NEE = pick(0), pick(1)
K_JA, K_NEE = pick(1), pick(2)  # a judgement starts on "(kies een antwoord)"
LATER = TODAY + timedelta(days=60)  # an evaluation date, whatever day the tests run
CHANGE, SAVE = pick(1), pick(0)

# One string of keys per question, in the order the questions come.
STAP_1 = [
    pick(1) + K_NEE,  # no profile yet: "nu niet"; directe veiligheid: niemand in gevaar
    line("TEST-RESUME"),  # kenmerk
    ENTER,  # datum consult: vandaag
    SPACE + ENTER,  # vormen: huiselijk geweld
    line("TEST: kind vertelt over ruzie thuis"),
    ENTER,  # bron: eigen waarneming
    line("vandaag"),
    ENTER,  # nog een signaal? nee
    line("TEST: kind wordt uitgescholden"),  # wat maakt het nu onveilig
    line("kind, 7 jaar"),  # directbetrokkene
    ENTER,  # nog een directbetrokkene? nee
    line("TEST: vader werkloos"),
    line("TEST: hij drinkt dan overdag"),  # hoe leidt dat nu tot onveiligheid
    line(""),  # beschermende factoren leeg
    line(""),  # tegensignalen leeg
    JA,  # kindcheck
    line("7"),
    ENTER,  # nog een kind? nee
    line("moeder"),  # wie zorgen er voor de kinderen
    line("TEST: woont bij beide ouders"),
]
STAP_2 = [NEE, line("TEST: nog geen collega bereikbaar"), NEE]  # no colleague, no Veilig Thuis
STAP_3 = [
    JA,
    line("moeder"),  # met wie
    line("vandaag"),
    line("TEST: herkent de zorgen"),
    ENTER,  # nog een gesprek? nee
]
HULP = [
    K_JA,
    line("TEST vermoeden"),
    K_NEE,  # acute
    K_NEE,  # structureel
    line("TEST een incident"),
    K_NEE,  # disclosure
    K_JA,
    line("TEST wijkteam"),
    K_JA,
    line("TEST ouders willen hulp"),
    pick(0),  # afweging 5: nog niet te beoordelen
    line(f"{LATER:%d-%m-%Y}"),
    line("TEST opvoedondersteuning"),
]
MELDEN = [K_JA, line("TEST vermoeden"), K_JA, K_NEE, line("TEST direct gevaar"), K_NEE]
MELDEN += [  # the melding itself (seed 004); its actuele onveiligheid is stap 1's
    line("TEST: wekelijks contact"),
    ENTER,  # situation 1
    ENTER,  # informed: ja
    line("TEST: moeder, in het consult"),
]

PATHS = {
    "hulp bieden": STAP_1 + STAP_2 + STAP_3 + HULP,
    "melden": STAP_1 + STAP_2 + STAP_3 + MELDEN,
}


def start(dossier: Path, keys: str):
    return invoke(["start", "--interactive", "--dossier-dir", str(dossier)], keys)


def recorded(entry: dict[str, Any]) -> tuple[Any, Any]:
    return entry["antwoorden"], entry["besluit"]


@pytest.fixture(scope="module")
def straight(tmp_path_factory) -> dict[str, tuple[Any, Any]]:
    results = {}
    for name, units in PATHS.items():
        folder = tmp_path_factory.mktemp("straight") / "dossier"
        run = start(folder, "".join(units) + SAVE)
        assert run.code == 0, run.output
        results[name] = recorded(only_entry(folder))
    return results


CASES = [(name, cut) for name, units in PATHS.items() for cut in range(1, len(units))]


@pytest.mark.parametrize(("name", "cut"), CASES, ids=[f"{n}@{c}" for n, c in CASES])
def test_resume_gives_the_same_entry(straight, tmp_path, name, cut):
    units = PATHS[name]
    folder = tmp_path / "dossier"
    stopped = start(folder, "".join(units[:cut]) + CTRL_C)
    assert stopped.code == 130, stopped.output
    resumed = start(folder, pick(0) + "".join(units[cut:]) + SAVE)
    assert resumed.code == 0, resumed.output
    assert "Al beantwoord in het concept:" in resumed.stdout
    assert recorded(only_entry(folder)) == straight[name]


def test_changing_an_answer_and_back_gives_the_same_entry(straight, tmp_path):
    # Afweging 3 from ja to nee and back to ja. Each time its toelichting is asked again,
    # empty (the old one explained the other answer), and afweging 4 and 5 come back as
    # questions, not as answers kept by an Enter: answered as before, the entry is the same.
    folder = tmp_path / "dossier"
    keys = "".join(PATHS["hulp bieden"])
    keys += CHANGE + "afweging 3 / antwoord" + ENTER + pick(1) + line("TEST geen aanbod")
    keys += "".join(MELDEN[-5:])  # nee means melden: the melding questions come
    keys += CHANGE + "afweging 3 / antwoord" + ENTER + UP + ENTER + line("TEST wijkteam")
    keys += "".join(HULP[8:])  # afweging 4 and its toelichting, afweging 5, date, afspraken
    run = start(folder, keys + SAVE)
    assert run.code == 0, run.output
    assert recorded(only_entry(folder)) == straight["hulp bieden"]


def test_resume_after_ctrl_c_in_stap_1_asks_the_colleague_question(tmp_path):
    folder = tmp_path / "dossier"
    assert start(folder, "".join(STAP_1[:5]) + CTRL_C).code == 130
    rest = "".join(STAP_1[5:] + STAP_2 + STAP_3 + MELDEN) + SAVE
    run = start(folder, pick(0) + rest)
    assert run.code == 0, run.output
    # The keys ran out exactly, so the colleague question was asked; the answer is the
    # one typed ('nee'), not a default.
    assert "  Casus: Kenmerk: TEST-RESUME; Datum consult:" in run.stdout
    assert "  Stap 2: nog niets" in run.stdout
    collega = only_entry(folder)["antwoorden"]["overleg"]["collega"]
    assert collega == {"gevoerd": "nee", "reden": "TEST: nog geen collega bereikbaar"}
