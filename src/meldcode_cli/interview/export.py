"""Exporting for the client file: which entries (one, or a case's timeline, oldest
first), read back as the record they are (their own Markdown, checked against the digest
the entry holds), rendered as HTML or PDF and written as a new private file."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from meldcode_cli.errors import DossierError, UsageError
from meldcode_cli.text import safe_text

if TYPE_CHECKING:
    from meldcode_cli.dossier.export import Part

if TYPE_CHECKING:
    from meldcode_cli.dossier.reader import Scan, Summary


# A PDF of this much text takes a few seconds; a case of ten ordinary entries is about a
# tenth of it.
MAX_PDF_CHARS = 150_000


def export(result: Scan, chosen: list[Summary], output: Path, pdf: bool, today: date) -> list[str]:
    """Write the export of ``chosen``; return the ids written into it."""
    from meldcode_cli.dossier.export import Part, render_html, render_pdf, write_export
    from meldcode_cli.dossier.reader import NotAnEntry
    from meldcode_cli.files import os_reason

    result.refuse_plain_copy_inside(output)
    parts: list[Part] = []
    links: dict[str, tuple[str | None, str | None]] = {}  # id: (own digest, previous)
    for entry in sorted(chosen, key=lambda e: (e.aangemaakt, e.id)):
        result.require_sound(entry, "exporteren")
    for entry in sorted(chosen, key=lambda e: (e.aangemaakt, e.id)):
        try:
            document = result.document(entry)
        except NotAnEntry as exc:
            raise DossierError(f"{entry.id}.json: {exc}.") from None
        try:
            data = result.markdown(entry)
        except NotAnEntry as exc:
            raise DossierError(f"{entry.id}.md: {exc}.") from None
        except OSError as exc:
            raise DossierError(f"{entry.id}.md: {os_reason(exc)}.") from None
        if document.get("markdown_sha256") != hashlib.sha256(data).hexdigest():
            raise DossierError(
                f"{entry.id}: het Markdown-bestand komt niet overeen met het dossierstuk;"
                " er is niets geëxporteerd.",
                hint="Kijk na wat er veranderd is met: meldcode dossier controleer",
            )
        try:
            parts.append(Part(entry.id, data.decode("utf-8")))
        except UnicodeDecodeError:
            raise DossierError(f"{entry.id}.md is geen UTF-8.") from None
        digest, vorige = document.get("sha256"), document.get("vorige")
        links[entry.id] = (
            digest if isinstance(digest, str) else None,
            vorige if isinstance(vorige, str) else None,
        )
    parts = _in_case_order(parts, links)
    referentie = chosen[0].referentie
    if pdf:
        size = sum(len(part.markdown) for part in parts)
        if size > MAX_PDF_CHARS:  # the PDF's line breaking costs about 20 µs a character
            raise UsageError(
                f"Te veel tekst voor een PDF ({size} tekens; hoogstens {MAX_PDF_CHARS}). Er is"
                " niets geschreven.",
                hint="Maak een HTML-export met --html (die heeft geen grens), of exporteer de"
                " dossierstukken een voor een.",
            )
        content = render_pdf(referentie, parts, today)
    else:
        content = render_html(referentie, parts, today).encode("utf-8")
    try:
        write_export(output, content)
    except FileExistsError:
        raise UsageError(
            f"{safe_text(str(output))} bestaat al; ik overschrijf het niet. Kies een andere naam."
        ) from None
    except OSError as exc:
        raise UsageError(
            f"{safe_text(str(output))} kan niet worden aangemaakt: {os_reason(exc)}."
        ) from None
    return [p.entry_id for p in parts]


def _in_case_order(
    parts: list[Part], links: dict[str, tuple[str | None, str | None]]
) -> list[Part]:
    """Oldest first along the case's chain (entries of one second have no order by time);
    what the chain does not order keeps the order of time."""
    by_digest = {own: p for p in parts if (own := links[p.entry_id][0]) is not None}
    after: dict[str, list[Part]] = {}
    starts: list[Part] = []
    for part in parts:
        vorige = links[part.entry_id][1]
        if vorige is not None and vorige in by_digest:
            after.setdefault(vorige, []).append(part)
        else:
            starts.append(part)
    ordered: list[Part] = []
    todo = list(reversed(starts))
    while todo:
        part = todo.pop()
        ordered.append(part)
        own = links[part.entry_id][0]
        todo.extend(reversed(after.get(own, []) if own else []))
    return ordered
