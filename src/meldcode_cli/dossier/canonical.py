"""A document's canonical JSON: sorted keys, no spaces, text as it is. The checksum is
made over the document without ``sha256`` and ``handtekening``, the signature over it
without ``handtekening``; both are built here from one serialisation of each top-level
value, so that checking 10,000 entries does not serialise each twice.

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
        self._pieces = {key: f"{_dumps(key)}:{_dumps(value)}" for key, value in document.items()}
        self._order = sorted(self._pieces)

    def without(self, *keys: str) -> str:
        """The canonical JSON of the document without ``keys``."""
        return "{" + ",".join(self._pieces[k] for k in self._order if k not in keys) + "}"
