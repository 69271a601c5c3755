"""Issue 24, writes that do not scan: a new entry finds the end of its case from the
names of the case's own files, and reads nothing else of the dossier. The list index is
not rewritten by a write; the next list still shows the new entry."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from meldcode_cli.dossier import reader
from meldcode_cli.dossier.reader import previous_of_case
from meldcode_cli.dossier.store import Dossier
from tests.conftest import invoke
from tests.dossier.helpers import case, make_entry
from tests.interview.test_answers_file import write_yaml

DAY = datetime(2026, 11, 20, 9, 0).date()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the entry files read from here on."""
    seen: list[str] = []
    real = reader.read_document

    def counted(path: Path | str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        seen.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reader, "read_document", counted)
    return seen


def test_only_the_case_s_own_entries_are_read(dossier_dir, example_raw, reads):
    first = make_entry(dossier_dir, case(example_raw, "TEST-A", DAY), datetime(2026, 11, 20, 9))
    second = make_entry(dossier_dir, case(example_raw, "TEST-A", DAY), datetime(2026, 11, 20, 10))
    make_entry(dossier_dir, case(example_raw, "TEST-B", DAY), datetime(2026, 11, 20, 11))
    # Another case's file that cannot even be read: never opened.
    (dossier_dir / "20261120-120000-test-c-abcdef.json").write_text("{kapot", encoding="utf-8")
    reads.clear()
    [link] = previous_of_case(Dossier(dossier_dir), "TEST-A")
    document = json.loads(second.json.read_text(encoding="utf-8"))
    assert link == document["sha256"]
    assert sorted(reads) == sorted([first.json.name, second.json.name])


def test_two_kenmerken_with_one_slug_are_told_apart(dossier_dir, example_raw):
    mine = make_entry(dossier_dir, case(example_raw, "TEST/1", DAY), datetime(2026, 11, 20, 9))
    other = make_entry(dossier_dir, case(example_raw, "test-1", DAY), datetime(2026, 11, 20, 10))
    assert mine.id.split("-")[2:4] == other.id.split("-")[2:4] == ["test", "1"]
    digest = json.loads(mine.json.read_text(encoding="utf-8"))["sha256"]
    assert previous_of_case(Dossier(dossier_dir), "TEST/1") == (digest,)
    assert previous_of_case(Dossier(dossier_dir), "TEST-NIEUW") == ()


def test_a_write_leaves_the_list_index_alone_and_the_list_is_not_stale(
    tmp_path, dossier_dir, example_raw
):
    make_entry(dossier_dir, case(example_raw, "TEST-A", DAY), datetime(2026, 11, 20, 9))
    run = invoke(["dossier", "list", "--json", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    index = dossier_dir / ".index.json"
    before = index.stat()
    written = []
    for reference in ("TEST-B", "TEST-C"):  # the second sees the first's new files
        path = write_yaml(tmp_path, case(example_raw, reference, DAY))
        args = ["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), "--json"]
        run = invoke(args)
        assert run.code == 0, run.output
        written.append(json.loads(run.stdout)["id"])
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    run = invoke(["dossier", "list", "--json", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    assert set(written) <= {row["id"] for row in json.loads(run.stdout)}


def test_a_follow_up_reads_only_its_case(tmp_path, dossier_dir, example_raw, reads):
    """`vervolg CODE` finds the entry from the names in the folder and reads its case
    alone; another case's broken file is not even opened."""
    from tests.cli.test_case_story import GEMELD, code_of, geen_hulp, start, vervolg

    decided = start(tmp_path, dossier_dir, geen_hulp(case(example_raw, "TEST-A", DAY)))["id"]
    other = make_entry(dossier_dir, case(example_raw, "TEST-B", DAY), datetime(2026, 11, 20, 9))
    (dossier_dir / "20261120-120000-test-c-abcdef.json").write_text("{kapot", encoding="utf-8")
    reads.clear()
    run = vervolg(tmp_path, dossier_dir, code_of(decided), GEMELD, "gemeld.yaml")
    assert run.code == 0, run.output
    written = json.loads(run.stdout)["id"]
    document = json.loads((dossier_dir / f"{written}.json").read_text(encoding="utf-8"))
    assert document["vervolg_op"] == decided
    assert set(reads) == {f"{decided}.json"}
    assert other.json.name not in reads
