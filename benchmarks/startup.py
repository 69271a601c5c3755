"""Start-up time of `meldcode` commands against the framework's own floor.

Run: .venv/bin/python benchmarks/startup.py [--runs N]

Floors, measured in the same run on the same machine:
- F: a minimal typer app with one command and a --version option, printing --version
  (the floor the issues name);
- the same app running its command with one option: typer 0.29 builds that option
  through pydantic, a cost meldcode's own commands no longer pay (cli/framework.py).

The commands run in rounds: F first, then every command once (a third of the rounds, at
least 3, for the slow commands over 10,000 entries). Each ratio is the median over the
rounds of a run's wall time against F in the same round, so that a machine that speeds
up or slows down meanwhile moves both sides of a ratio alike. "no index" removes the
index before each run, so every file is read. The encrypted dossier is the same 10,000
entries, encrypted (age) as `meldcode versleuteling aan` leaves them, read with
MELDCODE_IDENTITY. Everything runs in a temporary folder, with its own config: the
practitioner's own folders are not touched.
This is a report, not a test: it never fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "voorbeelden" / "antwoorden-voorbeeld.yaml"
ENTRIES = 10_000

FLOOR_APP = """
import typer

app = typer.Typer()


def _version(value: bool) -> None:
    if value:
        print("1.0")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    pass


@app.command()
def hello(name: str = "x") -> None:
    pass


if __name__ == "__main__":
    app()
"""

# Issue 13's table: each command against F, the minimal typer app's --version.
TARGETS = {
    "meldcode start --answers": 1.3,
    "meldcode dossier list (10.000, index)": 2.0,
    "meldcode dossier list (10.000, no index)": 3.0,
    "meldcode dossier controleer (10.000)": 4.0,
    "meldcode --version": 0.5,
}
# Encrypted against the same command on the same dossier in plain text (issue 12: 3x).
ENCRYPTED_TARGET = 3.0


def make_dossier(folder: Path, count: int, env: dict[str, str]) -> Path:
    """A dossier of ``count`` valid, signed entries: one real entry, copied under unique
    ids with its checksum and signature made anew (so that controleer finds them intact)."""
    from meldcode_cli.dossier.entry import canonical_sha256
    from meldcode_cli.dossier.sleutel import load_sleutel

    seed = folder / "seed"
    meldcode = [sys.executable, "-m", "meldcode_cli"]
    start = [*meldcode, "start", "--answers", str(EXAMPLE), "--dossier-dir", str(seed)]
    subprocess.run(start, env=env, capture_output=True, check=True)
    key = load_sleutel(Path(env["XDG_CONFIG_HOME"]) / "meldcode" / "sleutel.json")
    assert key is not None
    [template_json] = sorted(seed.glob("2*.json"))
    document = json.loads(template_json.read_text(encoding="utf-8"))
    markdown = template_json.with_suffix(".md").read_text(encoding="utf-8")
    target = folder / "dossier"
    target.mkdir(mode=0o700)
    first = datetime(2020, 1, 1, 9, 0, 0)
    for n in range(count):
        moment = first + timedelta(hours=n)
        entry_id = f"{moment:%Y%m%d-%H%M%S}-bench-{n:05d}-{n:06x}"
        document.update(
            id=entry_id,
            referentie=f"BENCH-{n:05d}",
            datum=moment.date().isoformat(),
            aangemaakt=moment.isoformat(),
        )
        document.pop("handtekening", None)
        document["sha256"] = canonical_sha256(document)
        document["handtekening"] = key.handtekening(document)
        (target / f"{entry_id}.json").write_text(json.dumps(document), encoding="utf-8")
        (target / f"{entry_id}.md").write_text(markdown, encoding="utf-8")
    return target


def encrypted_copy(plain: Path, folder: Path) -> tuple[Path, Path]:
    """The same dossier encrypted for a new identity, as 'meldcode versleuteling aan'
    leaves it; returns the folder and the identity file."""
    import pyrage
    from pyrage import x25519

    from meldcode_cli.dossier.entry import canonical_sha256
    from meldcode_cli.dossier.sleutel import Sleutel
    from meldcode_cli.dossier.versleuteling import mac_key

    identity = x25519.Identity.generate()
    identity_file = folder / "identiteit.txt"
    identity_file.write_text(f"{identity}\n", encoding="utf-8")
    recipient = [identity.to_public()]
    since = datetime(2019, 1, 1).astimezone()
    key = Sleutel(mac_key(identity), since)
    target = folder / "versleuteld"
    target.mkdir(mode=0o700)
    marker = {"versie": 1, "ontvanger": str(identity.to_public()), "aangezet": since.isoformat()}
    (target / ".versleuteling.json").write_text(json.dumps(marker), encoding="utf-8")
    for path in sorted(plain.glob("2*")):
        data = path.read_bytes()
        if path.suffix == ".json":  # signed with the key of the identity, as meldcode does
            document = json.loads(data)
            document.pop("handtekening", None)
            document["sha256"] = canonical_sha256(document)
            document["handtekening"] = key.handtekening(document)
            data = json.dumps(document).encode("utf-8")
        (target / f"{path.name}.age").write_bytes(pyrage.encrypt(data, recipient))
    return target, identity_file


LEAVE_OUT = ("CI", "MELDCODE_IDENTITY", "PYTHONDONTWRITEBYTECODE")


def isolated_env(folder: Path) -> dict[str, str]:
    """The environment for the measured runs: never the practitioner's own folders
    (data, config and profile all in ``folder``)."""
    env = {k: v for k, v in os.environ.items() if k not in LEAVE_OUT}
    env.update(
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        MELDCODE_PROFIEL=str(folder / "geen-profiel.toml"),
        # Compiled once, as an installed program is (pip and pipx compile it): without
        # this every run would compile meldcode anew, and the floor (typer, compiled
        # when installed) would not. The cache is kept out of the source tree.
        PYTHONPYCACHEPREFIX=str(folder / "pycache"),
    )
    return env


def once_seconds(command: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=False)
    return time.perf_counter() - begin


def paired(
    commands: dict[str, tuple[list[str], dict[str, str]]], floor: str, rounds: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Every command once per round, the floor first (F A B C ... F A B C ...), so that
    a machine that speeds up or slows down meanwhile moves both sides of each ratio
    alike. Returns each command's median seconds, and the median of its ratios to the
    floor of the same round."""
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    ratios: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        command, env = commands[floor]
        base = once_seconds(command, env)
        seconds[floor].append(base)
        ratios[floor].append(1.0)
        for name, (command, env) in commands.items():
            if name == floor:
                continue
            took = once_seconds(command, env)
            seconds[name].append(took)
            ratios[name].append(took / base)
    return (
        {name: statistics.median(values) for name, values in seconds.items()},
        {name: statistics.median(values) for name, values in ratios.items()},
    )


def without_index(folder: Path, command: list[str]) -> list[str]:
    """The command, run each time after the index is removed (a first run)."""
    import shlex

    index = f"{folder}/.index.json {folder}/.index.json.age"
    return ["sh", "-c", f"rm -f {index}; exec {shlex.join(command)}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    meldcode = [py, "-m", "meldcode_cli"]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = isolated_env(folder)
        floor_app = folder / "floor.py"
        floor_app.write_text(FLOOR_APP, encoding="utf-8")
        empty = folder / "leeg"
        empty.mkdir(mode=0o700)
        big = make_dossier(folder, ENTRIES, env)
        sealed, identity_file = encrypted_copy(big, folder)
        sealed_env = {**env, "MELDCODE_IDENTITY": str(identity_file)}
        sealed_env["XDG_CONFIG_HOME"] = str(folder / "config-versleuteld")

        def listing(where: Path) -> list[str]:
            return [*meldcode, "dossier", "list", "--dossier-dir", str(where)]

        def check(where: Path) -> list[str]:
            return [*meldcode, "dossier", "controleer", "--dossier-dir", str(where)]

        plain_commands = {
            "python -c pass": [py, "-c", "pass"],
            "floor: minimal typer app --version": [py, str(floor_app), "--version"],
            "typer app, command with one option": [py, str(floor_app), "hello", "--name", "y"],
            "meldcode --version": [*meldcode, "--version"],
            "meldcode --help": [*meldcode, "--help"],
            "meldcode start --answers": [
                *meldcode,
                "start",
                "--answers",
                str(EXAMPLE),
                "--dossier-dir",
                str(folder / "start"),
            ],
            "meldcode dossier list (leeg)": listing(empty),
            "meldcode dossier list (10.000, index)": listing(big),
            "meldcode dossier list (10.000, no index)": without_index(big, listing(big)),
            "meldcode dossier controleer (10.000)": check(big),
        }
        sealed_commands = {
            "encrypted: dossier list (10.000, index)": listing(sealed),
            "encrypted: dossier list (10.000, no index)": without_index(sealed, listing(sealed)),
            "encrypted: dossier controleer (10.000)": check(sealed),
        }
        for command in ([*meldcode, "--help"], listing(big)):  # compiled; the index made
            subprocess.run(command, env=env, capture_output=True, check=True)
        subprocess.run(listing(sealed), env=sealed_env, capture_output=True, check=True)
        floor = "floor: minimal typer app --version"
        slow = ("no index", "controleer")
        everything = {name: (cmd, env) for name, cmd in plain_commands.items()}
        everything.update({name: (cmd, sealed_env) for name, cmd in sealed_commands.items()})
        quick = {n: c for n, c in everything.items() if not any(w in n for w in slow)}
        heavy = {n: c for n, c in everything.items() if n == floor or n not in quick}
        quick_rounds, heavy_rounds = args.runs, max(3, args.runs // 3)
        seconds, ratios = paired(quick, floor, quick_rounds)
        heavy_seconds, heavy_ratios = paired(heavy, floor, heavy_rounds)
        seconds.update({n: v for n, v in heavy_seconds.items() if n != floor})
        ratios.update({n: v for n, v in heavy_ratios.items() if n != floor})

    option_floor = ratios["typer app, command with one option"]
    print(
        f"{quick_rounds} rounds ({heavy_rounds} for the slow ones), each running F first and"
        " then every command once;"
    )
    print(
        "a ratio is the median of each run against F in the same round."
        f" Python {sys.version.split()[0]}.\n"
    )
    print(f"| {'command':<44} | {'seconds':>7} | {'x F':>6} | {'x opt.':>6} | {'target':>6} |")
    print(f"|{'-' * 46}|{'-' * 9}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for name in everything:
        target = TARGETS.get(name)
        shown = f"{target:.1f}x" if target else ""
        verdict = "" if target is None else (" ok" if ratios[name] <= target else " over")
        print(
            f"| {name:<44} | {seconds[name]:7.3f} | {ratios[name]:5.2f}x |"
            f" {ratios[name] / option_floor:5.2f}x | {shown:>6} |{verdict}"
        )
    print("\nEncrypted against the same command on the same dossier in plain text:\n")
    for name in sealed_commands:
        plain_name = "meldcode " + name.removeprefix("encrypted: ")
        ratio = ratios[name] / ratios[plain_name]
        verdict = "ok" if ratio <= ENCRYPTED_TARGET else "over"
        print(f"  {name:<44} {ratio:5.2f}x (target {ENCRYPTED_TARGET:.0f}x) {verdict}")
    print(
        "\nx F: against F, the minimal typer app printing --version, in the same round."
        "\nx opt.: against the same app running a command with one option, for which typer"
        "\n0.29 builds that option through pydantic (meldcode's own commands do not)."
    )


if __name__ == "__main__":
    main()
