"""Issue 22: one dossier on two devices, synced by the real engine.

Two Syncthing instances (the Debian package) on 127.0.0.1, each with its own config
folder, sync two dossier folders; nothing leaves the machine (no discovery, no relays,
no NAT). meldcode writes on both sides while they are apart, including a follow-up of the
same entry on each. After they meet again nothing is lost, both devices hold the same
files, and both report the split; the next entry joins the lines on both.

Skipped, with the reason, where Syncthing is absent; `.ci/run` installs it."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_case_story import EVALUATIE_NEE, code_of, start, vervolg
from tests.cli.test_split_case import EVALUATIE_JA, GEMELD
from tests.conftest import hold_clock, invoke

SYNCTHING = shutil.which("syncthing")
pytestmark = pytest.mark.skipif(
    SYNCTHING is None,
    reason="Syncthing ontbreekt (Debian-pakket 'syncthing'); .ci/run installeert het",
)
FOLDER_ID = "meldcode-dossier"
# What a practitioner tells Syncthing to leave alone (README, "Twee apparaten"): the
# summary cache and drafts are each device's own.
STIGNORE = ".index.json*\n.concept-*\n.bewerken\n.vervolg-op-*\n"
WAIT = 120.0  # seconds for two instances on loopback to meet and agree


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Instance:
    """One Syncthing, with its own home (keys, config, database) and log."""

    def __init__(self, home: Path, folder: Path) -> None:
        assert SYNCTHING is not None
        self.home, self.folder = home, folder
        self.port, self.gui = free_port(), free_port()
        self.apikey = secrets.token_hex(16)
        made = subprocess.run(
            [SYNCTHING, "generate", f"--home={home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        said = (made.stdout + made.stderr).splitlines()
        line = next(x for x in said if "Device ID:" in x)
        self.device = line.split("Device ID:")[1].strip()
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self, other: Instance) -> None:
        (self.folder / ".stignore").write_text(STIGNORE, encoding="utf-8")
        config = f"""<configuration version="36">
    <folder id="{FOLDER_ID}" label="dossier" path="{self.folder}" type="sendreceive"
            rescanIntervalS="1" fsWatcherEnabled="false" ignorePerms="false">
        <device id="{self.device}"></device>
        <device id="{other.device}"></device>
    </folder>
    <device id="{self.device}" name="zelf"><address>dynamic</address></device>
    <device id="{other.device}" name="ander">
        <address>tcp://127.0.0.1:{other.port}</address>
    </device>
    <gui enabled="true" tls="false">
        <address>127.0.0.1:{self.gui}</address>
        <apikey>{self.apikey}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{self.port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"""
        (self.home / "config.xml").write_text(config, encoding="utf-8")

    def start(self) -> None:
        assert SYNCTHING is not None
        env = {
            **os.environ,
            "STNOUPGRADE": "1",
            "STNORESTART": "1",
            "STHOMEDIR": str(self.home),
        }
        log = (self.home / "syncthing.log").open("ab")
        self.process = subprocess.Popen(
            [SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return (self.home / "syncthing.log").read_text(encoding="utf-8", errors="replace")[-3000:]


def entry_files(folder: Path) -> dict[str, bytes]:
    """The entries in a dossier folder, by name (what is synced of meldcode's own)."""
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if not p.name.startswith(".") and p.suffix in (".json", ".md")
    }


def meet(a: Instance, b: Instance, expected: set[str]) -> None:
    """Run both until each folder holds exactly ``expected`` (names), then stop both."""
    a.start()
    b.start()
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            here, there = entry_files(a.folder), entry_files(b.folder)
            if set(here) == expected and here == there:
                return
            time.sleep(0.5)
        pytest.fail(
            f"Syncthing bracht de mappen niet gelijk binnen {WAIT:.0f} s.\n"
            f"A: {sorted(entry_files(a.folder))}\nB: {sorted(entry_files(b.folder))}\n"
            f"log A:\n{a.log()}\nlog B:\n{b.log()}"
        )
    finally:
        a.stop()
        b.stop()


@pytest.fixture
def example_raw() -> dict[str, Any]:
    import yaml

    from tests.conftest import FROZEN_EXAMPLE

    data: dict[str, Any] = yaml.safe_load(FROZEN_EXAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    folders = []
    for name in ("laptop", "desktop"):
        folder = tmp_path / name / "dossier"
        folder.mkdir(parents=True)
        folder.chmod(0o700)
        folders.append(folder)
    a = Instance(tmp_path / "laptop" / "syncthing", folders[0])
    b = Instance(tmp_path / "desktop" / "syncthing", folders[1])
    a.configure(b)
    b.configure(a)
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


def on(device: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, meldcode runs as on ``device`` (its own config folder and key)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / device / "config"))


def test_two_devices_through_syncthing_lose_nothing_and_see_the_split(
    tmp_path, pair, example_raw, monkeypatch
):
    a, b = pair
    # The laptop starts the case; the desktop takes over its key.
    on("laptop", tmp_path, monkeypatch)
    hold_clock(monkeypatch, date(2026, 11, 23))
    first = start(tmp_path, a.folder, example_raw)["id"]  # hulp bieden
    transfer = tmp_path / "overdracht.json"
    assert invoke(["sleutel", "export", str(transfer)]).code == 0
    on("desktop", tmp_path, monkeypatch)
    assert invoke(["sleutel", "import", str(transfer)]).code == 0
    meet(a, b, {f"{first}.json", f"{first}.md"})

    # Apart: each device evaluates the same entry, and the desktop starts another case.
    hold_clock(monkeypatch, date(2027, 1, 15))
    on("laptop", tmp_path, monkeypatch)
    run = vervolg(tmp_path, a.folder, code_of(first), EVALUATIE_JA, "ja.yaml")
    assert run.code == 0, run.output
    closed = json.loads(run.stdout)["id"]
    on("desktop", tmp_path, monkeypatch)
    run = vervolg(tmp_path, b.folder, code_of(first), EVALUATIE_NEE, "nee.yaml")
    assert run.code == 0, run.output
    reopened = json.loads(run.stdout)["id"]
    other = copy.deepcopy(example_raw)
    other["casus"]["referentie"] = "TEST-TWEEDE"
    other["afwegingen"][5]["evaluatie_op"] = date(2027, 3, 1)
    another = start(tmp_path, b.folder, other)["id"]
    written = {**entry_files(a.folder), **entry_files(b.folder)}
    assert len(written) == 8

    meet(a, b, set(written))
    for device, instance in (("laptop", a), ("desktop", b)):
        # Nothing lost, nothing changed: every file as it was written, on both.
        assert entry_files(instance.folder) == written
        on(device, tmp_path, monkeypatch)
        run = invoke(["dossier", "controleer", "--dossier-dir", str(instance.folder)])
        assert run.code == 1, run.output
        said = " ".join(run.stderr.split())
        assert "casus VB-2026-017: is gesplitst: 2 dossierstukken volgen niet op elkaar" in said
        assert closed in said and reopened in said
        assert "vreemd" not in said
        assert "4 van 4 dossierstukken zijn ongewijzigd." in run.stdout
        run = invoke(["dossier", "open", "--json", "--dossier-dir", str(instance.folder)])
        rows = json.loads(run.stdout)
        assert rows[0]["soort"] == "splitsing"
        assert (reopened, "melding_doen") in {(r["id"], r["soort"]) for r in rows}
        assert another in {
            e["id"]
            for e in json.loads(
                invoke(["dossier", "list", "--json", "--dossier-dir", str(instance.folder)]).stdout
            )
        }

    # The desktop records the melding; it joins both lines, and after the next meeting
    # both devices tell one story again.
    run = vervolg(tmp_path, b.folder, code_of(reopened), GEMELD, "gemeld.yaml")
    assert run.code == 0, run.output
    joined = json.loads(run.stdout)["id"]
    meet(a, b, {*written, f"{joined}.json", f"{joined}.md"})
    for device, instance in (("laptop", a), ("desktop", b)):
        on(device, tmp_path, monkeypatch)
        run = invoke(["dossier", "controleer", "--dossier-dir", str(instance.folder)])
        assert run.code == 0, run.output
        assert "5 van 5 dossierstukken zijn ongewijzigd." in run.stdout
