"""A dossier entry: the JSON document a program reads and the Markdown a person reads."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from meldcode_cli import __version__
from meldcode_cli.protocol import afwegingskader as kader
from meldcode_cli.protocol.afwegingskader import Besluit
from meldcode_cli.protocol.model import Answers, Field, Group, Kind, ListOf, Node, format_date
from meldcode_cli.protocol.questions import STEPS
from meldcode_cli.protocol.vervolg import (
    SOORT_TITEL,
    STEPS_BY_SOORT,
    Soort,
    VeiligThuisVervolg,
    VervolgUitkomst,
)
from meldcode_cli.text import safe_text

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Vervolg:
    """Follow-up dates that come with a decision."""

    evaluatie_op: date | None = None
    terugbellen_uiterlijk: date | None = None


Outcome = Besluit | VeiligThuisVervolg


def vervolg_for(besluit: Outcome, today: date, melding_datum: date | None = None) -> Vervolg:
    """Follow-up dates: the evaluation, and Veilig Thuis's call-back after a melding."""
    from meldcode_cli.protocol.werkdagen import add_working_days

    if isinstance(besluit, VeiligThuisVervolg):
        if besluit.uitkomst is VervolgUitkomst.WACHT and melding_datum is not None:
            return Vervolg(None, add_working_days(melding_datum, kader.TERUGBEL_WERKDAGEN))
        return Vervolg()
    terugbellen = None
    if besluit.melden:
        terugbellen = add_working_days(today, kader.TERUGBEL_WERKDAGEN)
    return Vervolg(besluit.evaluatie_op, terugbellen)


def besluit_document(besluit: Outcome) -> dict[str, Any]:
    if isinstance(besluit, VeiligThuisVervolg):
        return {
            "uitkomst": besluit.uitkomst.value,
            "titel": besluit.titel,
            "redenen": list(besluit.redenen),
            "laatste_afweging": None,
            "samen_met_veilig_thuis": False,
            "waarschuwingen": [],
        }
    return {
        "uitkomst": besluit.uitkomst.value,
        "titel": besluit.titel,
        "redenen": list(besluit.redenen),
        "laatste_afweging": besluit.laatste_afweging,
        "samen_met_veilig_thuis": besluit.samen_met_veilig_thuis,
        "waarschuwingen": list(besluit.waarschuwingen),
    }


def jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def canonical_sha256(document: Mapping[str, Any]) -> str:
    """SHA-256 over the document without its own ``sha256`` field, in canonical JSON."""
    body = {k: v for k, v in document.items() if k != "sha256"}
    data = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
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
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_versie": SCHEMA_VERSION,
        "id": entry_id,
        "soort": soort.value,
        "aangemaakt": created.isoformat(timespec="seconds"),
        "datum": created.date().isoformat(),
        "referentie": referentie or answers["casus"]["referentie"],
        "tool": {"naam": "meldcode", "versie": __version__},
        "kader": {"id": kader.KADER_ID, "naam": kader.KADER_NAAM, "bron": kader.KADER_BRON},
        "vervolg_op": vervolg_op,
        "antwoorden": jsonable(answers),
        "besluit": besluit_document(besluit),
        "vervolg": {
            "evaluatie_op": jsonable(vervolg.evaluatie_op),
            "veilig_thuis_terugbellen_uiterlijk": jsonable(vervolg.terugbellen_uiterlijk),
        },
        "markdown_sha256": hashlib.sha256(markdown.encode("utf-8")).hexdigest(),
    }
    document["sha256"] = canonical_sha256(document)
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
) -> ComposedEntry:
    """An entry's id, its Markdown and its JSON document, ready to be written."""
    from meldcode_cli.dossier.store import new_entry_id

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
    }
    markdown = render_markdown(**facts)
    return ComposedEntry(entry_id, markdown, build_document(**facts, markdown=markdown))


# --------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Free text for Markdown: control characters made visible, lines kept as lines."""
    return safe_text(text).replace("\n", "  \n")


def _value(fld: Field, value: Any) -> str:
    if fld.kind is Kind.DATE and isinstance(value, date):
        return format_date(value)
    if fld.kind is Kind.CHOICE:
        return _md(fld.choice_label(str(value)))
    if fld.kind is Kind.MULTI and isinstance(value, list):
        return ", ".join(_md(fld.choice_label(str(v))) for v in value)
    return _md(str(value))


def _render_node(node: Node, value: Any, lines: list[str], level: int) -> None:
    if isinstance(node, Field):
        if value is not None:
            lines.append(f"- **{node.title}:** {_value(node, value)}")
        return
    if isinstance(node, ListOf):
        if not isinstance(value, list) or not value:
            return
        lines.append("")
        lines.append(f"{'#' * level} {node.title}")
        lines.append("")
        for index, item in enumerate(value, start=1):
            lines.append(f"{index}. {node.noun.capitalize()} {index}")
            for child in node.item.children:
                if isinstance(child, Field) and isinstance(item, Mapping) and child.key in item:
                    lines.append(f"   - **{child.title}:** {_value(child, item[child.key])}")
        return
    if not isinstance(value, Mapping):
        return
    lines.append("")
    lines.append(f"{'#' * level} {node.title}")
    lines.append("")
    for child in node.children:
        _render_node(child, value.get(child.key), lines, level + 1)


def _render_afwegingen(afwegingen: Mapping[str, Any], besluit: Outcome, lines: list[str]) -> None:
    samen = isinstance(besluit, Besluit) and besluit.samen_met_veilig_thuis
    for item in kader.AFWEGINGEN:
        answer = afwegingen.get(str(item.nummer))
        lines.append("")
        lines.append(f"### Afweging {item.nummer}")
        lines.append("")
        lines.append(f"> {item.vraag}")
        lines.append("")
        if not isinstance(answer, Mapping):
            if samen and item.nummer >= 3:
                lines.append(
                    "Wordt samen met Veilig Thuis doorlopen (afweging 2 is met ja beantwoord)."
                )
            else:
                lines.append("Niet aan de orde door een eerder antwoord.")
            continue
        if item.nummer == 2:
            for key, label in (
                ("acute_onveiligheid", "Acute onveiligheid"),
                ("structurele_onveiligheid", "Structurele onveiligheid"),
                ("disclosure", "Disclosure"),
            ):
                if key in answer:
                    lines.append(f"- **{label}:** {answer[key]}")
        antwoord = answer.get("antwoord")
        if antwoord == kader.OPEN:
            lines.append("- **Antwoord:** nog open")
            if isinstance(answer.get("evaluatie_op"), date):
                lines.append(f"- **Evalueren op:** {format_date(answer['evaluatie_op'])}")
            if answer.get("afspraken"):
                lines.append(f"- **Afspraken over de hulp:** {_md(answer['afspraken'])}")
        elif antwoord in ("ja", "nee"):
            gevolg = item.ja if antwoord == "ja" else item.nee
            lines.append(f"- **Antwoord:** {antwoord} — {gevolg}")
        if answer.get("toelichting"):
            lines.append(f"- **Toelichting:** {_md(answer['toelichting'])}")


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
) -> str:
    reference = referentie or answers["casus"]["referentie"]
    title = "Meldcode" if soort is Soort.START else SOORT_TITEL[soort]
    lines = [
        f"# {title} — casus {_md(reference)}",
        "",
        f"- **Vastgelegd op:** {format_date(created.date())} om {created:%H:%M}",
        f"- **Dossierstuk:** {entry_id}",
    ]
    if vervolg_op:
        lines.append(f"- **Vervolg op:** {vervolg_op}")
    lines += [f"- **Afwegingskader:** {kader.KADER_BRON}", f"- **Besluit:** {besluit.titel}"]
    steps = STEPS if soort in (Soort.START, Soort.OPNIEUW) else STEPS_BY_SOORT[soort]
    for step in steps:
        lines.append("")
        lines.append(f"## {step.title}")
        for node in step.nodes:
            if isinstance(node, Group) and node.key == "afwegingen":
                _render_afwegingen(answers.get("afwegingen", {}), besluit, lines)
            elif isinstance(node, Group) and len(step.nodes) == 1:
                # The step heading already names this group: show its contents directly.
                value = answers.get(node.key, {})
                lines.append("")
                for child in node.children:
                    _render_node(child, value.get(child.key), lines, 3)
            else:
                _render_node(node, answers.get(node.key), lines, 3)
    lines += ["", "## Besluit", "", f"**{besluit.titel}**", "", "Redenen:", ""]
    lines += [f"- {_md(reden)}" for reden in besluit.redenen]
    for waarschuwing in besluit.waarschuwingen:
        lines += ["", f"**Let op:** {_md(waarschuwing)}"]
    lines += ["", "## Vervolg", ""]
    lines += vervolg_lines(besluit, vervolg)
    return "\n".join(lines).rstrip() + "\n"


def vervolg_lines(besluit: Outcome, vervolg: Vervolg) -> list[str]:
    """What the practitioner must do next; shared by the screen and the Markdown entry."""
    lines: list[str] = []
    if isinstance(besluit, VeiligThuisVervolg):
        if besluit.uitkomst is VervolgUitkomst.WACHT and vervolg.terugbellen_uiterlijk:
            lines.append(
                "- Veilig Thuis neemt binnen vijf werkdagen na de melding contact met je op:"
                f" uiterlijk op {format_date(vervolg.terugbellen_uiterlijk)}. Bel zelf"
                f" ({kader.VEILIG_THUIS_TELEFOON}) als dat niet gebeurt."
            )
        elif besluit.uitkomst is VervolgUitkomst.NIET_GEMELD:
            lines.append(
                f"- Meld alsnog bij Veilig Thuis ({kader.VEILIG_THUIS_TELEFOON}), of doorloop de"
                " meldcode opnieuw als de situatie veranderd is."
            )
        else:
            lines.append("- Volg de afspraken met Veilig Thuis. Blijf betrokken en alert.")
        return lines
    if besluit.melden:
        lines.append(
            f"- Meld bij Veilig Thuis: {kader.VEILIG_THUIS_TELEFOON} (gratis, dag en nacht"
            " bereikbaar). Bij een melding geef je je contactgegevens."
        )
        lines.append(
            "- Vertel de cliënt over de melding, tenzij dat de veiligheid van de cliënt, van"
            " jou of van een ander in gevaar brengt."
        )
        if vervolg.terugbellen_uiterlijk:
            lines.append(
                "- Veilig Thuis neemt binnen vijf werkdagen contact met je op: uiterlijk op"
                f" {format_date(vervolg.terugbellen_uiterlijk)} als je vandaag meldt."
            )
        if besluit.samen_met_veilig_thuis:
            lines.append("- Doorloop de afwegingen 3 tot en met 5 samen met Veilig Thuis.")
    if vervolg.evaluatie_op:
        lines.append(
            f"- Evalueer op {format_date(vervolg.evaluatie_op)} of de hulp tot stabiele"
            " veiligheid leidt (afweging 5)."
        )
    if besluit.uitkomst is kader.Uitkomst.AFSLUITEN:
        lines.append("- Geen vervolg nodig. Dit besluit is vastgelegd in het dossier.")
    if besluit.uitkomst is kader.Uitkomst.HULP_AFSLUITEN:
        lines.append(
            "- Maak afspraken met betrokkenen en samenwerkingspartners over het volgen van"
            " toekomstige (on)veiligheid."
        )
    return lines
