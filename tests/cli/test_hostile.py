"""Hostile input: names that try to escape, control characters, huge and foreign text."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import entries, invoke, only_entry


def run_with(tmp_path: Path, dossier_dir: Path, data: dict[str, Any], *extra: str):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), *extra])


@pytest.mark.parametrize(
    "reference",
    ["../../x", "../../../etc/passwd", "/etc/shadow", "a/b\\c", "..x", "~/.ssh", "VB 2026/017"],
)
def test_references_never_escape_the_folder(tmp_path, dossier_dir, example_raw, reference):
    data = copy.deepcopy(example_raw)
    data["casus"]["referentie"] = reference
    run = run_with(tmp_path, dossier_dir, data)
    assert run.code == 0, run.output
    [written] = entries(dossier_dir)
    assert written.parent == dossier_dir
    assert json.loads(written.read_text())["referentie"] == reference  # kept as typed
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert all(p in ("a.json", "dossier") or p.startswith("dossier/") for p in everything)


@pytest.mark.parametrize(
    ("text", "codepoint"),
    [
        ("TEST\x00NUL", "U+0000"),
        ("TEST\x1b[2J", "U+001B"),
        ("TEST\x07bel", "U+0007"),
        ("TEST\u202egnp.exe", "U+202E"),
        ("TEST\x9b31m", "U+009B"),
    ],
)
def test_control_characters_are_refused_everywhere(
    tmp_path, dossier_dir, example_raw, text, codepoint
):
    for place in (("casus", "referentie"), ("gesprek", "verslag")):
        data = copy.deepcopy(example_raw)
        data[place[0]][place[1]] = text
        run = run_with(tmp_path, dossier_dir, data)
        assert run.code == 2
        assert f"{'.'.join(place)}: bevat een stuurteken ({codepoint})" in run.stderr
        assert "\x1b[2J" not in run.stderr and "\x00" not in run.stderr
        assert not dossier_dir.exists()


def test_a_reference_of_only_dots_is_refused(tmp_path, dossier_dir, example_raw):
    data = copy.deepcopy(example_raw)
    data["casus"]["referentie"] = ".."
    run = run_with(tmp_path, dossier_dir, data)
    assert run.code == 2
    assert (
        "casus.referentie: het kenmerk moet minstens één letter of cijfer bevatten." in run.stderr
    )


def test_a_megabyte_of_text_is_refused_clearly(tmp_path, dossier_dir, example_raw):
    data = copy.deepcopy(example_raw)
    data["signalen"][0]["omschrijving"] = "x" * 1_000_000
    run = run_with(tmp_path, dossier_dir, data)
    assert run.code == 2
    assert (
        "signalen[1].omschrijving: is te lang: 1000000 tekens, het maximum is 10000." in run.stderr
    )
    assert len(run.stderr) < 5000  # the text itself is not echoed back
    assert not dossier_dir.exists()


def test_a_huge_answers_file_is_refused_before_parsing(tmp_path, dossier_dir):
    path = tmp_path / "groot.yaml"
    path.write_text("versie: 1\n# " + "x" * (6 * 1024 * 1024) + "\n", encoding="utf-8")
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir)])
    assert run.code == 2 and "groter dan 5 MB" in run.stderr


@pytest.mark.parametrize(
    "text",
    [
        "家庭暴力的迹象",
        "علامات العنف المنزلي",
        "Ознаки домашнього насильства",
        "Çocuk 👧 güvende değil",
    ],
)
def test_non_latin_scripts_are_kept_intact(tmp_path, dossier_dir, example_raw, text):
    data = copy.deepcopy(example_raw)
    data["casus"]["referentie"] = text[:20]
    data["signalen"][0]["omschrijving"] = text
    run = run_with(tmp_path, dossier_dir, data)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["antwoorden"]["signalen"][0]["omschrijving"] == text
    markdown = entries(dossier_dir)[0].with_suffix(".md").read_text(encoding="utf-8")
    assert text in markdown
    shown = invoke(["dossier", "show", entry["id"], "--dossier-dir", str(dossier_dir)])
    assert text in shown.stdout.replace("\n", "")


def test_files_are_private_under_a_permissive_umask(tmp_path, dossier_dir, example_raw):
    old = os.umask(0)
    try:
        run = run_with(tmp_path, dossier_dir, example_raw)
        listed = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])  # writes the index
    finally:
        os.umask(old)
    assert run.code == 0 and listed.code == 0
    assert stat.S_IMODE(dossier_dir.stat().st_mode) == 0o700
    for path in dossier_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_symlinked_dossier_folder_is_refused(tmp_path, example_raw):
    real = tmp_path / "elders"
    real.mkdir()
    link = tmp_path / "dossier"
    link.symlink_to(real)
    run = run_with(tmp_path, link, example_raw)
    assert run.code == 1
    assert "symbolische koppeling" in run.stderr
    assert list(real.iterdir()) == []
    listed = invoke(["dossier", "list", "--dossier-dir", str(link)])
    assert listed.code == 1 and "symbolische koppeling" in listed.stderr


def test_a_bsn_is_refused_as_reference(tmp_path, dossier_dir, example_raw):
    data = copy.deepcopy(example_raw)
    data["casus"]["referentie"] = "123.456.782"  # passes the elfproef: an invented number
    run = run_with(tmp_path, dossier_dir, data)
    assert run.code == 2 and "burgerservicenummer" in run.stderr


def test_yaml_tags_cannot_run_code(tmp_path, dossier_dir):
    path = tmp_path / "kwaad.yaml"
    path.write_text("versie: !!python/object/apply:os.system ['touch gehackt']\n", encoding="utf-8")
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir)])
    assert run.code == 2 and "geen geldige YAML" in run.stderr
    assert not Path("gehackt").exists()
    assert yaml  # the safe loader is the only one used
