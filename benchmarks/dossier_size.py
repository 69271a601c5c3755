"""Cost in the size of the dossier (issue 24): commands against F at 1,000, 10,000 and
50,000 entries, with each command's peak memory.

Run: .venv/bin/python benchmarks/dossier_size.py [--sizes 1000,10000,50000] [--runs N]

The dossier is built through the real write path: `meldcode start --answers` through the
console script's entry point, in this process, one case per entry (a new kenmerk each
time). That is itself a measurement: if a write cost more in a larger dossier, building
it would be quadratic, and the build time per entry is printed for each stretch.

At each size every command runs as a whole process, in rounds: F (a minimal typer app's
`--version`, see ``startup.py``) first, then each command once. A ratio is the median over
the rounds of a run against F in the same round. Peak memory is the largest resident
set of the command's process (``wait4``). `start --answers` adds an entry at every run
(a new case), as a practitioner does. "no index" removes the list index before each run.
Everything runs in a temporary folder with its own config. A report, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import EXAMPLE, FLOOR_APP, LEAVE_OUT, isolated_env

# Issue 24's targets against F (10k, 50k); None: no target at that size.
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "start --answers": (2.0, 2.0),
    "vervolg --answers": (2.0, 2.0),
    "dossier list": (1.5, 1.5),
    "dossier open": (1.5, 1.5),
    "dossier show CODE": (1.5, 1.5),
    "dossier list (no index)": (6.0, 25.0),
    "dossier controleer": (3.0, 8.0),
}


def build(dossier: Path, start: int, stop: int, scratch: Path) -> float:
    """Entries ``start`` .. ``stop``-1 written through `meldcode start --answers`, each a
    case of its own; returns the seconds per entry."""
    import yaml

    from meldcode_cli.cli.entry import main as meldcode

    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    answers = scratch / "antwoorden.json"
    begin = time.perf_counter()
    with Path(os.devnull).open("w") as sink, redirect_stdout(sink), redirect_stderr(sink):
        for n in range(start, stop):
            raw["casus"]["referentie"] = f"BENCH-{n:06d}"
            answers.write_text(json.dumps(raw, default=str), encoding="utf-8")
            argv = ["start", "--answers", str(answers), "--dossier-dir", str(dossier)]
            sys.argv = ["meldcode", *argv]
            try:
                meldcode()
            except SystemExit as exc:
                if exc.code not in (0, None):
                    raise
    return (time.perf_counter() - begin) / max(1, stop - start)


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one run of ``command``."""
    begin = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - begin
    process.returncode = 0  # reaped by wait4
    return took, usage.ru_maxrss


def measure(
    commands: dict[str, list[str]], env: dict[str, str], floor: str, rounds: int
) -> dict[str, tuple[float, float, int]]:
    """Per command: median seconds, median ratio to F in the same round, peak KiB."""
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    ratios: dict[str, list[float]] = {name: [] for name in commands}
    peak: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(rounds):
        base, _ = run_once(commands[floor], env)
        for name, command in commands.items():
            took, kib = (base, 0) if name == floor else run_once(command, env)
            seconds[name].append(took)
            ratios[name].append(took / base)
            peak[name] = max(peak[name], kib)
    return {
        name: (statistics.median(seconds[name]), statistics.median(ratios[name]), peak[name])
        for name in commands
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    py = sys.executable
    meldcode = [py, "-m", "meldcode_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = isolated_env(folder)
        os.environ.update(env)  # the build, in this process, uses the same folders
        for name in LEAVE_OUT:
            os.environ.pop(name, None)
        floor_app = folder / "floor.py"
        floor_app.write_text(FLOOR_APP, encoding="utf-8")
        dossier = folder / "dossier"
        where = ["--dossier-dir", str(dossier)]
        evaluatie = folder / "evaluatie.yaml"
        evaluatie.write_text(
            "versie: 4\nveilig_thuis:\n  melding_gedaan: nee\n  reden: TEST\n"
            "  wat_nu: opnieuw_doorlopen\n",
            encoding="utf-8",
        )
        built = 0
        print(f"Python {sys.version.split()[0]}; {args.runs} rounds per size.\n")
        for size in sizes:
            per_entry = build(dossier, built, size, folder)
            print(f"built {built:>6} .. {size:>6}: {per_entry * 1000:.1f} ms per entry")
            built = size
            newest = sorted(dossier.glob("2*.json"))[-1].name.removesuffix(".json")
            code = newest.rsplit("-", 1)[1]
            commands = {
                "F": [py, str(floor_app), "--version"],
                "start --answers": [*meldcode, "start", "--answers", str(EXAMPLE), *where],
                "dossier list": [*meldcode, "dossier", "list", *where],
                "dossier open": [*meldcode, "dossier", "open", *where],
                "dossier show CODE": [*meldcode, "dossier", "show", code, *where],
                "dossier list (no index)": [
                    "sh",
                    "-c",
                    f"rm -f {dossier}/.index.json; exec "
                    + shlex.join([*meldcode, "dossier", "list", *where]),
                ],
                "dossier controleer": [*meldcode, "dossier", "controleer", *where],
            }
            for command in (commands["dossier list"], [*meldcode, "--help"]):
                subprocess.run(command, env=env, capture_output=True, check=False)
            quick = {k: v for k, v in commands.items() if "no index" not in k}
            quick.pop("dossier controleer")
            heavy = {k: commands[k] for k in ("F", "dossier list (no index)", "dossier controleer")}
            results = measure(quick, env, "F", args.runs)
            results.update(measure(heavy, env, "F", max(3, args.runs // 3)))
            print(f"\n{size} entries (F = {results['F'][0] * 1000:.0f} ms)\n")
            print(f"| {'command':<26} | {'seconds':>7} | {'x F':>6} | {'peak MiB':>8} | target |")
            print(f"|{'-' * 28}|{'-' * 9}|{'-' * 8}|{'-' * 10}|--------|")
            column = 0 if size <= 10_000 else 1
            for name in commands:
                if name == "F":
                    continue
                took, ratio, kib = results[name]
                target = TARGETS.get(name, (None, None))[column] if size >= 10_000 else None
                shown = f"{target:.1f}x" if target else ""
                verdict = "" if target is None else (" ok" if ratio <= target else " over")
                print(
                    f"| {name:<26} | {took:7.3f} | {ratio:5.2f}x | {kib / 1024:8.1f} |"
                    f" {shown:>6} |{verdict}"
                )
            print()


if __name__ == "__main__":
    main()
