"""Shared fixtures. All case data in the tests is invented (references start with TEST or VB)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner, Result

from meldcode_cli import clock
from meldcode_cli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
TODAY = date.today()  # the day of the whole run (see hold_clock)
# The answers file of version 1 that stood in voorbeelden/ until the shared example
# (version 2) replaced it, frozen as it was: its evaluation is planned for 15-01-2027. The
# tests that hold the clock to a day of November 2026 read it as it is.
FROZEN_EXAMPLE = ROOT / "tests" / "data" / "voorbeeld-versie-1.yaml"
# The example the other tests change and extend: the same file, its evaluation planned 60
# days after the day of the run (an evaluation must lie after today), so that the suite
# passes on any day, also after 15-01-2027.
EVALUATIE_OP = TODAY + timedelta(days=60)


def _example_of_today() -> Path:
    import tempfile

    text = FROZEN_EXAMPLE.read_text(encoding="utf-8")
    frozen = "evaluatie_op: 2027-01-15"
    assert text.count(frozen) == 1
    folder = Path(tempfile.mkdtemp(prefix="meldcode-voorbeeld-"))
    path = folder / "antwoorden-voorbeeld.yaml"
    path.write_text(text.replace(frozen, f"evaluatie_op: {EVALUATIE_OP}"), encoding="utf-8")
    return path


EXAMPLE = _example_of_today()
# The example users get (voorbeelden/), a copy of the shared one: it must give an entry.
VOORBEELD = ROOT / "voorbeelden" / "antwoorden-voorbeeld.yaml"

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"


def line(text: str) -> str:
    """Type ``text`` and press Enter."""
    return text + ENTER


# The questions about the melding itself (seed 004), asked when the afwegingen lead to
# melden: own possibilities, the first situation, informed: ja, how (the actuele
# onveiligheid is what stap 1 said: not asked again).
MELDING = (
    line("TEST: ik spreek de ouders wekelijks")
    + ENTER
    + ENTER
    + line("TEST: moeder, in het consult")
)


def pick(index: int) -> str:
    """Choose the option at ``index`` (0-based) in a select prompt."""
    return DOWN * index + ENTER


def as_version_2(raw: dict[str, Any]) -> dict[str, Any]:
    """The example (a file of version 1) with the answers version 2 asks as well."""
    raw = copy.deepcopy(raw)
    raw["versie"] = 2
    raw["directe_veiligheid"] = {"direct_gevaar": "nee"}
    raw["onveiligheid_nu"] = "TEST: vader drinkt en schreeuwt 's avonds; kind slaapt slecht"
    raw["directbetrokkenen"] = [{"rol": "kind, 8 jaar"}, {"rol": "moeder"}, {"rol": "vader"}]
    gesprek = raw["gesprek"]
    raw["gesprek"] = {
        "gevoerd": gesprek["gevoerd"],
        "gesprekken": [{k: gesprek[k] for k in ("met", "datum", "verslag")}],
        "melding_besproken": "geen_melding_voorgenomen",
    }
    return raw


PRIVATE_TEMP_PREFIX = "meldcode-tests-"
_PRIVATE_TEMP = pytest.StashKey[str]()
_KEEP_TEMP = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    """Each run gets a temporary folder of its own (TMPDIR, for this process and every
    program it starts), inside the system's. A test that looks at "the temporary folder"
    then sees what this run made, not what other processes make and remove meanwhile."""
    import os
    import tempfile

    if Path(tempfile.gettempdir()).name.startswith(PRIVATE_TEMP_PREFIX):
        return  # a worker of this run (pytest-xdist): the run's folder is already set
    private = tempfile.mkdtemp(prefix=PRIVATE_TEMP_PREFIX)
    os.environ["TMPDIR"] = private
    tempfile.tempdir = None  # taken again from TMPDIR at the next call
    config.stash[_PRIVATE_TEMP] = private


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    private = config.stash.get(_PRIVATE_TEMP, None)
    if private is not None and not config.stash.get(_KEEP_TEMP, False):
        shutil.rmtree(private, ignore_errors=True)
    shutil.rmtree(EXAMPLE.parent, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After a failure the run's temporary folder stays, for a look at what was left."""
    if exitstatus != 0:
        session.config.stash[_KEEP_TEMP] = True


@pytest.fixture
def example_raw() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def dossier_dir(tmp_path: Path) -> Path:
    return tmp_path / "dossier"


@pytest.fixture(autouse=True, scope="session")
def _the_users_own_folders_stay_untouched(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """No test may write into the real account's meldcode folders (data, config), also
    not a module's fixture that runs before any test's own environment is set."""
    home = Path.home()
    folders = [home / ".local" / "share" / "meldcode", home / ".config" / "meldcode"]
    before = {folder: folder.exists() for folder in folders}
    with pytest.MonkeyPatch.context() as patched:
        elsewhere = tmp_path_factory.mktemp("sessie-thuis")
        patched.setenv("XDG_DATA_HOME", str(elsewhere / "data"))
        patched.setenv("XDG_CONFIG_HOME", str(elsewhere / "config"))
        patched.setenv("MELDCODE_PROFIEL", str(elsewhere / "geen-profiel.toml"))
        yield
    touched = [str(f) for f, existed in before.items() if not existed and f.exists()]
    assert touched == [], f"tests wrote into the user's own folders: {touched}"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests choose their own environment; they do not inherit CI's or the user's (nor
    the user's profile: a test that wants one makes it)."""
    monkeypatch.delenv("MELDCODE_DOSSIER_DIR", raising=False)
    nowhere = tmp_path_factory.mktemp("geen-profiel") / "profiel.toml"
    monkeypatch.setenv("MELDCODE_PROFIEL", str(nowhere))
    # Never the user's own data or config folders, whatever a test forgets to pass.
    home = tmp_path_factory.mktemp("thuis")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    hold_clock(monkeypatch, TODAY)


def hold_clock(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """The program's clock (meldcode_cli.clock) on ``day``, still running, held back (or
    on) by whole days. The tests take their dates from TODAY, the day the run started;
    once a run goes on past midnight, the program would take the next day. Nothing
    changes while the day is the same."""
    shift = day - date.today()
    if not shift:
        return
    monkeypatch.setattr(clock, "today", lambda: date.today() + shift)
    monkeypatch.setattr(clock, "now", lambda: datetime.now().astimezone() + shift)
    monkeypatch.setattr(clock, "local_now", lambda: datetime.now() + shift)


@dataclass
class Run:
    result: Result

    @property
    def code(self) -> int:
        return self.result.exit_code

    @property
    def output(self) -> str:
        return self.result.output

    @property
    def stdout(self) -> str:
        return self.result.stdout

    @property
    def stderr(self) -> str:
        return self.result.stderr


def invoke(args: list[str], keys: str = "", stdin: str | None = None) -> Run:
    """Run the CLI in-process; ``keys`` go to real questionary prompts through a pipe."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            result = CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)
    return Run(result)


@pytest.fixture
def cli() -> Iterator[Any]:
    yield invoke


def entries(folder: Path) -> list[Path]:
    """The JSON files of complete entries in ``folder``."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def only_entry(folder: Path) -> dict[str, Any]:
    found = entries(folder)
    assert len(found) == 1, f"expected one entry, found {found}"
    data: dict[str, Any] = json.loads(found[0].read_text(encoding="utf-8"))
    return data


def drafts(folder: Path, prefix: str = ".concept-start") -> list[Path]:
    """The drafts of one kind of run in ``folder`` (each run keeps its own)."""
    if not folder.exists():
        return []
    return sorted(
        p for p in folder.glob(f"{prefix}*.json") if not p.name.startswith(".concept-beschadigd")
    )


def only_draft(folder: Path, prefix: str = ".concept-start") -> Path:
    found = drafts(folder, prefix)
    assert len(found) == 1, f"expected one draft, found {found}"
    return found[0]
