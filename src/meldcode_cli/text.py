"""Text that is safe to show: no control characters or terminal escape sequences."""

from __future__ import annotations

import re

UNSAFE_CHARACTERS = re.compile(
    # Control characters, line and paragraph separators, bidi overrides and isolates, and
    # lone surrogates (text that cannot be written as UTF-8).
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_ASCII_NUMBER = re.compile(r"[0-9]+")


def is_number(text: str) -> bool:
    """Only ASCII digits: ``str.isdigit`` also accepts '²', which ``int()`` refuses."""
    return _ASCII_NUMBER.fullmatch(text) is not None


def safe_text(text: str) -> str:
    """Replace control characters (ESC, NUL, bidi overrides…) with a visible ``\\uXXXX``."""
    return UNSAFE_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def short_code(entry_id: str) -> str:
    """The code a practitioner types for an entry: the random last part of its id."""
    return entry_id.rsplit("-", 1)[-1]
