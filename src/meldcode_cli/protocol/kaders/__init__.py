"""The kaders meldcode knows: one module each, and one line here to register it."""

from __future__ import annotations

from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import cluster_2018, generiek

KADERS: dict[str, Kader] = {k.id: k for k in (cluster_2018.KADER, generiek.KADER)}

DEFAULT: Kader = cluster_2018.KADER  # today's kader, and that of every earlier entry


def known(kader_id: str) -> Kader | None:
    """The kader with this id, or None (an id read from a file is never trusted)."""
    return KADERS.get(kader_id) if isinstance(kader_id, str) else None
