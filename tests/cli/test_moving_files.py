"""Issue 22: reading while files move. While another process renames files under it
(here: `versleuteling aan` encrypting a dossier, each plain file replaced by its `.age`
copy), `dossier list` and `controleer` still see every entry, and never call one missing
or changed."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from meldcode_cli.dossier import versleuteling
from tests.cli.test_versleuteling import identity  # noqa: F401 - the fixture
from tests.conftest import invoke
from tests.dossier.helpers import make_entry

COUNT = 150


def encrypting(tmp_path: Path, dossier_dir: Path, example_raw: dict[str, Any]) -> Any:
    """COUNT sound entries, and `versleuteling aan` started on them in another process."""
    made = datetime.now().astimezone() - timedelta(days=1)
    for n in range(COUNT):
        raw = copy.deepcopy(example_raw)
        raw["casus"]["referentie"] = f"TEST-BEWEGING-{n:03d}"
        make_entry(dossier_dir, raw, made + timedelta(seconds=n))
    env = {**os.environ, "CI": "true"}
    command = [sys.executable, "-m", "meldcode_cli", "versleuteling", "aan"]
    command += ["--identity", str(tmp_path / "identiteit.txt")]
    command += ["--dossier-dir", str(dossier_dir)]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def test_list_and_controleer_while_the_dossier_is_encrypted(
    tmp_path,
    dossier_dir,
    example_raw,
    identity,  # noqa: F811
):
    process = encrypting(tmp_path, dossier_dir, example_raw)
    runs = 0
    try:
        while process.poll() is None or runs < 2:
            versleuteling.forget_unlocked()
            listing = invoke(
                ["dossier", "list", "--json", "--alle", "--dossier-dir", str(dossier_dir)]
            )
            assert listing.code == 0, listing.output
            assert len(json.loads(listing.stdout)) == COUNT, listing.stderr
            check = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
            said = " ".join(check.stderr.split())
            assert "ontbreekt" not in said and "gewijzigd" not in said, said
            assert "Niet in orde" not in said, said
            assert f"{COUNT} van {COUNT} dossierstukken zijn ongewijzigd." in check.stdout
            runs += 1
    finally:
        process.wait(timeout=120)
    assert process.returncode == 0
    assert runs >= 2
    left = [p.name for p in Path(dossier_dir).iterdir() if p.suffix in (".json", ".md")]
    assert left == [".versleuteling.json"]  # the marker; every entry encrypted


def test_a_scan_made_before_encryption_reads_the_entries_after_it(
    tmp_path,
    dossier_dir,
    example_raw,
    identity,  # noqa: F811
):
    """The scan began in a plain folder; by the time an entry is read, another process has
    encrypted it (and written the marker): it is read, decrypted, as the same entry."""
    from meldcode_cli.dossier.reader import scan
    from meldcode_cli.dossier.store import Dossier

    written = make_entry(dossier_dir, example_raw, datetime.now().astimezone())
    markdown = (dossier_dir / f"{written.id}.md").read_bytes()
    document = json.loads((dossier_dir / f"{written.id}.json").read_text(encoding="utf-8"))
    result = scan(Dossier(dossier_dir))
    assert not result.codec.encrypted
    args = ["--identity", str(tmp_path / "identiteit.txt"), "--dossier-dir", str(dossier_dir)]
    assert invoke(["versleuteling", "aan", *args]).code == 0
    assert not (dossier_dir / f"{written.id}.md").exists()
    [entry] = result.entries
    assert result.markdown(entry) == markdown
    assert result.document(entry) == document
    assert result.problems(entry) == []


def test_start_while_the_dossier_is_encrypted(
    tmp_path,
    dossier_dir,
    example_raw,
    identity,  # noqa: F811
):
    """`start --answers` during the encryption of the same dossier (it failed 4 of 32
    times): each run lands, once, and readable."""
    from tests.conftest import EXAMPLE

    process = encrypting(tmp_path, dossier_dir, example_raw)
    landed = 0
    try:
        while process.poll() is None or landed < 3:
            versleuteling.forget_unlocked()
            args = ["start", "--answers", str(EXAMPLE), "--dossier-dir", str(dossier_dir)]
            run = invoke([*args, "--json"])
            assert run.code == 0, run.output
            landed += 1
    finally:
        process.wait(timeout=120)
    assert process.returncode == 0
    versleuteling.forget_unlocked()
    listing = invoke(["dossier", "list", "--json", "--alle", "--dossier-dir", str(dossier_dir)])
    assert len(json.loads(listing.stdout)) == COUNT + landed
    check = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert check.code == 0, check.output
