"""A dossier entry: the JSON document a program reads and the Markdown a person reads."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from meldcode_cli import __version__
from meldcode_cli.dossier.canonical import Canonical
from meldcode_cli.dossier.sleutel import Sleutel
from meldcode_cli.protocol import afwegingskader as kader
from meldcode_cli.protocol.afwegingskader import Besluit
from meldcode_cli.protocol.model import Answers, Field, Group, Kind, ListOf, Node, format_date
from meldcode_cli.protocol.procedure import Outcome, Vervolg, vervolg_lines
from meldcode_cli.protocol.questions import steps_for
from meldcode_cli.protocol.uitkomsten import SOORT_TITEL, Soort
from meldcode_cli.protocol.vervolg import VeiligThuisVervolg, follow_up_steps
from meldcode_cli.text import markdown_literal

SCHEMA_VERSION = 1


def besluit_document(besluit: Outcome) -> dict[str, Any]:
    if isinstance(besluit, VeiligThuisVervolg):
        return {
            "uitkomst": besluit.uitkomst.value,
            "titel": besluit.titel,
            "redenen": list(besluit.redenen),
            "laatste_afweging": None,
            "samen_met_veilig_thuis": False,
            "waarschuwingen": list(besluit.waarschuwingen),
        }
    return {
        "uitkomst": besluit.uitkomst.value,
        "titel": besluit.titel,
        "redenen": list(besluit.redenen),
        "laatste_afweging": besluit.laatste_afweging,
        "samen_met_veilig_thuis": besluit.samen_met_veilig_thuis,
        "waarschuwingen": list(besluit.waarschuwingen),
        "melding_gedaan_op": jsonable(besluit.melding_gedaan_op),
    }


def jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def canonical_sha256(document: Mapping[str, Any], canonical: Canonical | None = None) -> str:
    """SHA-256 over the document without its own ``sha256`` field (and its signature,
    which is made over the document with that field), in canonical JSON."""
    data = (canonical or Canonical(document)).without("sha256", "handtekening")
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def build_document(
    *,
    entry_id: str,
    answers: Answers,
    besluit: Outcome,
    vervolg: Vervolg,
    created: datetime,
    markdown: str,
    soort: Soort = Soort.START,
    referentie: str | None = None,
    vervolg_op: str | None = None,
    door: dict[str, Any] | None = None,
    vorige: str | None = None,
    ook_vorige: tuple[str, ...] = (),
    sleutel: Sleutel | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_versie": SCHEMA_VERSION,
        "id": entry_id,
        "soort": soort.value,
        "aangemaakt": created.isoformat(timespec="seconds"),
        "datum": created.date().isoformat(),
        "referentie": referentie or answers["casus"]["referentie"],
        "tool": {"naam": "meldcode", "versie": __version__},
        "kader": {"id": besluit.kader.id, "naam": besluit.kader.naam, "bron": besluit.kader.bron},
        "vervolg_op": vervolg_op,
        "vastgelegd_door": door,  # from the practitioner's profile; None without one
        "antwoorden": jsonable(answers),
        "besluit": besluit_document(besluit),
        "vervolg": {
            "evaluatie_op": jsonable(vervolg.evaluatie_op),
            "veilig_thuis_terugbellen_uiterlijk": jsonable(vervolg.terugbellen_uiterlijk),
            "melden_op": jsonable(vervolg.melden_op),
            "opnieuw_doorlopen": vervolg.opnieuw_doorlopen,
        },
        "markdown_sha256": hashlib.sha256(markdown.encode("utf-8")).hexdigest(),
        # The digest of the case's previous entry: removing or editing it breaks the chain.
        "vorige": vorige,
    }
    if ook_vorige:  # the case had split (two devices): this entry joins every line
        document["ook_vorige"] = list(ook_vorige)
    document["sha256"] = canonical_sha256(document)
    if sleutel is not None:
        document["handtekening"] = sleutel.handtekening(document)
    return document


@dataclass(frozen=True)
class ComposedEntry:
    id: str
    markdown: str
    document: dict[str, Any]


def compose_entry(
    *,
    answers: Answers,
    besluit: Outcome,
    vervolg: Vervolg,
    created: datetime,
    soort: Soort = Soort.START,
    referentie: str | None = None,
    vervolg_op: str | None = None,
    door: dict[str, Any] | None = None,
    vorige: str | None = None,
    ook_vorige: tuple[str, ...] = (),
    sleutel: Sleutel | None = None,
) -> ComposedEntry:
    """An entry's id, its Markdown and its JSON document, ready to be written."""
    from meldcode_cli.dossier.store import new_entry_id
    from meldcode_cli.protocol.validate import recorded

    reference = referentie or answers["casus"]["referentie"]
    entry_id = new_entry_id(reference, created)
    facts: dict[str, Any] = {
        "entry_id": entry_id,
        "answers": answers,
        "besluit": besluit,
        "vervolg": vervolg,
        "created": created,
        "soort": soort,
        "referentie": reference,
        "vervolg_op": vervolg_op,
        "door": door,
    }
    markdown = render_markdown(**facts)
    # Derived answers that only steer which questions come stay out of the record.
    facts["answers"] = recorded(answers)
    document = build_document(
        **facts, markdown=markdown, vorige=vorige, ook_vorige=ook_vorige, sleutel=sleutel
    )
    return ComposedEntry(entry_id, markdown, document)


# --------------------------------------------------------------------------- Markdown


# Characters that make Markdown anywhere in a line (links, images, HTML, emphasis, code,
# entities), and what makes a block at the start of a line (headings are covered by '#').
_md = markdown_literal


def _value(fld: Field, value: Any) -> str:
    if fld.kind is Kind.DATE and isinstance(value, date):
        return format_date(value)
    if fld.kind is Kind.CHOICE:
        return _md(fld.choice_label(str(value)))
    if fld.kind is Kind.MULTI and isinstance(value, list):
        return ", ".join(_md(fld.choice_label(str(v))) for v in value)
    return _md(str(value))


def _render_node(
    node: Node, value: Any, lines: list[str], level: int, answers: Mapping[str, Any]
) -> None:
    if isinstance(node, Field | ListOf) and value in (None, []):
        # A question asked today but left out of an answers file of an earlier version.
        asked = node.required and (node.when is None or node.when.holds(answers))
        derived = isinstance(node, Field) and (node.computed is not None or not node.stored)
        if asked and not derived:
            lines.append(f"- **{node.title}:** Niet beantwoord.")
        return
    if isinstance(node, Field):
        if node.quote:
            lines += ["", f"> {_md(node.label)}", ""]
        lines.append(f"- **{node.title}:** {_value(node, value)}")
        return
    if isinstance(node, ListOf):
        if not isinstance(value, list):
            return
        # A bullet of its own with the items nested below it: what follows the list stays
        # in the list of its step, not under a heading of the list.
        lines.append(f"- **{node.title}:**")
        for index, item in enumerate(value, start=1):
            lines.append(f"  {index}. {node.noun.capitalize()} {index}")
            for child in node.item.children:
                if isinstance(child, Field) and isinstance(item, Mapping) and child.key in item:
                    lines.append(f"     - **{child.title}:** {_value(child, item[child.key])}")
        return
    if not isinstance(value, Mapping):
        return
    lines.append("")
    lines.append(f"{'#' * level} {node.title}")
    lines.append("")
    for child in node.children:
        _render_node(child, value.get(child.key), lines, level + 1, answers)


_KORT = {
    kader.Uitkomst.AFSLUITEN: "afsluiten",
    kader.Uitkomst.MELDEN: "melden",
    kader.Uitkomst.HULP_BIEDEN: "hulp bieden",
    kader.Uitkomst.OPNIEUW_MELDEN: "opnieuw melden",
    kader.Uitkomst.HULP_AFSLUITEN: "hulp afsluiten",
}


def _span(first: int, last: int) -> str:
    if first == last:
        return f"Afweging {first}"
    return f"Afweging {first} en {last}" if last == first + 1 else f"Afweging {first} t/m {last}"


def _render_afwegingen(afwegingen: Mapping[str, Any], besluit: Outcome, lines: list[str]) -> None:
    for item in besluit.kader.afwegingen:
        answer = afwegingen.get(str(item.nummer))
        if not isinstance(answer, Mapping):
            # The rest was not reached: one line, not a block per afweging.
            last = besluit.kader.afwegingen[-1].nummer
            span = _span(item.nummer, last)
            if isinstance(besluit, Besluit):
                why = f"{_KORT[besluit.uitkomst]} na afweging {besluit.laatste_afweging}"
                twee = afwegingen.get("2")
                if (
                    besluit.melden
                    and besluit.laatste_afweging == 2
                    and isinstance(twee, Mapping)
                    and twee.get("antwoord") == "nee"
                ):
                    why = "melden op grond van disclosure"  # afweging 2 itself was nee
                if besluit.samen_met_veilig_thuis and item.nummer >= 3:
                    # Seed 001: "De afwegingen 3 t/m 5 worden samen met Veilig Thuis
                    # doorlopen": still to come when this entry is written.
                    lines += ["", f"{span}: worden samen met Veilig Thuis doorlopen ({why})."]
                else:
                    lines += ["", f"{span}: niet aan de orde ({why})."]
            else:
                lines += ["", f"{span}: niet aan de orde."]
            return
        lines += ["", f"### Afweging {item.nummer}", "", f"> {item.vraag}", ""]
        if item.nummer == 2:
            for key, label in (
                ("acute_onveiligheid", "Acute onveiligheid"),
                ("structurele_onveiligheid", "Structurele onveiligheid"),
            ):
                if key in answer:
                    lines.append(f"- **{label}:** {answer[key]}")
        antwoord = answer.get("antwoord")
        if antwoord == kader.OPEN:
            lines.append("- **Antwoord:** nog open")
            if isinstance(answer.get("evaluatie_op"), date):
                lines.append(f"- **Evalueren op:** {format_date(answer['evaluatie_op'])}")
        elif antwoord in ("ja", "nee"):
            gevolg = item.ja if antwoord == "ja" else item.nee
            lines.append(f"- **Antwoord:** {antwoord} — {gevolg}")
        if answer.get("afspraken"):
            lines.append(f"- **Afspraken:** {_md(answer['afspraken'])}")
        if answer.get("toelichting"):
            lines.append(f"- **Toelichting:** {_md(answer['toelichting'])}")
        if item.nummer == 2 and answer.get("disclosure") in ("ja", "nee"):
            lines += [
                "",
                "### Disclosure",
                "",
                "> Heeft iemand zichzelf bij mij gemeld? Een eigen grond om te melden, los van"
                " afweging 2.",
                "",
                f"- **Antwoord:** {answer['disclosure']}",
            ]


def render_markdown(
    *,
    entry_id: str,
    answers: Answers,
    besluit: Outcome,
    vervolg: Vervolg,
    created: datetime,
    soort: Soort = Soort.START,
    referentie: str | None = None,
    vervolg_op: str | None = None,
    preview: bool = False,
    door: dict[str, Any] | None = None,
) -> str:
    """The entry for people. ``preview``: before saving, with no id and no moment yet."""
    reference = referentie or answers["casus"]["referentie"]
    title = "Meldcode" if soort is Soort.START else SOORT_TITEL[soort]
    lines = [f"# {title} — casus {_md(reference)}", ""]
    if preview:
        lines.append(
            "- **Nog niet opgeslagen.** Bij opslaan worden datum, tijd en nummer vastgelegd."
        )
    else:
        lines += [
            f"- **Vastgelegd op:** {format_date(created.date())} om {created:%H:%M}",
            f"- **Dossierstuk:** {entry_id}",
        ]
    if door:
        wie = ", ".join(_md(str(door[k])) for k in ("naam", "beroep", "registratie") if door.get(k))
        lines.append(f"- **Vastgelegd door:** {wie}")
    else:  # said, not left out: who recorded it is not known from the entry
        lines.append("- **Vastgelegd door:** (vastgelegd zonder profiel)")
    if vervolg_op:
        lines.append(f"- **Vervolg op:** {vervolg_op}")
    lines += [f"- **Afwegingskader:** {besluit.kader.bron}", f"- **Besluit:** {besluit.titel}"]
    if soort in (Soort.START, Soort.OPNIEUW):
        steps = steps_for(besluit.kader)
    else:
        steps = follow_up_steps(soort, besluit.kader)
    for step in steps:
        lines += ["", f"## {step.title}", ""]
        for node in step.nodes:
            if isinstance(node, Group) and node.key == "afwegingen":
                _render_afwegingen(answers.get("afwegingen", {}), besluit, lines)
            elif isinstance(node, Group) and len(step.nodes) == 1:
                # The step heading already names this group: show its contents directly.
                value = answers.get(node.key, {})
                lines.append("")
                if node.when is not None and not node.when.holds(answers):
                    lines.append("Niet aan de orde.")
                elif not value:  # e.g. asked only since a later version: said plainly
                    lines.append("Niet beantwoord.")
                else:
                    for child in node.children:
                        _render_node(child, value.get(child.key), lines, 3, answers)
            else:
                _render_node(node, answers.get(node.key), lines, 3, answers)
    lines += ["", "## Besluit", "", f"**{besluit.titel}**", "", "Redenen:", ""]
    lines += [f"- {_md(reden)}" for reden in besluit.redenen]
    for waarschuwing in besluit.waarschuwingen:
        lines += ["", f"**Let op:** {_md(waarschuwing)}"]
    lines += ["", "## Vervolg", ""]
    lines += vervolg_lines(besluit, vervolg, answers, saved=not preview)
    text = "\n".join(lines).rstrip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)  # one blank line between blocks, never two


def render_sheet_markdown(
    referentie: str,
    entry_id: str,
    sheet: Any,
    earlier: tuple[str, ...] = (),
    stand: list[str] | None = None,
    melder: list[str] | None = None,
    *,
    advies: bool = False,
) -> str:
    """The melding sheet (``protocol.melding``) as Markdown: every answer as literal text."""
    from meldcode_cli.protocol.melding import (
        ADVIES_OVERLEG,
        AFSPRAKEN_OVER,
        PERSOONSGEGEVENS,
        TELEFOON,
    )

    title = "Advies van Veilig Thuis" if advies else "Melding bij Veilig Thuis"
    lines = [
        f"# {title} — casus {_md(referentie)}",
        "",
        f"- **Veilig Thuis:** {TELEFOON} (gratis, dag en nacht bereikbaar)",
        f"- **Uit dossierstuk:** {entry_id}",
    ]
    if earlier:
        lines.append(f"- **En de eerdere dossierstukken:** {_md(', '.join(earlier))}")
    if stand:
        lines += ["", "## Stand van de melding", ""]
        lines += [f"- {_md(line)}" for line in stand]
    if melder:
        lines += ["", "## Melder", ""]
        lines += [f"- {_md(line)}" for line in melder]
    if not advies:
        lines += ["", "## Let op", "", f"- {_md(PERSOONSGEGEVENS)}"]
    lines += ["", "## Wat Veilig Thuis vraagt"]
    for item in sheet:
        lines += ["", f"### {_md(item.vraag)}", ""]
        lines += [f"- {_md(line)}" for line in item.antwoord]
    if advies:
        lines += ["", "## Veilig Thuis overlegt met je over", ""]
        lines += [f"- [ ] {_md(punt)}" for punt in ADVIES_OVERLEG]
    else:
        lines += ["", "## Afspraken maken over", ""]
        lines += [f"- [ ] {_md(punt)}" for punt in AFSPRAKEN_OVER]
    return "\n".join(lines) + "\n"
