"""A document's canonical JSON: sorted keys, no spaces, text as it is. The checksum is
made over the document without ``sha256`` and ``handtekening``, the signature over it
without ``handtekening``; both come from one call of the encoder per document, so that
checking 10,000 entries does not serialise each twice.

The result is exactly ``json.dumps(body, ensure_ascii=False, sort_keys=True,
separators=(",", ":"))``: every checksum and signature ever written depends on that
(tests/dossier/test_canonical.py holds it to it)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# One encoder for every value: json.dumps with these options makes a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


class Canonical:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._signed: str | None = None

    def without(self, *keys: str) -> str:
        """The canonical JSON of the document without ``keys``."""
        drop = set(keys)
        if drop == {"handtekening"}:
            return self._without_signature()
        if drop == {"sha256", "handtekening"}:
            shorter = self._without_checksum()
            if shorter is not None:
                return shorter
        document = self._document
        return _dumps({key: value for key, value in document.items() if key not in drop})

    def _without_signature(self) -> str:
        """What the signature is made over: the document in one call of the encoder
        (written in C), made once for both uses."""
        if self._signed is None:
            document = self._document
            self._signed = _dumps({k: v for k, v in document.items() if k != "handtekening"})
        return self._signed

    def _without_checksum(self) -> str | None:
        """What the checksum is made over: the same text without its top-level
        ``"sha256":...``. Taken out only when it occurs once (then it is the top-level
        one: inside a string a quote is always escaped); else None, and the caller
        encodes anew."""
        document = self._document
        if "sha256" not in document:
            return self._without_signature()
        whole = self._without_signature()
        piece = '"sha256":' + _dumps(document["sha256"])
        if whole.count(piece) != 1:
            return None
        at = whole.index(piece)
        end = at + len(piece)
        if whole[end] == ",":  # a key after it: take the comma that follows
            return whole[:at] + whole[end + 1 :]
        if whole[at - 1] == ",":  # the last key: take the comma before it
            return whole[: at - 1] + whole[end:]
        return whole[:at] + whole[end:]  # the only key
