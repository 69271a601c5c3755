"""Text that is safe to show: no control characters or terminal escape sequences."""

from __future__ import annotations

import re
from datetime import date

UNSAFE_CHARACTERS = re.compile(
    # Control characters, line and paragraph separators, bidi overrides and isolates, and
    # lone surrogates (text that cannot be written as UTF-8).
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_ASCII_NUMBER = re.compile(r"[0-9]+")


def format_date(value: date) -> str:
    """A date as the meldcode shows it everywhere: dd-mm-jjjj."""
    return value.strftime("%d-%m-%Y")


def is_number(text: str) -> bool:
    """Only ASCII digits: ``str.isdigit`` also accepts '²', which ``int()`` refuses."""
    return _ASCII_NUMBER.fullmatch(text) is not None


def safe_text(text: str) -> str:
    """Replace control characters (ESC, NUL, bidi overrides…) with a visible ``\\uXXXX``."""
    return UNSAFE_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def short_code(entry_id: str) -> str:
    """The code a practitioner types for an entry: the random last part of its id."""
    return entry_id.rsplit("-", 1)[-1]


_MD_INLINE = re.compile(r"([\\`*_\[\]<>#&|~!])")
_MD_BLOCK = re.compile(r"^([ \t]*)([-+=>])", re.MULTILINE)
_MD_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)


def markdown_literal(text: str) -> str:
    """Free text for Markdown, shown as written and never as structure: no heading, list,
    link, image, HTML or code can come from an answer. Control characters are made
    visible; lines stay lines (blank lines fold into one line break). The JSON keeps the
    text exactly as given."""
    text = _MD_INLINE.sub(r"\\\1", safe_text(text))
    text = _MD_NUMBERED.sub(r"\1\\\2", text)
    text = _MD_BLOCK.sub(r"\1\\\2", text)
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n", text.strip("\n"))
    return text.replace("\n", "  \n")
