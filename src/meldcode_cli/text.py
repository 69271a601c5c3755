"""Text that is safe to show: no control characters or terminal escape sequences."""

from __future__ import annotations

import re

UNSAFE_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def safe_text(text: str) -> str:
    """Replace control characters (ESC, NUL, bidi overrides…) with a visible ``\\uXXXX``."""
    return UNSAFE_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
