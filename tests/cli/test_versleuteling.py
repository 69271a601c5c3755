"""Encryption at rest (age): nothing of a case readable in the dossier folder, every
command working with the identity, the age format itself, and the ways it must refuse.

The identity here is an age identity file, as age-keygen makes one; the passphrase path
runs in a real terminal in tests/e2e/test_versleuteling_terminal.py. All case text is
invented."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import secrets
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pyrage
import pytest
from pyrage import x25519

from meldcode_cli.dossier import versleuteling
from tests.cli.test_start_interactive import AFWEGINGEN_HULP, CASUS, STAP_2, STAP_3
from tests.conftest import CTRL_C, ENTER, PRIVATE_TEMP_PREFIX, invoke, line
from tests.interview.test_answers_file import write_yaml

# A signal that exists nowhere else: its text must not be findable on disk in plain text.
SIGNAAL = "TEST: verzonnen signaal kiwi-zebra-4711 in de wachtkamer"
SIGNAAL_BYTES = SIGNAAL.encode("utf-8")


@pytest.fixture(autouse=True)
def _fresh_unlock_cache():
    """Every in-process run is its own command: nothing stays unlocked between tests."""
    versleuteling.forget_unlocked()
    yield
    versleuteling.forget_unlocked()


def make_identity(path: Path) -> x25519.Identity:
    identity = x25519.Identity.generate()
    path.write_text(
        f"# created: test\n# public key: {identity.to_public()}\n{identity}\n", encoding="utf-8"
    )
    path.chmod(0o600)
    return identity


@pytest.fixture
def identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> x25519.Identity:
    found = make_identity(tmp_path / "identiteit.txt")
    monkeypatch.setenv("MELDCODE_IDENTITY", str(tmp_path / "identiteit.txt"))
    return found


def raw_with_signal(
    example_raw: dict[str, Any], reference: str = "TEST-V1", signaal: str = SIGNAAL
) -> dict[str, Any]:
    raw = copy.deepcopy(example_raw)
    raw["casus"]["referentie"] = reference
    raw["signalen"][0]["omschrijving"] = signaal
    return raw


def aan(identity_file: Path, dossier_dir: Path, *extra: str):
    """meldcode versleuteling aan --identity FILE, as typed."""
    args = ["--identity", str(identity_file), "--dossier-dir", str(dossier_dir), *extra]
    return invoke(["versleuteling", "aan", *args])


def turn_on(tmp_path: Path, dossier_dir: Path, *extra: str):
    run = aan(tmp_path / "identiteit.txt", dossier_dir, *extra)
    assert run.code == 0, run.output
    return run


def record(tmp_path: Path, dossier_dir: Path, raw: dict[str, Any], name: str = "a.yaml") -> str:
    run = invoke(
        [
            "start",
            "--answers",
            str(write_yaml(tmp_path, raw, name)),
            "--dossier-dir",
            str(dossier_dir),
            "--json",
        ]
    )
    assert run.code == 0, run.output
    return str(json.loads(run.stdout)["id"])


def files_holding(folder: Path, needle: bytes, skip: frozenset[Path] = frozenset()) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path in skip or path.is_symlink() or not path.is_file():
            continue
        try:
            if path.stat().st_size < 4 * 1024 * 1024 and needle in path.read_bytes():
                found.append(path)
        except OSError:
            continue
    return found


def stored(dossier_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(dossier_dir.iterdir())}


def decrypt(path: Path, identity: x25519.Identity) -> bytes:
    return bytes(pyrage.decrypt(path.read_bytes(), [identity]))


# --------------------------------------------------------------------------- at rest


def test_nothing_of_a_case_is_readable_in_the_folder_or_the_temp_folder(
    tmp_path, dossier_dir, example_raw, identity
):
    own = f"TEST: verzonnen signaal {secrets.token_hex(12)}"  # in no other test's files
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw, signaal=own))
    assert invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)]).code == 0
    names = sorted(p.name for p in dossier_dir.iterdir())
    assert names == [
        ".index.json.age",
        ".versleuteling.json",
        f"{entry_id}.json.age",
        f"{entry_id}.md.age",
    ]
    answers_file = tmp_path / "a.yaml"
    assert files_holding(dossier_dir, own.encode()) == []
    assert files_holding(dossier_dir, b"TEST-V1 ") == []  # nor the JSON's contents
    temp = Path(tempfile.gettempdir())
    assert temp.name.startswith(PRIVATE_TEMP_PREFIX)  # this run's own (conftest.py)
    assert files_holding(temp, own.encode(), skip=frozenset({answers_file})) == []
    for path in dossier_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        if path.name.endswith(".age"):
            assert path.read_bytes().startswith(b"age-encryption.org/v1\n")


def test_an_entry_opens_with_the_identity_alone_in_the_age_format(
    tmp_path, dossier_dir, example_raw, identity
):
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    markdown = decrypt(dossier_dir / f"{entry_id}.md.age", identity).decode("utf-8")
    assert SIGNAAL in markdown
    assert markdown.startswith("# Meldcode — casus TEST-V1")
    document = json.loads(decrypt(dossier_dir / f"{entry_id}.json.age", identity))
    assert document["antwoorden"]["signalen"][0]["omschrijving"] == SIGNAAL
    assert document["markdown_sha256"] == hashlib.sha256(markdown.encode()).hexdigest()


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed here")
def test_the_standard_age_tool_opens_an_entry(tmp_path, dossier_dir, example_raw, identity):
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    shown = subprocess.run(
        [
            "age",
            "-d",
            "-i",
            str(tmp_path / "identiteit.txt"),
            str(dossier_dir / f"{entry_id}.md.age"),
        ],
        capture_output=True,
        check=True,
    )
    assert SIGNAAL_BYTES in shown.stdout


def test_every_reading_command_works_with_the_identity(
    tmp_path, dossier_dir, example_raw, identity
):
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    code = entry_id[-6:]
    folder = ["--dossier-dir", str(dossier_dir)]
    listing = invoke(["dossier", "list", *folder, "--json"])
    assert listing.code == 0, listing.output
    assert [e["id"] for e in json.loads(listing.stdout)] == [entry_id]
    shown = invoke(["dossier", "show", code, *folder])
    assert shown.code == 0 and SIGNAAL in shown.stdout
    as_json = invoke(["dossier", "show", code, *folder, "--json"])
    assert json.loads(as_json.stdout)["antwoorden"]["signalen"][0]["omschrijving"] == SIGNAAL
    due = invoke(["dossier", "open", *folder, "--alle", "--json"])
    assert due.code == 0, due.output
    assert [item["soort"] for item in json.loads(due.stdout)] == ["evaluatie"]
    found = invoke(["dossier", "list", *folder, "--zoek", "kiwi-zebra", "--json"])
    assert [e["id"] for e in json.loads(found.stdout)] == [entry_id]
    check = invoke(["dossier", "controleer", *folder])
    assert check.code == 0, check.output
    assert "1 van 1 dossierstukken zijn ongewijzigd." in check.stdout


def test_a_follow_up_is_recorded_encrypted_and_signed(tmp_path, dossier_dir, example_raw, identity):
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    evaluatie = {
        "versie": 2,
        "evaluatie": {
            "datum": "vandaag",
            "antwoord": "ja",
            "toelichting": "TEST: de hulp werkt, de spanning thuis is weg",
            "afspraken": "TEST: wijkteam volgt het gezin",
        },
    }
    folder = ["--dossier-dir", str(dossier_dir)]
    answers = write_yaml(tmp_path, evaluatie, "evaluatie.yaml")
    run = invoke(["vervolg", entry_id[-6:], "--answers", str(answers), *folder, "--json"])
    assert run.code == 0, run.output
    follow_id = json.loads(run.stdout)["id"]
    assert (dossier_dir / f"{follow_id}.json.age").exists()
    assert not (dossier_dir / f"{follow_id}.json").exists()
    claim = dossier_dir / f".vervolg-op-{entry_id}.json"
    assert json.loads(claim.read_text()) == {"id": follow_id}  # no case data in the claim
    assert files_holding(dossier_dir, b"spanning thuis") == []
    document = json.loads(decrypt(dossier_dir / f"{follow_id}.json.age", identity))
    first = json.loads(decrypt(dossier_dir / f"{entry_id}.json.age", identity))
    assert document["vorige"] == first["sha256"]  # the case's chain, through encryption
    assert document["handtekening"]["sleutel"] == first["handtekening"]["sleutel"]
    assert invoke(["dossier", "controleer", *folder]).code == 0


def test_the_signing_key_is_derived_from_the_identity(
    tmp_path, dossier_dir, example_raw, identity, monkeypatch
):
    """A dossier moved to another computer needs its identity only, not sleutel.json."""
    turn_on(tmp_path, dossier_dir)
    record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "meldcode"
    assert not (config / "sleutel.json").exists()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "andere-computer"))
    check = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert check.code == 0, check.output
    assert "1 van 1 dossierstukken zijn ongewijzigd." in check.stdout


# --------------------------------------------------------------------------- drafts


def test_a_draft_is_written_encrypted_and_resumed(tmp_path, dossier_dir, identity):
    turn_on(tmp_path, dossier_dir)
    signaal = line(SIGNAAL) + ENTER + line("vandaag")
    keys = CASUS + signaal + CTRL_C
    run = invoke(["start", "--interactive", "--dossier-dir", str(dossier_dir)], keys)
    assert run.code == 130, run.output
    drafts = [p.name for p in dossier_dir.glob(".concept-*.json*")]
    assert len(drafts) == 1 and drafts[0].endswith(".json.age"), drafts
    assert files_holding(dossier_dir, SIGNAAL_BYTES) == []
    # Resumed: the draft's signal is offered back, and the entry holds it.
    rest = (
        line("TEST: kind heeft het koud")
        + line("kind, 8 jaar")
        + ENTER
        + line("") * 3  # risicofactoren, beschermende factoren, tegensignalen
        + "\x1b[B\r"  # kindcheck: nee
        + STAP_2
        + STAP_3
        + AFWEGINGEN_HULP
        + "\r"
    )
    resumed = invoke(
        ["start", "--interactive", "--dossier-dir", str(dossier_dir), "--json"],
        "\r" + ENTER + rest,  # go on with the draft; no further signal
    )
    assert resumed.code == 0, resumed.output
    entry_id = json.loads(resumed.stdout)["id"]
    document = json.loads(decrypt(dossier_dir / f"{entry_id}.json.age", identity))
    assert document["antwoorden"]["signalen"][0]["omschrijving"] == SIGNAAL
    assert list(dossier_dir.glob(".concept-*.json*")) == []


# --------------------------------------------------------------------------- refusals


def test_without_the_identity_nothing_is_read_or_written(
    tmp_path, dossier_dir, example_raw, identity, monkeypatch
):
    turn_on(tmp_path, dossier_dir)
    record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    monkeypatch.delenv("MELDCODE_IDENTITY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "leeg"))
    before = stored(dossier_dir)
    for args in (
        ["dossier", "list"],
        ["dossier", "controleer"],
        ["start", "--answers", str(write_yaml(tmp_path, raw_with_signal(example_raw), "b.yaml"))],
    ):
        run = invoke([*args, "--dossier-dir", str(dossier_dir)])
        assert run.code == 2, run.output
        assert "geen identiteit om het te openen" in run.stderr
        assert "Traceback" not in run.output
    assert stored(dossier_dir) == before


def test_another_identity_is_refused(tmp_path, dossier_dir, example_raw, identity, monkeypatch):
    turn_on(tmp_path, dossier_dir)
    record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    make_identity(tmp_path / "ander.txt")
    monkeypatch.setenv("MELDCODE_IDENTITY", str(tmp_path / "ander.txt"))
    before = stored(dossier_dir)
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 2
    assert "hoort niet bij dit dossier" in run.stderr
    assert stored(dossier_dir) == before


def test_a_lost_marker_never_leads_to_plain_text(
    tmp_path, dossier_dir, example_raw, identity, monkeypatch
):
    """Encrypted files without their marker, and no config: writing is refused."""
    turn_on(tmp_path, dossier_dir)
    record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    (dossier_dir / ".versleuteling.json").unlink()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "leeg"))
    run = invoke(
        [
            "start",
            "--answers",
            str(write_yaml(tmp_path, raw_with_signal(example_raw, "TEST-V2"), "b.yaml")),
            "--dossier-dir",
            str(dossier_dir),
        ]
    )
    assert run.code == 1, run.output
    assert "Uit voorzorg schrijf ik niets onversleuteld" in run.stderr
    assert files_holding(dossier_dir, b"TEST-V2") == []


def test_a_marker_for_another_recipient_is_refused(tmp_path, dossier_dir, example_raw, identity):
    turn_on(tmp_path, dossier_dir)
    marker = dossier_dir / ".versleuteling.json"
    data = json.loads(marker.read_text())
    data["ontvanger"] = str(x25519.Identity.generate().to_public())  # someone else's
    marker.write_text(json.dumps(data))
    run = invoke(
        [
            "start",
            "--answers",
            str(write_yaml(tmp_path, raw_with_signal(example_raw), "b.yaml")),
            "--dossier-dir",
            str(dossier_dir),
        ]
    )
    assert run.code == 2, run.output
    assert "versleuteld voor een andere ontvanger" in run.stderr
    assert [p.name for p in dossier_dir.iterdir() if ".json" in p.name and p.name[0] != "."] == []


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe", b"{", b'{"versie": 1, "ontvanger": "age1kapot"}', b"[]" * 40000],
)
def test_a_damaged_marker_is_a_clear_message(tmp_path, dossier_dir, identity, content):
    turn_on(tmp_path, dossier_dir)
    (dossier_dir / ".versleuteling.json").write_bytes(content)
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 2, run.output
    assert "Fout:" in run.stderr and "Traceback" not in run.output


def test_an_encrypted_dossier_keeps_no_plain_export_or_sheet_inside(
    tmp_path, dossier_dir, example_raw, identity
):
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    folder = ["--dossier-dir", str(dossier_dir)]
    inside = invoke(["dossier", "export", entry_id, "--html", str(dossier_dir / "x.html"), *folder])
    assert inside.code == 2
    assert "staat in je versleutelde dossiermap" in inside.stderr
    assert not (dossier_dir / "x.html").exists()
    outside = invoke(["dossier", "export", entry_id, "--html", str(tmp_path / "x.html"), *folder])
    assert outside.code == 0, outside.output
    assert "is niet versleuteld, anders dan je dossier" in outside.stderr
    assert SIGNAAL in (tmp_path / "x.html").read_text(encoding="utf-8")
    # The advice sheet (any entry) is no exception: never inside, said when outside.
    sheet = ["melding", entry_id, "--advies", "--markdown"]
    inside = invoke([*sheet, str(dossier_dir / "advies.md"), *folder])
    assert inside.code == 2 and not (dossier_dir / "advies.md").exists()
    outside = invoke([*sheet, str(tmp_path / "advies.md"), *folder])
    assert outside.code == 0, outside.output
    assert "is niet versleuteld, anders dan je dossier" in outside.stderr


# --------------------------------------------------------------------------- tamper


def reseal(path: Path, document: dict[str, Any], recipient: x25519.Recipient) -> None:
    """What someone with write access but without the identity can do: the recipient is
    public, so an entry can be encrypted anew for it."""
    from meldcode_cli.dossier.entry import canonical_sha256

    document["sha256"] = canonical_sha256(document)  # the plain checksum recomputed
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    path.write_bytes(pyrage.encrypt(data, [recipient]))


def test_an_edited_entry_with_its_checksum_recomputed_is_named(
    tmp_path, dossier_dir, example_raw, identity
):
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    path = dossier_dir / f"{entry_id}.json.age"
    document = json.loads(decrypt(path, identity))
    document["besluit"]["uitkomst"] = "afsluiten"
    reseal(path, document, identity.to_public())
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert run.code == 1
    assert f"{entry_id}: de handtekening klopt niet" in run.stderr


def test_an_entry_of_another_dossier_is_foreign(
    tmp_path, dossier_dir, example_raw, identity, monkeypatch
):
    turn_on(tmp_path, dossier_dir)
    record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    # Another practitioner's dossier, another identity and config.
    other_dir = tmp_path / "ander-dossier"
    make_identity(tmp_path / "ander.txt")
    with monkeypatch.context() as other:
        other.setenv("MELDCODE_IDENTITY", str(tmp_path / "ander.txt"))
        other.setenv("XDG_CONFIG_HOME", str(tmp_path / "ander-config"))
        versleuteling.forget_unlocked()
        run = aan(tmp_path / "ander.txt", other_dir)
        assert run.code == 0, run.output
        foreign = record(tmp_path, other_dir, raw_with_signal(example_raw, "TEST-V9"), "c.yaml")
    versleuteling.forget_unlocked()
    for suffix in (".json.age", ".md.age"):
        shutil.copy(other_dir / f"{foreign}{suffix}", dossier_dir / f"{foreign}{suffix}")
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert run.code == 1
    assert f"{foreign}.json.age: niet te ontsleutelen" in run.stderr
    assert "versleuteld voor een andere identiteit" in run.stderr


def test_a_forged_entry_for_the_public_recipient_is_foreign_or_unsigned(
    tmp_path, dossier_dir, example_raw, identity
):
    turn_on(tmp_path, dossier_dir)
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    document = json.loads(decrypt(dossier_dir / f"{entry_id}.json.age", identity))
    forged_id = entry_id[:-6] + "abcdef"
    document["id"] = forged_id
    document["handtekening"] = {"sleutel": "0" * 16, "mac": "0" * 64}
    reseal(dossier_dir / f"{forged_id}.json.age", document, identity.to_public())
    shutil.copy(dossier_dir / f"{entry_id}.md.age", dossier_dir / f"{forged_id}.md.age")
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert run.code == 1
    assert f"{forged_id}: is vreemd" in run.stderr


def test_a_removed_entry_in_a_case_is_reported(tmp_path, dossier_dir, example_raw, identity):
    turn_on(tmp_path, dossier_dir)
    raw = raw_with_signal(example_raw)
    first = record(tmp_path, dossier_dir, raw, "a.yaml")
    record(tmp_path, dossier_dir, raw, "b.yaml")
    record(tmp_path, dossier_dir, raw, "c.yaml")
    assert invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)]).code == 0
    documents = {p.name: json.loads(decrypt(p, identity)) for p in dossier_dir.glob("2*.json.age")}
    middle = next(
        name
        for name, d in documents.items()
        if d.get("vorige") and any(o.get("vorige") == d["sha256"] for o in documents.values())
    )
    (dossier_dir / middle).unlink()
    (dossier_dir / middle.replace(".json.age", ".md.age")).unlink()
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert run.code == 1
    assert "het dossierstuk dat hieraan voorafging in deze casus ontbreekt" in run.stderr
    assert first not in middle


# --------------------------------------------------------------------------- backup


def test_an_encrypted_backup_round_trip_keeps_every_byte(
    tmp_path, dossier_dir, example_raw, identity
):
    turn_on(tmp_path, dossier_dir)
    for n in range(3):
        record(tmp_path, dossier_dir, raw_with_signal(example_raw, f"TEST-B{n}"), f"{n}.yaml")
    archive = tmp_path / "backup.tar.gz"
    made = invoke(["dossier", "backup", str(archive), "--dossier-dir", str(dossier_dir)])
    assert made.code == 0, made.output
    assert "versleuteld voor je identiteit" in made.stderr
    assert archive.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert SIGNAAL_BYTES not in archive.read_bytes()
    elders = tmp_path / "hersteld"
    first = invoke(["dossier", "herstel", str(archive), "--dossier-dir", str(elders)])
    assert first.code == 0, first.output
    assert "3 dossierstukken toegevoegd, 0 waren er al" in first.stdout
    entries = {n: b for n, b in stored(dossier_dir).items() if n.startswith("2")}
    assert {n: b for n, b in stored(elders).items() if n.startswith("2")} == entries
    again = invoke(["dossier", "herstel", str(archive), "--dossier-dir", str(elders)])
    assert "0 dossierstukken toegevoegd, 3 waren er al" in again.stdout
    assert {n: b for n, b in stored(elders).items() if n.startswith("2")} == entries
    check = invoke(["dossier", "controleer", "--dossier-dir", str(elders)])
    assert check.code == 0, check.output


def test_an_encrypted_backup_is_not_restored_into_plain_entries(
    tmp_path, dossier_dir, example_raw, identity, monkeypatch
):
    turn_on(tmp_path, dossier_dir)
    record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    archive = tmp_path / "backup.tar.gz"
    assert invoke(["dossier", "backup", str(archive), "--dossier-dir", str(dossier_dir)]).code == 0
    plain_dir = tmp_path / "onversleuteld"
    with monkeypatch.context() as plain:
        plain.setenv("XDG_CONFIG_HOME", str(tmp_path / "andere-config"))
        record(tmp_path, plain_dir, raw_with_signal(example_raw, "TEST-P1"), "p.yaml")
        before = stored(plain_dir)
        run = invoke(["dossier", "herstel", str(archive), "--dossier-dir", str(plain_dir)])
    assert run.code == 2, run.output
    assert "is een versleutelde backup, maar de dossiermap" in run.stderr
    assert stored(plain_dir) == before


# --------------------------------------------------------------------------- migration


def test_turning_it_on_encrypts_what_is_there_and_leaves_nothing_plain(
    tmp_path, dossier_dir, example_raw, identity
):
    first = record(tmp_path, dossier_dir, raw_with_signal(example_raw), "a.yaml")
    second = record(tmp_path, dossier_dir, raw_with_signal(example_raw), "b.yaml")
    assert invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)]).code == 0
    plain = {name: data for name, data in stored(dossier_dir).items() if name.startswith("2")}
    assert (dossier_dir / ".index.json").exists()
    run = turn_on(tmp_path, dossier_dir)
    assert "Versleuteld: 4 bestanden" in run.stderr
    after = stored(dossier_dir)
    assert sorted(after) == sorted([".versleuteling.json"] + [f"{name}.age" for name in plain])
    for name, data in plain.items():  # each copy says exactly what the plain file said
        assert decrypt(dossier_dir / f"{name}.age", identity) == data
    assert files_holding(dossier_dir, SIGNAAL_BYTES) == []
    check = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert check.code == 0, check.output  # signed with sleutel.json before: still checked
    assert "2 van 2 dossierstukken zijn ongewijzigd." in check.stdout
    assert {first, second} <= {
        e["id"]
        for e in json.loads(
            invoke(["dossier", "list", "--dossier-dir", str(dossier_dir), "--json"]).stdout
        )
    }


def test_a_migration_stopped_between_copy_and_removal_is_finished(
    tmp_path, dossier_dir, example_raw, identity
):
    """Both the plain file and its encrypted copy there (a stop at the worst moment):
    every command still reads the entry once, and running `aan` again finishes."""
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    plain = dossier_dir / f"{entry_id}.json"
    data = plain.read_bytes()
    turn_on(tmp_path, dossier_dir, "--alleen-nieuwe")
    assert plain.exists()
    (dossier_dir / f"{entry_id}.json.age").write_bytes(pyrage.encrypt(data, [identity.to_public()]))
    listing = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir), "--json"])
    assert [e["id"] for e in json.loads(listing.stdout)] == [entry_id]
    assert "nog niet versleuteld" in listing.stderr
    status = invoke(["versleuteling", "status", "--dossier-dir", str(dossier_dir)])
    assert "Nog niet versleuteld: 2 bestanden" in status.stdout
    turn_on(tmp_path, dossier_dir)
    assert not plain.exists()
    assert decrypt(dossier_dir / f"{entry_id}.json.age", identity) == data
    assert files_holding(dossier_dir, SIGNAAL_BYTES) == []


def test_a_copy_that_says_something_else_is_never_removed(
    tmp_path, dossier_dir, example_raw, identity
):
    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    plain = dossier_dir / f"{entry_id}.json"
    turn_on(tmp_path, dossier_dir, "--alleen-nieuwe")
    (dossier_dir / f"{entry_id}.json.age").write_bytes(
        pyrage.encrypt(b"iets anders", [identity.to_public()])
    )
    run = aan(tmp_path / "identiteit.txt", dossier_dir)
    assert run.code == 1
    assert f"Niet versleuteld: {entry_id}.json" in run.stderr
    assert plain.exists(), "the original stays when its copy differs"


def test_a_second_identity_for_an_encrypted_dossier_is_refused(tmp_path, dossier_dir, identity):
    turn_on(tmp_path, dossier_dir)
    make_identity(tmp_path / "ander.txt")
    run = aan(tmp_path / "ander.txt", dossier_dir)
    assert run.code == 2
    assert "hoort niet bij dit dossier" in run.stderr


def test_a_new_identity_needs_a_terminal(tmp_path, dossier_dir):
    run = invoke(["versleuteling", "aan", "--dossier-dir", str(dossier_dir)])
    assert run.code == 2
    assert "geen terminal" in run.stderr and "--identity BESTAND" in run.stderr
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "meldcode"
    assert not (config / "versleuteling.json").exists()
    assert not (config / "identiteit.age").exists()


def test_encrypting_a_thousand_entries_killed_halfway_loses_nothing(
    tmp_path, dossier_dir, example_raw, identity
):
    """The issue's check: 1,000 entries, the encryption killed (SIGKILL) halfway; every
    file is readable at that moment, and running it again finishes with nothing plain."""
    import signal
    import sys
    import time

    seed = tmp_path / "zaad"
    one = record(tmp_path, seed, raw_with_signal(example_raw))
    document = json.loads((seed / f"{one}.json").read_text(encoding="utf-8"))
    markdown = (seed / f"{one}.md").read_bytes()
    dossier_dir.mkdir(mode=0o700)
    originals: dict[str, bytes] = {}
    for n in range(1000):
        entry_id = f"20250101-{n // 60:02d}{n % 60:02d}00-test-{n:04d}-{n:06x}"
        document.update(id=entry_id, referentie=f"TEST-M{n:04d}")
        originals[f"{entry_id}.json"] = json.dumps(document).encode()
        originals[f"{entry_id}.md"] = markdown
    for name, data in originals.items():
        (dossier_dir / name).write_bytes(data)
        (dossier_dir / name).chmod(0o600)
    env = dict(os.environ)
    env["CI"] = "true"
    command = [
        sys.executable,
        "-m",
        "meldcode_cli",
        "versleuteling",
        "aan",
        "--identity",
        str(tmp_path / "identiteit.txt"),
        "--dossier-dir",
        str(dossier_dir),
    ]
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(dossier_dir.glob("*.age"))) < 300:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = {p.name.removesuffix(".age") for p in dossier_dir.glob("2*.age")}
    assert 0 < len(done) < len(originals), "the kill came halfway"
    for name, data in originals.items():  # every file readable, as plain or encrypted
        plain, sealed = dossier_dir / name, dossier_dir / f"{name}.age"
        assert plain.exists() or sealed.exists(), name
        if plain.exists():
            assert plain.read_bytes() == data
        if sealed.exists():
            assert decrypt(sealed, identity) == data
    again = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    assert again.returncode == 0, again.stderr.decode()
    left = [p for p in dossier_dir.iterdir() if not p.name.endswith(".age")]
    for path in left:  # the marker, and at most the temporary file of the killed write:
        # encrypted as far as it got (empty, when the kill came right after it was made)
        begun = path.read_bytes()[: len(b"age-encryption")]
        assert path.name == ".versleuteling.json" or (
            path.name.startswith(".tmp-") and b"age-encryption".startswith(begun)
        ), path.name
    for name, data in originals.items():
        assert decrypt(dossier_dir / f"{name}.age", identity) == data
    listing = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir), "--json", "--alle"])
    assert listing.code == 0, listing.output
    assert len(json.loads(listing.stdout)) == 1000


def test_a_run_that_began_before_encryption_goes_on_encrypted(
    tmp_path, dossier_dir, example_raw, identity
):
    """Encryption turned on in another terminal while a run is going: its next draft and
    its entry are written encrypted, not in plain text beside the encrypted files."""
    from meldcode_cli.dossier.store import Dossier

    record(tmp_path, dossier_dir, raw_with_signal(example_raw, "TEST-V0"), "0.yaml")
    running = Dossier(dossier_dir, ".concept-start-20261201-120000-abcdef.json")
    assert not running.codec.encrypted  # it began in a plain dossier
    turn_on(tmp_path, dossier_dir)
    running.save_draft({"soort": "concept", "antwoorden": {"signaal": SIGNAAL}})
    assert (dossier_dir / ".concept-start-20261201-120000-abcdef.json.age").exists()
    assert files_holding(dossier_dir, SIGNAAL_BYTES) == []


def test_copies_of_entries_are_encrypted_with_the_rest(
    tmp_path, dossier_dir, example_raw, identity
):
    """Issue 22: a conflict copy or an editor's backup holds case data as much as the entry:
    status does not call the folder encrypted while it is plain, and `aan` encrypts it."""
    import shutil

    entry_id = record(tmp_path, dossier_dir, raw_with_signal(example_raw))  # plain
    copy = dossier_dir / f"{entry_id}.md~"
    shutil.copy(dossier_dir / f"{entry_id}.md", copy)
    run = turn_on(tmp_path, dossier_dir)
    assert run.code == 0, run.output
    assert files_holding(dossier_dir, SIGNAAL.encode()) == []
    assert not copy.exists()
    sealed = copy.with_name(copy.name + ".age")
    assert decrypt(sealed, identity) == decrypt(dossier_dir / f"{entry_id}.md.age", identity)
    # One left behind later (an editor that wrote it in plain text): status says so.
    copy.write_bytes(decrypt(sealed, identity))
    run = invoke(["versleuteling", "status", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    assert "Nog niet versleuteld: 1 bestanden" in run.stdout
    assert "Alles in de dossiermap is versleuteld" not in run.stdout
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert "reservekopie van een editor" in " ".join(run.stderr.split())


def test_status_names_plain_files_that_are_not_meldcodes(
    tmp_path, dossier_dir, example_raw, identity
):
    """An export or a note left in an encrypted dossier folder stays readable: status
    says so, instead of "Alles in de dossiermap is versleuteld"."""
    record(tmp_path, dossier_dir, raw_with_signal(example_raw))
    turn_on(tmp_path, dossier_dir)
    run = invoke(["versleuteling", "status", "--dossier-dir", str(dossier_dir)])
    assert "Alles in de dossiermap is versleuteld." in run.stdout
    (dossier_dir / "export.pdf").write_bytes(b"%PDF-1.4 TEST")
    run = invoke(["versleuteling", "status", "--dossier-dir", str(dossier_dir)])
    said = " ".join(run.stdout.split())
    assert "Niet versleuteld en niet van meldcode: 1 bestand (export.pdf)" in said
    assert "Alles in de dossiermap is versleuteld" not in said


def test_entries_of_meldcode_0_1_stay_trusted_when_the_dossier_is_encrypted_first(
    tmp_path, dossier_dir, example_raw, identity
):
    """A practitioner of 0.1 (unsigned entries, no key yet) turns encryption on before
    recording anything new: the key records those entries first, so they are not called
    forged, and can still be shown, exported and followed up."""
    from datetime import datetime, timedelta

    from tests.dossier.helpers import make_entry

    made = datetime.now().astimezone() - timedelta(days=3)
    old = make_entry(dossier_dir, raw_with_signal(example_raw), made, signed=False)
    turn_on(tmp_path, dossier_dir)
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    assert f"{old.id} is ouder dan je sleutel en niet ondertekend" in " ".join(run.stderr.split())
    run = invoke(["dossier", "show", old.id, "--dossier-dir", str(dossier_dir)])
    assert run.code == 0 and "niet in orde" not in run.stderr
