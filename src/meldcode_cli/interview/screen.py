"""Where a recording talks to the practitioner: the port that `cli/` fills in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console


class Screen(Protocol):
    """Where a recording talks to the practitioner: the conversation, and notices."""

    @property
    def out(self) -> Console: ...

    def warn(self, message: str) -> None: ...
