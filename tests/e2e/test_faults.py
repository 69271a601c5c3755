"""Faults: nothing is lost or half-written when the process dies, the disk is full or
read-only, the folder is missing, or two runs write at the same moment.

Real filesystems where the machine allows it: a tmpfs in a private mount namespace
(``unshare -rm``), full or read-only; skipped with a reason where that is not possible.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, entries

pytestmark = pytest.mark.e2e

MELDCODE = [sys.executable, "-m", "meldcode_cli"]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("CI", "MELDCODE_DOSSIER_DIR")}


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt 2>/dev/null || exit 3"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(
    not _can_unshare(), reason="no private mount namespace here (unshare -rm with tmpfs)"
)


def in_mount(script: str, mount_point: Path, *command: str) -> tuple[int, str, list[str]]:
    """Run ``script`` (which mounts at $1) then ``command``; return exit code, stderr, and
    the names in $1/d as the command left them (listed inside the namespace)."""
    shell = (
        f"set -e\n{script}\nshift\nset +e\n"
        '"$@"\nrc=$?\necho "---8<---"\nls -A "$MP/d" 2>/dev/null\nexit $rc\n'
    )
    env = _env() | {"MP": str(mount_point)}
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", shell, "sh", str(mount_point), *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    listing = result.stdout.split("---8<---\n", 1)[1].split()
    return result.returncode, result.stderr, listing


def start_answers(folder: Path) -> list[str]:
    return [*MELDCODE, "start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder)]


@needs_mounts
def test_full_disk_leaves_nothing_behind(tmp_path: Path):
    mount = 'mount -t tmpfs -o size=8k tmpfs "$1"\nmkdir -m 700 "$1/d"'
    code, stderr, left = in_mount(mount, tmp_path, *start_answers(tmp_path / "d"))
    assert code == 1
    assert "is vol" in stderr and "Traceback" not in stderr
    assert left == [], f"a full disk left {left}"


@needs_mounts
def test_read_only_disk_is_refused_before_anything_is_asked(tmp_path: Path):
    mount = (
        'mount -t tmpfs tmpfs "$1"\nmkdir -m 700 "$1/d"\n'
        + " ".join(start_answers(tmp_path / "d"))  # one entry while it is writable
        + ' >/dev/null\nmount -o remount,ro "$1"'
    )
    code, stderr, left = in_mount(mount, tmp_path, *start_answers(tmp_path / "d"))
    assert code == 1
    assert "alleen-lezen schijf" in stderr
    assert len([n for n in left if n.endswith(".json")]) == 1  # only the first entry
    assert not [n for n in left if n.startswith(".tmp")]


@needs_mounts
def test_a_read_only_dossier_can_still_be_listed(tmp_path: Path):
    mount = (
        'mount -t tmpfs tmpfs "$1"\nmkdir -m 700 "$1/d"\n'
        + " ".join(start_answers(tmp_path / "d"))
        + ' >/dev/null\nmount -o remount,ro "$1"'
    )
    listing = [*MELDCODE, "dossier", "list", "--json", "--dossier-dir", str(tmp_path / "d")]
    code, stderr, _ = in_mount(mount, tmp_path, *listing)
    assert code == 0, stderr


def test_a_missing_folder_is_created_private(tmp_path: Path):
    folder = tmp_path / "nieuw" / "diep" / "dossier"
    result = subprocess.run(start_answers(folder), capture_output=True, env=_env(), check=False)
    assert result.returncode == 0
    assert folder.stat().st_mode & 0o777 == 0o700
    assert len(entries(folder)) == 1


def test_a_folder_under_a_file_is_a_clear_error(tmp_path: Path):
    (tmp_path / "bestand").write_text("x")
    result = subprocess.run(
        start_answers(tmp_path / "bestand" / "dossier"),
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    assert result.returncode == 1
    assert "De dossiermap aanmaken is niet gelukt" in result.stderr
    assert "Traceback" not in result.stderr


def test_runs_at_the_same_moment_all_land(tmp_path: Path):
    """Three rounds of six runs at once, each round into a folder that does not exist yet:
    every run must land whole (this once caught a race in creating the folder)."""
    for round_ in range(3):
        folder = tmp_path / f"d{round_}"
        runs = [
            subprocess.Popen(
                start_answers(folder), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            for _ in range(6)
        ]
        codes = [run.wait(timeout=120) for run in runs]
        errors = [run.stderr.read().decode() for run in runs if run.stderr is not None]
        assert codes == [0] * 6, errors
        written = entries(folder)
        assert len(written) == 6
        for path in written:
            document = json.loads(path.read_text(encoding="utf-8"))
            assert document["besluit"]["uitkomst"] == "hulp_bieden"
            assert path.with_suffix(".md").exists()
        check = [*MELDCODE, "dossier", "controleer", "--dossier-dir", str(folder)]
        result = subprocess.run(check, capture_output=True, text=True, env=_env(), check=False)
        assert result.returncode == 0, result.stderr


def _crash_at(step: int, folder: Path) -> int:
    """Run `start --answers` in a forked child that SIGKILLs itself just before its N-th
    fsync or link: every step of the write protocol is a crash point."""
    pid = os.fork()
    if pid == 0:  # the child
        try:
            calls = {"n": 0}
            real_fsync, real_link = os.fsync, os.link

            def crash_point() -> None:
                calls["n"] += 1
                if calls["n"] == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            def fsync(fd: int) -> None:
                crash_point()
                real_fsync(fd)

            def link(src: str, dst: object, **kwargs: object) -> None:
                crash_point()
                real_link(src, dst, **kwargs)  # type: ignore[arg-type]

            os.fsync = fsync  # type: ignore[assignment]
            os.link = link  # type: ignore[assignment]
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            from meldcode_cli.cli.app import main

            main(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder)])
        except SystemExit:
            pass
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return status


def test_sigkill_at_every_step_of_a_write_leaves_no_half_file(tmp_path: Path):
    """Kill the writer at each fsync and link of the write protocol; every file that carries
    an entry's name must be whole, and `dossier list` must say what is incomplete."""
    killed_at = []
    for n in range(1, 10):
        folder = tmp_path / f"d{n}"
        status = _crash_at(n, folder)
        if os.WIFSIGNALED(status):
            assert os.WTERMSIG(status) == signal.SIGKILL
            killed_at.append(n)
        for path in entries(folder):
            json.loads(path.read_text(encoding="utf-8"))  # never a partial JSON file
            assert path.with_suffix(".md").exists(), "JSON is linked last"
        names = [p.name for p in folder.iterdir()] if folder.exists() else []
        visible = [n_ for n_ in names if not n_.startswith(".")]
        # Only whole entries, or a Markdown file whose JSON never came (reported below).
        for name in visible:
            assert name.endswith((".md", ".json")), name
        result = subprocess.run(
            [*MELDCODE, "dossier", "list", "--json", "--dossier-dir", str(folder)],
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )
        if folder.exists():
            assert result.returncode == 0, result.stderr
            for name in visible:
                if name.endswith(".md") and not (folder / name).with_suffix(".json").exists():
                    assert f"{name}: onvolledig dossierstuk" in result.stderr
    assert len(killed_at) >= 5, f"the write protocol was hit at steps {killed_at}"


def test_after_a_crash_the_next_run_succeeds(tmp_path: Path):
    folder = tmp_path / "d"
    status = _crash_at(2, folder)
    assert os.WIFSIGNALED(status)
    result = subprocess.run(start_answers(folder), capture_output=True, env=_env(), check=False)
    assert result.returncode == 0
    assert len(entries(folder)) == 1
