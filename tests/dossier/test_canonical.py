"""The canonical JSON that every checksum and signature is made over must stay exactly
what it was: json.dumps with sorted keys, no spaces and text as it is. A shortcut that
differs by one byte would make every entry ever written look tampered with."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from meldcode_cli.dossier.canonical import Canonical
from meldcode_cli.dossier.entry import canonical_sha256
from meldcode_cli.dossier.sleutel import Sleutel
from tests.conftest import EXAMPLE, invoke


def plain(document: dict[str, Any], *without: str) -> str:
    body = {k: v for k, v in document.items() if k not in without}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)
documents = st.dictionaries(
    st.sampled_from(["sha256", "handtekening", "id", "Zz", "aa", "é", "a b", ""]) | text,
    values,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_the_shortcut_is_json_dumps_to_the_byte(document):
    canonical = Canonical(document)
    assert canonical.without("sha256", "handtekening") == plain(document, "sha256", "handtekening")
    assert canonical.without("handtekening") == plain(document, "handtekening")
    assert canonical.without() == plain(document)


def test_a_real_entry_keeps_its_checksum_and_signature(dossier_dir):
    run = invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 0, run.output
    [path] = dossier_dir.glob("2*.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    expected = hashlib.sha256(plain(document, "sha256", "handtekening").encode()).hexdigest()
    assert document["sha256"] == expected == canonical_sha256(document)
    key = Sleutel(b"k" * 32, datetime(2026, 1, 1))
    mac = hmac.new(key.key, plain(document, "handtekening").encode(), hashlib.sha256).hexdigest()
    assert key.mac(document) == mac == key.mac(document, Canonical(document))


def test_a_nested_copy_of_the_checksum_is_left_where_it_is():
    """Only the top-level checksum is taken out, also when a nested object holds the
    very same key and value (then the shortcut steps aside)."""
    digest = "ab" * 32
    document = {"a": {"sha256": digest}, "sha256": digest, "z": [1], "handtekening": {}}
    canonical = Canonical(document)
    assert canonical.without("sha256", "handtekening") == plain(document, "sha256", "handtekening")
    assert canonical.without("handtekening") == plain(document, "handtekening")
    for only, expected in (
        ({"sha256": digest}, "{}"),  # the only key
        ({"sha256": digest, "handtekening": {}}, "{}"),
        ({"a": 1, "sha256": digest}, '{"a":1}'),  # the last key
        ({"sha256": digest, "z": 1}, '{"z":1}'),  # the first key
        ({"a": 1}, '{"a":1}'),  # no checksum at all
    ):
        assert Canonical(only).without("sha256", "handtekening") == expected
