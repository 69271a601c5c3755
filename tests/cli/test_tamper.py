"""Tamper-evidence with a key: an edited, forged, foreign or missing entry is named by
`meldcode dossier controleer`, even when its plain checksum was recomputed."""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from meldcode_cli.dossier.entry import canonical_sha256
from tests.conftest import invoke
from tests.interview.test_answers_file import write_yaml


def record(tmp_path: Path, dossier_dir: Path, raw: dict[str, Any], n: int) -> list[str]:
    ids = []
    for i in range(n):
        raw = copy.deepcopy(raw)
        raw["afwegingen"][1]["toelichting"] = f"TEST toelichting {i}"
        path = write_yaml(tmp_path, raw, f"a{i}.yaml")
        run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), "--json"])
        assert run.code == 0, run.output
        ids.append(json.loads(run.stdout)["id"])
    return ids


def check(dossier_dir: Path):
    return invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])


def edit(dossier_dir: Path, entry_id: str, change: Any) -> None:
    """Change an entry's JSON as a forger would: and recompute its plain checksum."""
    path = dossier_dir / f"{entry_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    document["sha256"] = canonical_sha256(document)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture
def three(tmp_path, dossier_dir, example_raw) -> list[str]:
    return record(tmp_path, dossier_dir, example_raw, 3)


def test_a_clean_dossier_is_in_order_and_the_key_is_private(tmp_path, dossier_dir, three):
    run = check(dossier_dir)
    assert run.code == 0, run.output
    assert "3 van 3 dossierstukken zijn ongewijzigd." in run.stdout
    key = Path(os.environ["XDG_CONFIG_HOME"]) / "meldcode" / "sleutel.json"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert dossier_dir not in key.parents  # never beside the entries it signs
    documents = [json.loads((dossier_dir / f"{i}.json").read_text()) for i in three]
    assert documents[0]["vorige"] is None
    assert documents[1]["vorige"] == documents[0]["sha256"]
    assert documents[2]["vorige"] == documents[1]["sha256"]


def test_an_entry_edited_with_its_checksum_recomputed_is_named(dossier_dir, three):
    def change(document: dict[str, Any]) -> None:
        document["antwoorden"]["afwegingen"]["1"]["toelichting"] = "TEST vervalst"

    edit(dossier_dir, three[1], change)
    run = check(dossier_dir)
    assert run.code == 1
    assert (
        f"{three[1]}: de handtekening klopt niet: het dossierstuk is gewijzigd of nagemaakt"
        in run.stderr
    )
    # The next entry points to the digest the edited one had: the chain shows it too.
    assert f"{three[2]}: het dossierstuk dat hieraan voorafging" in run.stderr


def test_a_stripped_signature_is_no_way_out(dossier_dir, three):
    edit(dossier_dir, three[2], lambda document: document.pop("handtekening"))
    run = check(dossier_dir)
    assert run.code == 1
    assert f"{three[2]}: is niet ondertekend, en stond er niet toen je sleutel werd gemaakt" in (
        run.stderr
    )


@pytest.mark.parametrize("aangemaakt", ["0", "2019-01-01T00:00:00+01:00", "!"])
def test_backdating_a_stripped_entry_is_no_way_out(dossier_dir, three, aangemaakt):
    """Issue 22: remove the signature, set `aangemaakt` to any text that sorts before the
    key was made, change the outcome, recompute the checksum: still named, because only
    what the key recorded when it was made may stand unsigned."""

    def forge(document: dict[str, Any]) -> None:
        document.pop("handtekening")
        document["aangemaakt"] = aangemaakt
        document["besluit"]["uitkomst"] = "afsluiten"

    edit(dossier_dir, three[2], forge)
    run = check(dossier_dir)
    assert run.code == 1, run.output
    assert f"{three[2]}: is niet ondertekend, en stond er niet toen je sleutel werd gemaakt" in (
        run.stderr
    )
    assert "alleen het controlegetal is nagerekend" not in run.stderr


def test_an_entry_from_another_dossier_is_foreign(
    tmp_path, dossier_dir, example_raw, three, monkeypatch
):
    elsewhere = tmp_path / "ander"
    own = os.environ["XDG_CONFIG_HOME"]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "andere-config"))  # another key
    raw = copy.deepcopy(example_raw)
    raw["casus"]["referentie"] = "TEST-ANDER"
    [foreign] = record(tmp_path, elsewhere, raw, 1)
    monkeypatch.setenv("XDG_CONFIG_HOME", own)  # the practitioner's own key again

    for suffix in (".json", ".md"):
        shutil.copy(elsewhere / f"{foreign}{suffix}", dossier_dir / f"{foreign}{suffix}")
    run = check(dossier_dir)
    assert run.code == 1, run.output
    assert f"{foreign}: is vreemd: ondertekend met een andere sleutel" in run.stderr


def test_a_removed_entry_breaks_the_chain_of_its_case(dossier_dir, three):
    for suffix in (".json", ".md"):
        (dossier_dir / f"{three[1]}{suffix}").unlink()
    run = check(dossier_dir)
    assert run.code == 1
    assert (
        f"{three[2]}: het dossierstuk dat hieraan voorafging in deze casus ontbreekt, of is"
        " gewijzigd" in run.stderr
    )
    assert three[0] not in run.stderr


def test_entries_older_than_the_key_are_noted_not_failed(tmp_path, dossier_dir, example_raw):
    from datetime import datetime, timedelta

    from tests.dossier.helpers import make_entry

    made = datetime.now().astimezone() - timedelta(days=3)
    old = make_entry(dossier_dir, example_raw, made, signed=False)  # as meldcode 0.1 did
    record(tmp_path, dossier_dir, example_raw, 1)  # makes the key, signs the new entry
    run = check(dossier_dir)
    assert run.code == 0, run.output
    assert f"{old.id} is ouder dan je sleutel en niet ondertekend; het stond er al" in run.stderr


def test_entries_of_one_second_still_chain_in_the_order_they_were_made(
    tmp_path, dossier_dir, example_raw
):
    ids = record(tmp_path, dossier_dir, example_raw, 8)
    documents = [json.loads((dossier_dir / f"{i}.json").read_text()) for i in ids]
    assert [d["vorige"] for d in documents] == [None, *(d["sha256"] for d in documents[:-1])]


@pytest.mark.parametrize("ongetekend", ['"abc"', '["niet-hex"]', "[1]", "{}"])
def test_a_key_with_a_damaged_record_is_named_and_trusts_nothing(dossier_dir, three, ongetekend):
    """The key's record of unsigned entries is read as untrusted as anything else."""
    key = Path(os.environ["XDG_CONFIG_HOME"]) / "meldcode" / "sleutel.json"
    data = json.loads(key.read_text(encoding="utf-8"))
    data["ongetekend"] = json.loads(ongetekend)
    key.write_text(json.dumps(data), encoding="utf-8")
    run = check(dossier_dir)
    assert run.code == 1
    assert f"De sleutel {key} is niet bruikbaar (beschadigd)" in run.stderr
    assert "interne fout" not in run.output


def test_a_new_key_records_the_unsigned_entries_it_finds(tmp_path, dossier_dir, example_raw):
    from datetime import datetime, timedelta

    from tests.dossier.helpers import make_entry

    made = datetime.now().astimezone() - timedelta(days=3)
    old = make_entry(dossier_dir, example_raw, made, signed=False)
    record(tmp_path, dossier_dir, example_raw, 1)
    key = Path(os.environ["XDG_CONFIG_HOME"]) / "meldcode" / "sleutel.json"
    data = json.loads(key.read_text(encoding="utf-8"))
    old_digest = json.loads((dossier_dir / f"{old.id}.json").read_text())["sha256"]
    assert (data["versie"], data["ongetekend"]) == (2, [old_digest])
