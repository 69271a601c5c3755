"""Start-up time of `meldcode` commands against the framework's own floor.

Run: .venv/bin/python benchmarks/startup.py [--runs N]

The floor is a minimal typer app with one command and a --version option, measured in
the same run on the same machine. Every figure is the median wall time over N runs;
ratios are against the floor. This is a report, not a test: it never fails a build.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "voorbeelden" / "antwoorden-voorbeeld.yaml"

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
def hello() -> None:
    pass


if __name__ == "__main__":
    app()
"""

TARGETS = {"meldcode --version": 1.2, "meldcode --help": 1.5, "meldcode start --answers": 2.0}


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    py = sys.executable

    with tempfile.TemporaryDirectory() as tmp:
        floor_app = Path(tmp) / "floor.py"
        floor_app.write_text(FLOOR_APP, encoding="utf-8")
        dossier = Path(tmp) / "dossier"
        meldcode = [py, "-m", "meldcode_cli"]
        commands = {
            "python -c pass": [py, "-c", "pass"],
            "floor: minimal typer app --version": [py, str(floor_app), "--version"],
            "meldcode --version": [*meldcode, "--version"],
            "meldcode --help": [*meldcode, "--help"],
            "meldcode start --answers": [
                *meldcode,
                "start",
                "--answers",
                str(EXAMPLE),
                "--dossier-dir",
                str(dossier),
            ],
        }
        results = {name: median_seconds(cmd, args.runs, env) for name, cmd in commands.items()}

    floor = results["floor: minimal typer app --version"]
    print(f"Median of {args.runs} runs, Python {sys.version.split()[0]}\n")
    print(f"| {'command':<38} | {'seconds':>7} | {'x floor':>7} | {'target':>6} |")
    print(f"|{'-' * 40}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for name, seconds in results.items():
        target = TARGETS.get(name)
        shown = f"{target:.1f}x" if target else ""
        ok = "" if target is None else (" ok" if seconds / floor <= target else " !!")
        print(f"| {name:<38} | {seconds:7.3f} | {seconds / floor:6.2f}x | {shown:>6} |{ok}")


if __name__ == "__main__":
    main()
