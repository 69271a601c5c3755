"""How a passphrase is asked: the command line sets it (a prompt in the terminal); the
dossier layer uses it when an identity is protected by a passphrase. None: it cannot be
asked here. A module of its own, so that setting it costs nothing at start-up."""

from __future__ import annotations

from collections.abc import Callable

prompt: Callable[[str], str] | None = None
