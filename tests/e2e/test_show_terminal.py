"""Issue 22: `dossier show` in a real terminal. A Markdown link in a hand-edited entry is
never a clickable OSC 8 link ("0800-2000" that opens elsewhere), and a huge COLUMNS does
not make any command take long."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, invoke
from tests.dossier.helpers import resign
from tests.e2e.conftest import installed_meldcode, pexpect

LINK = "[0800-2000](https://voorbeeld.invalid/niet-veilig-thuis)"


def spawn(args: list[str], columns: str = "120") -> Any:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MELDCODE_DOSSIER_DIR")}
    env.update({"TERM": "xterm-256color", "COLUMNS": columns, "LINES": "40"})
    program, prefix = installed_meldcode()
    return pexpect.spawn(program, [*prefix, *args], encoding="utf-8", env=env, timeout=20)


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "dossier"
    run = invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder), "--json"])
    entry_id: str = json.loads(run.stdout)["id"]
    md = folder / f"{entry_id}.md"
    text = md.read_text(encoding="utf-8") + f"\nBel Veilig Thuis: {LINK}\n"
    md.write_text(text, encoding="utf-8")
    path = folder / f"{entry_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    import hashlib

    document["markdown_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    resign(path, document)  # even signed by the key's holder
    return folder, entry_id


def test_a_link_in_an_entry_is_never_a_clickable_link(linked):
    folder, entry_id = linked
    child = spawn(["dossier", "show", entry_id, "--dossier-dir", str(folder)])
    child.expect(pexpect.EOF)
    shown = child.before or ""
    assert "\x1b]8;" not in shown  # no OSC 8 hyperlink
    assert "0800-2000" in shown and "voorbeeld.invalid" in shown  # the address is visible
    assert "\x1b[" in shown  # a real terminal, with colour: the measurement works


@pytest.mark.parametrize("columns", ["100000000", "9" * 5000, "²", "-5"])
def test_a_huge_or_odd_columns_is_bounded(linked, columns):
    folder, entry_id = linked
    for args in (
        ["dossier", "show", entry_id],
        ["dossier", "list"],
        ["dossier", "open", "--alle"],
    ):
        began = time.monotonic()
        child = spawn([*args, "--dossier-dir", str(folder)], columns=columns)
        child.expect(pexpect.EOF)
        child.close()
        assert time.monotonic() - began < 5, args
        assert child.exitstatus == 0, (args, child.before)
        assert "interne fout" not in (child.before or "")
