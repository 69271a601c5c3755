"""The package a user installs: built here from the source tree as pip builds it (with
the project's own build backend), then opened and read."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str], str]:
    import os

    from hatchling.build import build_sdist, build_wheel

    out = tmp_path_factory.mktemp("dist")
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        wheel = out / build_wheel(str(out))
        sdist = out / build_sdist(str(out))
    finally:
        os.chdir(here)
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = archive.namelist()
        [points] = [name for name in in_wheel if name.endswith(".dist-info/entry_points.txt")]
        entry_points = archive.read(points).decode("utf-8")
    with tarfile.open(sdist) as archive:
        # The first part of each name is "meldcode-VERSION/".
        in_sdist = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
    return in_wheel, in_sdist, entry_points


def test_the_wheel_has_the_program_and_its_licences_and_nothing_else(built):
    in_wheel, _, _ = built
    assert "meldcode_cli/cli/entry.py" in in_wheel
    assert "meldcode_cli/fonts/DejaVuSans.ttf" in in_wheel  # the PDF export's font
    licences = [name for name in in_wheel if "/licenses/" in name]
    assert any(name.endswith("licenses/LICENSE") for name in licences), licences
    assert any(name.endswith("fonts/LICENSE") for name in licences), licences
    tops = {name.split("/")[0] for name in in_wheel}
    assert tops == {"meldcode_cli", next(t for t in tops if t.endswith(".dist-info"))}


def test_the_command_starts_at_the_light_entry_point(built):
    _, _, entry_points = built
    assert "meldcode = meldcode_cli.cli.entry:main" in entry_points


def test_the_sdist_has_no_tests_ci_or_benchmarks(built):
    _, in_sdist, _ = built
    assert "LICENSE" in in_sdist
    assert "README.md" in in_sdist and "CHANGELOG.md" in in_sdist
    assert "src/meldcode_cli/cli/entry.py" in in_sdist
    assert "voorbeelden/antwoorden-voorbeeld.yaml" in in_sdist
    for name in in_sdist:
        assert not name.startswith((".ci/", "tests/", "benchmarks/", ".git/")), name
