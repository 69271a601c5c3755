"""Start-up time of `meldcode` commands against the framework's own floor.

Run: .venv/bin/python benchmarks/startup.py [--runs N]

Floors, measured in the same run on the same machine:
- a minimal typer app with one command and a --version option, printing --version
  (the floor the issues name);
- the same app running its command with one option: typer 0.29 builds every parameter
  through pydantic, a cost that any command with options pays.

Every figure is the median wall time over N runs, except the first `dossier list` over a
fresh 10,000-entry dossier, which runs once (it reads every file and builds the index).
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

TARGETS = {
    "meldcode --version": 1.2,
    "meldcode --help": 1.5,
    "meldcode start --answers": 2.0,
    "meldcode dossier list (10.000, index)": 2.0,
}


def make_dossier(folder: Path, count: int, env: dict[str, str]) -> Path:
    """A dossier of ``count`` valid entries: one real entry, copied under unique ids."""
    seed = folder / "seed"
    meldcode = [sys.executable, "-m", "meldcode_cli"]
    start = [*meldcode, "start", "--answers", str(EXAMPLE), "--dossier-dir", str(seed)]
    subprocess.run(start, env=env, capture_output=True, check=True)
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
            referentie=f"BENCH-{n % 2000:04d}",
            datum=moment.date().isoformat(),
            aangemaakt=moment.isoformat(),
        )
        (target / f"{entry_id}.json").write_text(json.dumps(document), encoding="utf-8")
        (target / f"{entry_id}.md").write_text(markdown, encoding="utf-8")
    return target


def once_seconds(command: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - begin


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    return statistics.median(once_seconds(command, env) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    py = sys.executable
    meldcode = [py, "-m", "meldcode_cli"]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor_app = folder / "floor.py"
        floor_app.write_text(FLOOR_APP, encoding="utf-8")
        empty = folder / "leeg"
        empty.mkdir(mode=0o700)
        big = make_dossier(folder, ENTRIES, env)
        listing = [*meldcode, "dossier", "list", "--dossier-dir", str(big)]
        cold = once_seconds(listing, env)
        commands = {
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
            "meldcode dossier list (leeg)": [
                *meldcode,
                "dossier",
                "list",
                "--dossier-dir",
                str(empty),
            ],
            "meldcode dossier list (10.000, index)": listing,
        }
        results = {name: median_seconds(cmd, args.runs, env) for name, cmd in commands.items()}
        results["meldcode dossier list (10.000, first run)"] = cold

    floor = results["floor: minimal typer app --version"]
    option_floor = results["typer app, command with one option"]
    print(f"Median of {args.runs} runs, Python {sys.version.split()[0]}\n")
    header = (
        f"| {'command':<42} | {'seconds':>7} | {'x floor':>7} | {'x opt.':>6} | {'target':>6} |"
    )
    print(header)
    print(f"|{'-' * 44}|{'-' * 9}|{'-' * 9}|{'-' * 8}|{'-' * 8}|")
    for name, seconds in results.items():
        target = TARGETS.get(name)
        shown = f"{target:.1f}x" if target else ""
        verdict = "" if target is None else (" ok" if seconds / floor <= target else " over")
        print(
            f"| {name:<42} | {seconds:7.3f} | {seconds / floor:6.2f}x |"
            f" {seconds / option_floor:5.2f}x | {shown:>6} |{verdict}"
        )
    print(
        "\nx floor: against the minimal typer app printing --version."
        "\nx opt.: against the same app running a command with one option (typer 0.29 builds"
        " every parameter through pydantic, which every command with options pays)."
    )


if __name__ == "__main__":
    main()
