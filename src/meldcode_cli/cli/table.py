"""Tables for the screen and for a pipe: each column as wide as its content, the least
important columns giving way on a narrow screen, and a date, a kenmerk or a code never
broken.

A cell is a row of pieces that are never broken themselves ("Hulp", "bieden"; a whole
kenmerk; a date). A cell wraps only between its pieces, and only in a column that may
wrap. A column that may stand alone (the kenmerk) goes on a line of its own above its
row when the table is too wide with it; then the least important columns give way.
When even that does not fit, every row is shown as a block instead: its first cell on a
line, then each other cell after its column's title.

No rich here: a table of a hundred rows took rich longer than reading the whole dossier.
Colour is added by the caller's ``paint``, around text whose width is already known.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple

GAP = "  "


class Column(NamedTuple):
    title: str
    rank: int = 0  # 0: always shown; the highest gives way first on a narrow screen
    wrap: bool = False  # may the cell wrap between its pieces
    alone: bool = False  # may stand on a line of its own above its row, when too wide


class Cell(NamedTuple):
    pieces: tuple[str, ...]
    style: str = ""  # for ``paint``: "" is plain


def cell(text: str, style: str = "", *, split: bool = False) -> Cell:
    """A cell of one unbreakable piece, or with ``split`` of its words (what stands
    between brackets stays together, with what follows it: "(afweging 5)", "(0800-2000):")."""
    if not split:
        return Cell((text,) if text else (), style)
    import re

    return Cell(tuple(re.findall(r"\([^)]*\)\S*|\S+", text)), style)


Paint = Callable[[str, str], str]


def plain(text: str, style: str) -> str:
    return text


def width_of(text: str) -> int:
    """Columns the text takes on a terminal: wide (East Asian) characters take two,
    combining marks and invisible format characters none."""
    if text.isascii():
        return len(text)
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _pad(text: str, width: int) -> str:
    return text + " " * (width - width_of(text))


def _wrap(pieces: Sequence[str], width: int) -> list[str]:
    """The pieces in lines of at most ``width``, broken only between pieces (a piece
    wider than ``width`` stands whole on a line of its own)."""
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and width_of(current) + 1 + width_of(piece) > width:
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        lines.append(current)
    return lines or [""]


def render(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    width: int,
    paint: Paint = plain,
    rule: str = "─",
) -> list[str]:
    """The table as lines of at most ``width`` columns (a single piece wider than the
    screen excepted: it is never broken)."""
    count = len(columns)
    natural = [width_of(column.title) for column in columns]
    least = natural[:]
    for row in rows:
        for at, item in enumerate(row):
            if not item.pieces:
                continue
            whole = width_of(" ".join(item.pieces))
            natural[at] = max(natural[at], whole)
            if columns[at].wrap:
                least[at] = max(least[at], max(width_of(piece) for piece in item.pieces))
            else:
                least[at] = max(least[at], whole)
    indent = ""

    def total(widths: list[int], shown: list[int]) -> int:
        return sum(widths[at] for at in shown) + len(GAP) * (len(shown) - 1)

    def fitted(shown: list[int], room: int) -> list[int] | None:
        """The columns that fit at their narrowest: the least important give way first
        (of equals, the rightmost); None when even the essential ones do not fit."""
        shown = shown[:]
        while total(least, shown) > room:
            optional = [at for at in shown if columns[at].rank > 0]
            if not optional:
                return None
            shown.remove(max(optional, key=lambda at: (columns[at].rank, at)))
        return shown

    every = list(range(count))
    alone = [at for at in every if columns[at].alone]
    found = fitted(every, width)
    if found is None and alone:  # the kenmerk on a line of its own, the rest under it
        indent = GAP
        width -= len(indent)
        found = fitted([at for at in every if at not in alone], width)
    if found is None:
        return _blocks(columns, rows, width + len(indent), paint)
    shown = found
    widths = natural[:]
    while total(widths, shown) > width:
        slack = [at for at in shown if widths[at] > least[at]]
        widest = max(slack, key=lambda at: (widths[at] - least[at], at))
        widths[widest] -= min(widths[widest] - least[widest], total(widths, shown) - width)
    # A wrapped column takes only what its lines take; what that frees goes to another
    # wrapped column that then fits whole.
    for at in shown:
        if columns[at].wrap and widths[at] < natural[at]:
            widths[at] = max(
                [width_of(columns[at].title)]
                + [width_of(part) for row in rows for part in _wrap(row[at].pieces, widths[at])]
            )
    for at in sorted(shown, key=lambda at: natural[at] - widths[at]):
        if natural[at] > widths[at] and total(widths, shown) + natural[at] - widths[at] <= width:
            widths[at] = natural[at]
    standing = [at for at in alone if at not in shown]
    lines = [" / ".join(columns[at].title for at in standing)] if standing else []
    lines += [
        indent + GAP.join(_pad(columns[at].title, widths[at]) for at in shown).rstrip(),
        rule * min(width, total(widths, shown)) + rule * len(indent),
    ]
    for row in rows:
        for at in standing:
            lines.append(paint(" ".join(row[at].pieces), row[at].style))
        wrapped = {
            at: _wrap(row[at].pieces, widths[at])
            if columns[at].wrap
            else [" ".join(row[at].pieces)]
            for at in shown
        }
        height = max(len(parts) for parts in wrapped.values())
        for line in range(height):
            texts = []
            for at in shown:
                parts = wrapped[at]
                text = parts[line] if line < len(parts) else ""
                padded = " " * (widths[at] - width_of(text))
                texts.append((paint(text, row[at].style) if text else "") + padded)
            lines.append((indent + GAP.join(texts)).rstrip())
    return lines


def _blocks(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int, paint: Paint
) -> list[str]:
    """Each row as a block: the first cell, then every other cell after its title (or,
    when that line would be too wide, under it)."""
    indent = "    "
    lines: list[str] = []
    for row in rows:
        if lines:
            lines.append("")
        lines.append(paint(" ".join(row[0].pieces), row[0].style))
        for column, item in zip(columns[1:], row[1:], strict=True):
            if not item.pieces:
                continue
            label = f"  {column.title}: "
            whole = " ".join(item.pieces)
            if width_of(label) + width_of(whole) <= width:
                lines.append(label + paint(whole, item.style))
                continue
            lines.append(label.rstrip())
            for part in _wrap(item.pieces, width - len(indent)):
                lines.append(indent + paint(part, item.style))
    return lines
