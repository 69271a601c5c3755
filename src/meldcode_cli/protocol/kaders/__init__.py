"""The kaders meldcode knows: one module each, and one line here to register it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import cluster_2018, generiek

KADERS: dict[str, Kader] = {k.id: k for k in (cluster_2018.KADER, generiek.KADER)}

DEFAULT: Kader = cluster_2018.KADER  # today's kader, for a new case without a profile

# The kader of every stored entry that names none: meldcode 0.1 knew only this one.
BEFORE_KADERS_WERE_RECORDED: Kader = cluster_2018.KADER


def known(kader_id: str) -> Kader | None:
    """The kader with this id, or None (an id read from a file is never trusted)."""
    return KADERS.get(kader_id) if isinstance(kader_id, str) else None


def kader_named(document: Mapping[str, Any]) -> Kader | None:
    """The kader a stored entry was made with, the one policy for every reader: an entry
    without ``kader`` was made before entries named theirs (see
    ``BEFORE_KADERS_WERE_RECORDED``); otherwise it must name a kader this version knows.
    None: it names another, and its wording is never guessed from a kader we have."""
    if "kader" not in document:
        return BEFORE_KADERS_WERE_RECORDED
    stored = document.get("kader")
    kader_id = stored.get("id") if isinstance(stored, Mapping) else None
    return known(kader_id) if isinstance(kader_id, str) else None
