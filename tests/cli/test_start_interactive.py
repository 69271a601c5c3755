"""`meldcode start` in-process, through real questionary prompts fed by a pipe."""

from __future__ import annotations

import io
import json
import stat
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console

from tests.conftest import (
    CTRL_C,
    ENTER,
    MELDING,
    SPACE,
    TODAY,
    UP,
    drafts,
    entries,
    invoke,
    line,
    only_draft,
    only_entry,
    pick,
)

JA, NEE = pick(0), pick(1)
# A judgement (direct gevaar, afwegingen, acute/structureel, disclosure) starts on "(kies
# een antwoord)": Ja is one down, Nee two.
K_JA, K_NEE = pick(1), pick(2)
# An evaluation date after today and within two years, whatever day the tests run.
LATER = TODAY + timedelta(days=60)

# The first case without a profile: "Nu niet" (the second choice), then direct gevaar nee;
# kenmerk, datum consult (vandaag), eerste vorm.
NU_NIET = pick(1)
CASUS = NU_NIET + K_NEE + line("TEST-001") + ENTER + SPACE + ENTER
SIGNAAL = line("TEST: kind komt drie keer zonder jas naar de sessie") + ENTER + line("vandaag")
# After the signals (seed 000): what makes it unsafe now, the directbetrokkenen by role.
NU = line("TEST: kind heeft het koud en honger") + line("kind, 8 jaar") + ENTER
# Risicofactoren, beschermende factoren, tegensignalen: empty (with no risicofactoren, how
# they lead to unsafety now is not asked).
LEEG_3 = line("") * 3
KINDCHECK = JA + line("8") + ENTER + line("") + line("TEST: woont bij moeder")
STAP_1 = CASUS + SIGNAAL + ENTER + NU + LEEG_3 + KINDCHECK
STAP_2 = ENTER + line("vandaag") + line("vakgenoot") + line("TEST: bel Veilig Thuis") + NEE
# One conversation (met wie, wanneer, verslag), no other; no melding considered yet.
STAP_3 = JA + line("moeder") + line("vandaag") + line("TEST: herkent de zorgen") + ENTER
AFWEGINGEN_HULP = (
    K_JA
    + line("vermoeden")
    + K_NEE
    + K_NEE
    + line("geen acuut gevaar")
    + K_NEE  # disclosure
    + K_JA
    + line("wijkteam")
    + K_JA
    + line("ouders willen hulp")
    + pick(0)  # afweging 5: "Nog niet te beoordelen" (its preselect)
    + line(f"{LATER:%d-%m-%Y}")
    + line("")
)
SAVE = pick(0)
CHANGE = pick(1)

FULL_RUN = STAP_1 + STAP_2 + STAP_3 + AFWEGINGEN_HULP + SAVE


def start(dossier: Path, keys: str, *extra: str):
    return invoke(["start", "--interactive", "--dossier-dir", str(dossier), *extra], keys)


def test_full_interactive_run_writes_a_complete_entry(dossier_dir):
    run = start(dossier_dir, FULL_RUN)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "hulp_bieden"
    assert entry["vervolg"]["evaluatie_op"] == LATER.isoformat()
    assert entry["referentie"] == "TEST-001"
    assert entry["antwoorden"]["kindcheck"]["kinderen"] == [{"leeftijd": 8}]
    assert entry["antwoorden"]["overleg"]["collega"]["gevoerd"] == "ja"
    assert "veilig_thuis" in entry["antwoorden"]["overleg"]
    assert sorted(entry["antwoorden"]["afwegingen"]) == ["1", "2", "3", "4", "5"]
    markdown = Path(entries(dossier_dir)[0]).with_suffix(".md").read_text(encoding="utf-8")
    for heading in ("## Stap 1", "## Stap 2", "## Stap 3", "### Afweging 5", "## Besluit"):
        assert heading in markdown
    assert "Hulp bieden of organiseren" in run.stdout
    assert drafts(dossier_dir) == [], "the draft is removed once the entry is saved"


def test_entry_files_are_private(dossier_dir):
    import os

    old = os.umask(0)
    try:
        run = start(dossier_dir, FULL_RUN)
    finally:
        os.umask(old)
    assert run.code == 0, run.output
    assert stat.S_IMODE(dossier_dir.stat().st_mode) == 0o700
    for path in dossier_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_ctrl_c_in_step_1_writes_nothing_and_keeps_a_draft(dossier_dir):
    run = start(dossier_dir, CASUS + CTRL_C)
    assert run.code == 130
    assert entries(dossier_dir) == []
    assert "Afgebroken" in run.stderr
    assert "concept" in run.stderr
    draft = json.loads(only_draft(dossier_dir).read_text(encoding="utf-8"))
    assert draft["antwoorden"]["casus"]["referentie"] == "TEST-001"
    assert stat.S_IMODE(only_draft(dossier_dir).stat().st_mode) == 0o600


def test_ctrl_c_in_the_afwegingskader_keeps_earlier_steps(dossier_dir):
    run = start(dossier_dir, STAP_1 + STAP_2 + STAP_3 + K_JA + CTRL_C)
    assert run.code == 130
    assert entries(dossier_dir) == []
    draft = json.loads(only_draft(dossier_dir).read_text(encoding="utf-8"))
    assert draft["antwoorden"]["gesprek"]["gesprekken"][0]["met"] == "moeder"
    assert draft["antwoorden"]["afwegingen"]["1"]["antwoord"] == "ja"


def test_a_draft_is_offered_and_resumed(dossier_dir):
    assert start(dossier_dir, CASUS + CTRL_C).code == 130
    rest = SIGNAAL + ENTER + NU + LEEG_3 + KINDCHECK
    rest += STAP_2 + STAP_3 + AFWEGINGEN_HULP + SAVE
    run = start(dossier_dir, pick(0) + rest)  # "Verder gaan met het concept"
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["referentie"] == "TEST-001"
    assert entry["antwoorden"]["casus"]["vormen"] == ["huiselijk_geweld"]
    assert drafts(dossier_dir) == []


def test_starting_over_discards_the_draft(dossier_dir):
    assert start(dossier_dir, CASUS + CTRL_C).code == 130
    # A draft in the dossier: no first case, so no profile offer.
    again = FULL_RUN.replace("TEST-001", "TEST-002", 1).removeprefix(NU_NIET)
    run = start(dossier_dir, pick(1) + again)
    assert run.code == 0, run.output
    assert only_entry(dossier_dir)["referentie"] == "TEST-002"


def test_a_corrupt_draft_is_set_aside_not_lost(dossier_dir):
    dossier_dir.mkdir(mode=0o700)
    # A damaged draft under the single name of earlier versions: still found.
    (dossier_dir / ".concept-start.json").write_text("{ dit is geen json", encoding="utf-8")
    run = start(dossier_dir, FULL_RUN.removeprefix(NU_NIET))  # a draft: no first case
    assert run.code == 0, run.output
    assert "beschadigd" in run.stderr
    aside = list(dossier_dir.glob(".concept-beschadigd-*.json"))
    assert len(aside) == 1
    assert aside[0].read_text(encoding="utf-8") == "{ dit is geen json"


def test_ctrl_c_at_the_draft_question_keeps_the_draft(dossier_dir):
    assert start(dossier_dir, CASUS + CTRL_C).code == 130
    before = only_draft(dossier_dir).read_bytes()
    assert start(dossier_dir, CTRL_C).code == 130
    assert only_draft(dossier_dir).read_bytes() == before


def test_review_change_closes_a_branch_and_drops_its_answers(dossier_dir):
    # In the review: change afweging 2's 'acute onveiligheid' to ja. Afwegingen 3-5 must
    # vanish and the outcome becomes melden.
    keys = STAP_1 + STAP_2 + STAP_3 + AFWEGINGEN_HULP + CHANGE
    # The select starts on the current answer (Nee), so Up goes to Ja. The toelichting of
    # afweging 2 explained the old answer: it is asked again, empty, with the old text
    # shown beside it; Enter alone keeps nothing (the answer is required).
    new = "TEST: vader sloeg gisteren"
    run_keys = keys + "afweging 2 / acute" + ENTER + UP + ENTER + ENTER + line(new)
    run_keys += MELDING + SAVE
    run = start(dossier_dir, run_keys)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "melden"
    assert sorted(entry["antwoorden"]["afwegingen"]) == ["1", "2"]
    assert entry["antwoorden"]["afwegingen"]["2"]["antwoord"] == "ja"
    assert entry["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None  # decided, not made
    assert "vervallen" in run.stdout
    assert "0800-2000" in run.stdout
    assert (
        "Eerder stond hier: geen acuut gevaar (pijltje omhoog haalt het terug om te bewerken)."
        in run.stdout
    )
    assert entry["antwoorden"]["afwegingen"]["2"]["toelichting"] == new
    # The lapsed answers are named as the practitioner saw them, not by internal keys.
    # (disclosure too: with acute onveiligheid the melding is certain, it adds no ground)
    assert (
        "vervallen deze antwoorden: Afweging 2 / Disclosure (iemand heeft zichzelf bij mij"
        " gemeld), Afweging 3, Afweging 4, Afweging 5" in " ".join(run.stdout.split())
    )
    assert "afwegingen.3" not in run.stdout


def test_the_old_toelichting_comes_back_only_when_asked_for(dossier_dir):
    """Pijltje omhoog takes the earlier text back into the prompt, to keep or edit: an
    act of the practitioner's, never an Enter."""
    keys = STAP_1 + STAP_2 + STAP_3 + AFWEGINGEN_HULP + CHANGE
    keys += "afweging 2 / acute" + ENTER + UP + ENTER + UP + ENTER + MELDING + SAVE
    run = start(dossier_dir, keys)
    assert run.code == 0, run.output
    twee = only_entry(dossier_dir)["antwoorden"]["afwegingen"]["2"]
    assert (twee["acute_onveiligheid"], twee["toelichting"]) == ("ja", "geen acuut gevaar")


def test_review_change_opens_a_branch_and_asks_the_new_questions(dossier_dir):
    # Start with afweging 1 nee (afsluiten), then change it to ja in the review: the tool
    # must now ask afweging 2 and onwards before saving.
    keys = STAP_1 + STAP_2 + STAP_3 + K_NEE + line("geen vermoeden")
    keys += CHANGE + "afweging 1 / antwoord" + ENTER + UP + ENTER
    # The toelichting was written for 'nee': it comes back with the old text, to rewrite.
    keys += line("\x7f" * len("geen vermoeden") + "vermoeden na het gesprek")
    keys += K_NEE + K_NEE + line("verteld door kind") + K_JA + MELDING + SAVE
    run = start(dossier_dir, keys)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "melden"
    assert entry["antwoorden"]["afwegingen"]["2"]["disclosure"] == "ja"
    assert entry["antwoorden"]["afwegingen"]["2"]["antwoord"] == "nee"
    assert entry["antwoorden"]["afwegingen"]["1"]["toelichting"] == "vermoeden na het gesprek"


def test_no_terminal_refuses_to_prompt(dossier_dir):
    run = invoke(["start", "--dossier-dir", str(dossier_dir)])
    assert run.code == 2
    assert "geen terminal" in run.stderr
    assert "--answers" in run.stderr
    assert not dossier_dir.exists()


def test_ci_means_no_prompts(dossier_dir, monkeypatch):
    monkeypatch.setenv("CI", "true")
    run = invoke(["start", "--dossier-dir", str(dossier_dir)])
    assert run.code == 2
    assert "--answers" in run.stderr


def test_resume_does_not_ask_again_what_was_left_empty(dossier_dir):
    # Leave the optional questions empty, then stop at the kindcheck.
    keys = CASUS + SIGNAAL + ENTER + NU + LEEG_3 + CTRL_C
    assert start(dossier_dir, keys).code == 130
    draft = json.loads(only_draft(dossier_dir).read_text(encoding="utf-8"))
    # The signal list is done too ("Nog een signaal?" was answered nee).
    assert draft["leeg_gelaten"] == [
        "beschermende_factoren",
        "directbetrokkenen",
        "risicofactoren",
        "signalen",
        "tegensignalen",
    ]
    # Resuming goes straight on with the kindcheck: no empty answers asked again.
    rest = KINDCHECK
    run = start(dossier_dir, pick(0) + rest + STAP_2 + STAP_3 + AFWEGINGEN_HULP + SAVE)
    assert run.code == 0, run.output
    assert "risicofactoren" not in only_entry(dossier_dir)["antwoorden"]


def test_a_failed_save_after_the_questions_keeps_the_answers(dossier_dir, monkeypatch):
    import errno
    import os

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:  # only this; the test's environment stays
        patched.setattr(os, "link", disk_full)
        run = start(dossier_dir, FULL_RUN)
    assert run.code == 1
    assert "schijf" in run.stderr and "vol" in run.stderr
    assert "Je antwoorden zijn bewaard als concept" in run.stderr
    assert "'meldcode start'" in run.stderr
    assert entries(dossier_dir) == []
    draft = json.loads(only_draft(dossier_dir).read_text(encoding="utf-8"))
    assert draft["antwoorden"]["afwegingen"]["5"]["evaluatie_op"] == LATER.isoformat()
    # Once the disk has room again, the draft takes the practitioner straight to saving.
    run = start(dossier_dir, pick(0) + SAVE)
    assert run.code == 0, run.output
    assert only_entry(dossier_dir)["besluit"]["uitkomst"] == "hulp_bieden"


def test_the_saved_message_names_the_code_for_the_follow_up(dossier_dir):
    run = start(dossier_dir, FULL_RUN)
    code = entries(dossier_dir)[0].stem.rsplit("-", 1)[1]
    assert f"Leg het vervolg later vast met: meldcode vervolg {code}" in run.stdout


def test_a_draft_in_use_in_another_terminal_is_not_offered(dossier_dir):
    """Another run holds its draft (as every run does): this run starts anew, never
    writing to that draft, and says why it offered nothing."""
    import fcntl
    import os

    assert start(dossier_dir, CASUS + CTRL_C).code == 130
    draft = only_draft(dossier_dir)
    lock = draft.with_suffix(".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the other terminal, still running
        run = start(dossier_dir, K_NEE + CTRL_C)  # straight to the first question
        assert run.code == 130
        assert "Een concept is nu in gebruik in een andere terminal" in run.stderr
        assert "Verder gaan met het concept" not in run.stdout
    finally:
        os.close(fd)
    # Once that terminal is gone, the draft is offered again.
    run = start(dossier_dir, CTRL_C)
    assert "concept" in run.stdout and "in gebruik" not in run.stderr


def test_after_a_change_the_review_shows_what_changed_and_the_whole_entry_on_request(
    dossier_dir,
):
    """The whole entry once; after a change only what changed (was, now, under its part),
    with the whole entry a choice away; the change list is grouped by step."""
    heading = "Stap 2 — Overleg met een collega"  # a heading of the whole entry only
    keys = STAP_1 + STAP_2 + STAP_3 + AFWEGINGEN_HULP + CHANGE
    keys += "collegiaal overleg / met" + ENTER + "\x15" + line("TEST: een collega-orthopedagoog")
    first = start(dossier_dir, keys + SAVE)
    assert first.code == 0, first.output
    review = first.stdout.split("Controleer je antwoorden", 1)[1]
    assert review.count(heading) == 1, "the whole entry is shown once, not after the change"
    changed = review.split("Wat is veranderd", 1)[1]
    was, now = changed.split("Was:", 1)[1].split("Nu:", 1)
    assert "vakgenoot" in was and "orthopedagoog" not in was
    assert "TEST: een collega-orthopedagoog" in now
    assert "Collegiaal overleg" in changed.split("Was:", 1)[0]  # under its part's heading
    assert "Stap 1 — " not in changed, "only the changed part"

    again = dossier_dir.parent / "opnieuw"
    whole = start(again, keys + pick(2) + SAVE)  # "Toon het hele dossierstuk", then save
    assert whole.code == 0, whole.output
    shown = whole.stdout.split("Controleer je antwoorden", 1)[1]
    assert shown.count(heading) == 2  # before the change, and on request after it
    assert "TEST: een collega-orthopedagoog" in shown.rsplit(heading, 1)[1]


def test_the_change_list_is_grouped_by_step():
    import questionary

    from meldcode_cli.interview.prompts import Interviewer

    interviewer = Interviewer(Console(file=io.StringIO()), date(2026, 11, 23))
    interviewer.answers = {"casus": {"referentie": "TEST-001"}}
    listed = interviewer._editable()
    titles = [str(c.title) for c in listed]
    headings = [
        t for c, t in zip(listed, titles, strict=True) if isinstance(c, questionary.Separator)
    ]
    assert headings[:3] == [
        "── Directe veiligheid",
        "── Casus",
        "── Stap 1 — Breng de signalen in kaart en voer een kindcheck uit",
    ]
    under = titles.index(headings[2]) + 1
    assert titles[under].startswith("Stap 1 / ")  # each answer under its step's title
    assert "Casus / Kenmerk: TEST-001" in titles[titles.index(headings[1]) + 1 : under]


def test_a_search_that_finds_nothing_never_picks_a_step_title(dossier_dir):
    keys = STAP_1 + STAP_2 + STAP_3 + AFWEGINGEN_HULP + CHANGE
    keys += "qqq" + ENTER  # nothing matches: the whole list, pointer on the first title
    keys += "collegiaal overleg / met" + ENTER + "\x15" + line("TEST: intervisiegroep")
    run = start(dossier_dir, keys + SAVE)
    assert run.code == 0, run.output
    assert "Kies een antwoord, niet de titel van een stap." in run.stdout
    assert only_entry(dossier_dir)["antwoorden"]["overleg"]["collega"]["met"] == (
        "TEST: intervisiegroep"
    )


def test_a_consultation_dated_before_the_earliest_signal_is_asked_again(dossier_dir):
    """Stap 2 is about the signals of stap 1: an overleg before the (only) signal, which
    is from today, is refused and asked again (the message itself is pinned by the
    answers-file test: both come from the same rule)."""
    stap_2 = ENTER + line("gisteren") + "\x15" + line("vandaag")
    stap_2 += line("vakgenoot") + line("TEST: bel Veilig Thuis") + NEE
    run = start(dossier_dir, STAP_1 + stap_2 + STAP_3 + AFWEGINGEN_HULP + SAVE)
    assert run.code == 0, run.output
    collega = only_entry(dossier_dir)["antwoorden"]["overleg"]["collega"]
    # Had 'gisteren' been taken, every later answer would have moved one question on.
    assert collega["datum"] == str(TODAY)
    assert collega["met"] == "vakgenoot"


def test_a_signal_moved_after_the_consultation_brings_its_date_back(dossier_dir):
    """In the review the signal's date becomes today, later than the overleg (yesterday):
    the overleg's date no longer holds, is named as lapsed and is asked again."""
    stap_1 = STAP_1.replace(SIGNAAL, SIGNAAL.removesuffix(line("vandaag")) + line("gisteren"))
    stap_2 = STAP_2.replace(line("vandaag"), line("gisteren"), 1)
    keys = stap_1 + stap_2 + STAP_3 + AFWEGINGEN_HULP + CHANGE
    keys += "signaal 1 / datum" + ENTER + "\x15" + line("vandaag")
    keys += "\x15" + line("vandaag")  # the overleg's date, asked again
    run = start(dossier_dir, keys + SAVE)
    assert run.code == 0, run.output
    assert "vervallen deze antwoorden: Collegiaal overleg / Datum" in run.stdout
    entry = only_entry(dossier_dir)
    today = str(TODAY)
    assert entry["antwoorden"]["signalen"][0]["datum"] == today
    assert entry["antwoorden"]["overleg"]["collega"]["datum"] == today


def test_the_change_view_names_each_part_once_and_rightly(dossier_dir):
    """Afweging 3 from ja to nee: afwegingen 4 and 5 go, under their own names (not under
    "Afweging 3"), and the decision is shown once (its part, not also the head's repeat)."""
    keys = STAP_1 + STAP_2 + STAP_3 + AFWEGINGEN_HULP + CHANGE
    keys += "afweging 3 / antwoord" + ENTER + pick(1) + line("TEST geen aanbod") + MELDING
    run = start(dossier_dir, keys + SAVE)
    assert run.code == 0, run.output
    # From the change view to the decision printed after saving ("Besluit: …").
    changed = run.stdout.split("Wat is veranderd", 1)[1].split("\nBesluit: ", 1)[0]
    labels = [
        row.strip()
        for row in changed.splitlines()
        if row.strip()
        in ("Afweging 3", "Afweging 4, Afweging 5", "Besluit", "Melding bij Veilig Thuis")
    ]
    assert labels == ["Afweging 3", "Afweging 4, Afweging 5", "Melding bij Veilig Thuis", "Besluit"]
    assert changed.count("Besluit") == 1


def test_a_risk_factor_added_in_the_review_brings_its_follow_up_question(dossier_dir):
    """Version 3 asks how risk factors lead to unsafety only when there are some: one
    added in the review brings that question back before saving."""
    keys = FULL_RUN.removesuffix(SAVE)
    keys += CHANGE + "Risicofactoren" + ENTER + line("TEST: vader is werkloos")
    keys += line("TEST: als vader drinkt, escaleert ruzie") + SAVE
    run = start(dossier_dir, keys)
    assert run.code == 0, run.output
    antwoorden = only_entry(dossier_dir)["antwoorden"]
    assert antwoorden["risicofactoren"] == "TEST: vader is werkloos"
    assert antwoorden["risicofactoren_nu"] == "TEST: als vader drinkt, escaleert ruzie"
