"""The dossier store: names, permissions, exclusivity and faults while writing."""

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from meldcode_cli.dossier.store import (
    ENV_DOSSIER_DIR,
    Dossier,
    is_entry_id,
    new_entry_id,
    resolve_dossier_dir,
    slug,
)
from meldcode_cli.errors import DossierError

MOMENT = datetime(2026, 11, 23, 10, 15, 2)


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("VB-2026-017", "vb-2026-017"),
        ("../../x", "x"),
        ("a/b\\c", "a-b-c"),
        ("..", "casus"),
        ("/etc/passwd", "etc-passwd"),
        ("TEST\x00\x1b[31m", "test-31m"),
        ("Zoë & co", "zoe-co"),
        ("家庭暴力", "casus"),
        ("x" * 500, "x" * 32),
    ],
)
def test_slug_never_escapes_the_folder(reference, expected):
    assert slug(reference) == expected
    entry_id = new_entry_id(reference, MOMENT)
    assert is_entry_id(entry_id)
    assert entry_id.startswith("20261123-101502-")
    assert "/" not in entry_id and ".." not in entry_id


def test_ids_sort_by_time_and_do_not_collide():
    ids = {new_entry_id("TEST", MOMENT) for _ in range(200)}
    assert len(ids) == 200
    later = new_entry_id("AAA", datetime(2026, 11, 23, 10, 15, 3))
    assert max([*ids, later]) == later


def test_resolve_order(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DOSSIER_DIR, str(tmp_path / "env"))
    assert resolve_dossier_dir(tmp_path / "opt") == tmp_path / "opt"
    assert resolve_dossier_dir(None) == tmp_path / "env"
    monkeypatch.delenv(ENV_DOSSIER_DIR)
    default = resolve_dossier_dir(None)
    assert default.name == "dossier" and "meldcode" in str(default)


def test_ensure_creates_a_private_folder_under_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        dossier = Dossier(tmp_path / "a" / "b")
        dossier.ensure()
        written = dossier.write_entry(new_entry_id("TEST", MOMENT), "# x\n", {"id": 1})
    finally:
        os.umask(old)
    assert stat.S_IMODE(dossier.path.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.markdown.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.json.stat().st_mode) == 0o600


def test_a_folder_open_to_others_is_refused_and_left_as_it_is(tmp_path):
    # `--dossier-dir /tmp` must never turn /tmp into 0700: meldcode changes no folder it
    # did not create.
    folder = tmp_path / "d"
    folder.mkdir()
    folder.chmod(0o755)
    with pytest.raises(DossierError) as refused:
        Dossier(folder).ensure()
    assert "open voor anderen (rechten 755)" in refused.value.message
    assert (
        refused.value.hint
        == f"Kies een eigen map met --dossier-dir, of maak deze privé: chmod 700 {folder}"
    )
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert list(folder.iterdir()) == []


def test_parents_made_by_meldcode_are_private_under_any_umask(tmp_path):
    import os

    old = os.umask(0)
    try:
        Dossier(tmp_path / "a" / "b" / "dossier").ensure()
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "dossier"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_symlinked_folder_is_refused(tmp_path):
    real = tmp_path / "echt"
    real.mkdir()
    link = tmp_path / "koppeling"
    link.symlink_to(real)
    with pytest.raises(DossierError, match="symbolische koppeling"):
        Dossier(link).ensure()


def test_a_file_in_place_of_the_folder_is_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(DossierError, match="geen map"):
        Dossier(tmp_path / "f").ensure()


def test_an_existing_entry_is_never_overwritten(tmp_path):
    dossier = Dossier(tmp_path / "d")
    dossier.ensure()
    entry_id = new_entry_id("TEST", MOMENT)
    dossier.write_entry(entry_id, "eerste\n", {"n": 1})
    with pytest.raises(DossierError, match="niets overschreven"):
        dossier.write_entry(entry_id, "tweede\n", {"n": 2})
    assert (dossier.path / f"{entry_id}.md").read_text() == "eerste\n"
    assert '"n": 1' in (dossier.path / f"{entry_id}.json").read_text()


def test_invalid_ids_are_refused(tmp_path):
    dossier = Dossier(tmp_path / "d")
    dossier.ensure()
    with pytest.raises(DossierError):
        dossier.write_entry("../../evil", "x", {})


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_disk_full_leaves_nothing_behind(tmp_path, monkeypatch):
    dossier = Dossier(tmp_path / "d")
    dossier.ensure()
    real_write = os.write
    calls = {"n": 0}

    def full_on_second_file(fd: int, data: bytes | memoryview) -> int:
        calls["n"] += 1
        if calls["n"] >= 2:  # the Markdown file fits, the JSON file does not
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    with monkeypatch.context() as patched:  # only this; the test's environment stays
        patched.setattr(os, "write", full_on_second_file)
        with pytest.raises(DossierError, match=r"schijf .* is vol"):
            dossier.write_entry(new_entry_id("TEST", MOMENT), "# x\n", {"id": 1})
    assert leftovers(dossier.path) == [], "no half entry and no temp file may remain"


def test_permission_denied_is_a_clear_message(tmp_path, monkeypatch):
    dossier = Dossier(tmp_path / "d")
    dossier.ensure()

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as patched:
        patched.setattr(os, "link", denied)
        with pytest.raises(DossierError, match="geen schrijfrechten"):
            dossier.write_entry(new_entry_id("TEST", MOMENT), "# x\n", {"id": 1})
    assert leftovers(dossier.path) == []


def test_draft_round_trip_and_corruption(tmp_path):
    dossier = Dossier(tmp_path / "d")
    dossier.ensure()
    assert dossier.load_draft() is None
    dossier.save_draft({"antwoorden": {"casus": {"referentie": "TEST"}}})
    assert dossier.load_draft() == {"antwoorden": {"casus": {"referentie": "TEST"}}}
    assert stat.S_IMODE(dossier.draft_path.stat().st_mode) == 0o600
    dossier.draft_path.write_text("[1, 2")
    with pytest.raises(DossierError, match="beschadigd"):
        dossier.load_draft()
    aside = dossier.set_aside_draft(MOMENT)
    assert aside.read_text() == "[1, 2"
    assert not dossier.draft_path.exists()


def test_a_folder_created_by_another_run_at_the_same_moment(tmp_path, monkeypatch):
    """Another run creates the folders between our look and our mkdir: still fine, and
    what that run made is not ours to change."""
    from meldcode_cli import files

    parent = tmp_path / "p"
    parent.mkdir(mode=0o755)
    parent.chmod(0o755)  # made by the other run, as it chose
    folder = parent / "d"
    folder.mkdir(mode=0o700)
    looked: list[str] = []

    def not_yet(path: object) -> bool:  # what we saw a moment ago
        looked.append(str(path))
        return False

    with monkeypatch.context() as patched:
        patched.setattr(os.path, "lexists", not_yet)
        files.make_private_folders(folder)
    assert str(folder) in looked  # the look that the other run overtook
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(parent.stat().st_mode) == 0o755  # not ours: left as it was
    Dossier(folder).ensure()


def test_two_damaged_drafts_set_aside_in_the_same_second_both_survive(tmp_path):
    folder = tmp_path / "d"
    dossier = Dossier(folder)
    dossier.ensure()
    moment = datetime(2026, 11, 25, 10, 15, 3)
    for name, text in (
        (".concept-start-a.json", "{ kapot A"),
        (".concept-start-b.json", "{ kapot B"),
    ):
        (folder / name).write_text(text, encoding="utf-8")
        dossier.draft_name = name
        dossier.set_aside_draft(moment)
    aside = sorted(folder.glob(".concept-beschadigd-20261125-101503-*.json"))
    assert len(aside) == 2
    assert sorted(p.read_text(encoding="utf-8") for p in aside) == ["{ kapot A", "{ kapot B"]
