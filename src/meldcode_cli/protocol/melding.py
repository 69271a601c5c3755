"""The melding sheet: what Veilig Thuis asks a melder (seed 004), answered from an entry.

Pure: from a stored entry document (read from disk, so checked value by value) to the
questions in the seed's order, each with the lines the entry holds, and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from meldcode_cli.protocol.afwegingskader import VEILIG_THUIS_TELEFOON
from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import kader_named
from meldcode_cli.protocol.model import Field, Group, ListOf, Node, format_date
from meldcode_cli.protocol.questions import ROOT

if TYPE_CHECKING:
    from meldcode_cli.protocol.profiel import Profiel

NIET_VASTGELEGD = "Niet vastgelegd in het dossierstuk."

# Seed 004: "De medewerker van Veilig Thuis maakt met jou afspraken over:"
AFSPRAKEN_OVER = (
    "de vervolgstappen",
    "de verantwoordelijkheid voor het zicht op veiligheid",
    "de samenwerking tussen jou en Veilig Thuis",
    "de afstemming met de directbetrokkenen",
    "de manier van communiceren",
)


@dataclass(frozen=True)
class Vraag:
    vraag: str
    antwoord: tuple[str, ...]


def _at(document: Mapping[str, Any], *path: str) -> Any:
    node: Any = document.get("antwoorden")
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def _field(path: tuple[str, ...]) -> Field | None:
    node: Node = ROOT
    for key in path:
        if isinstance(node, ListOf):
            node = node.item
        if not isinstance(node, Group):
            return None
        node = next((c for c in node.children if c.key == key), None)  # type: ignore[assignment]
        if node is None:
            return None
    return node if isinstance(node, Field) else None


def _shown(path: tuple[str, ...], value: Any) -> str | None:
    """A stored value as the practitioner saw it; None for nothing or a foreign value."""
    if value is None or isinstance(value, dict | list):
        return None
    fld = _field(path)
    text = str(value)
    if fld is not None and fld.choices:
        return fld.choice_label(text)
    if fld is not None and fld.kind.value == "datum":
        try:
            return format_date(date.fromisoformat(text))
        except ValueError:
            return text
    return text


HERKOMST = "_herkomst"  # a sheet along the chain: which earlier entry said what


def _from(document: Mapping[str, Any], *path: str) -> str:
    """Where an answer of a sheet along the chain comes from, when that is an earlier
    entry: " (dd-mm-jjjj, dossierstuk CODE)"; nothing for the entry itself."""
    herkomst = document.get(HERKOMST)
    if not isinstance(herkomst, Mapping) or not path:
        return ""
    key = f"afwegingen.{path[1]}" if path[0] == "afwegingen" and len(path) > 1 else path[0]
    found = herkomst.get(key)
    return f" ({found})" if isinstance(found, str) else ""


def _line(document: Mapping[str, Any], title: str, *path: str) -> list[str]:
    shown = _shown(tuple(p for p in path if not p.isdigit()), _at(document, *path))
    return [f"{title}: {shown}{_from(document, *path)}"] if shown else []


def kader_of(document: Mapping[str, Any]) -> Kader:
    """The kader a stored entry names (see ``kaders.kader_named``). The caller read the
    entry as part of a case (``dossier.case``), which refuses a kader it does not know."""
    kader = kader_named(document)
    if kader is None:
        raise ValueError("een afwegingskader dat deze versie niet kent")
    return kader


def _afweging(document: Mapping[str, Any], nummer: int) -> list[str]:
    a = str(nummer)
    lines = []
    antwoord = _at(document, "afwegingen", a, "antwoord")
    if antwoord in ("ja", "nee"):
        tekst = kader_of(document).afweging(nummer)
        gevolg = tekst.ja if antwoord == "ja" else tekst.nee
        lines.append(f"Afweging {nummer}: {antwoord} — {gevolg}{_from(document, 'afwegingen', a)}")
    elif antwoord == "open":
        lines.append(f"Afweging {nummer}: nog open{_from(document, 'afwegingen', a)}")
    lines += _line(document, "Toelichting", "afwegingen", a, "toelichting")
    return lines


def _actuele_onveiligheid(document: Mapping[str, Any]) -> list[str]:
    lines = _line(document, "Actuele onveiligheid", "melding", "actuele_onveiligheid")
    vormen = _at(document, "casus", "vormen")
    if isinstance(vormen, list):
        shown = [_shown(("casus", "vormen"), v) for v in vormen if isinstance(v, str)]
        if any(shown):
            vormen_text = ", ".join(s for s in shown if s)
            lines.append(f"Vormen van geweld: {vormen_text}{_from(document, 'casus')}")
    lines += _line(document, "Wat de situatie nu onveilig maakt", "onveiligheid_nu")
    betrokkenen = _at(document, "directbetrokkenen")
    rollen = [
        _shown(("directbetrokkenen", "rol"), b.get("rol"))
        for b in (betrokkenen if isinstance(betrokkenen, list) else [])
        if isinstance(b, Mapping)
    ]
    if any(rollen):
        rollen_text = "; ".join(r for r in rollen if r)
        lines.append(f"Directbetrokkenen: {rollen_text}{_from(document, 'directbetrokkenen')}")
    lines += _line(document, "Direct gevaar", "directe_veiligheid", "direct_gevaar")
    lines += _line(document, "Wat ik heb gedaan", "directe_veiligheid", "wat_gedaan")
    signalen = _at(document, "signalen")
    for index, signaal in enumerate(signalen if isinstance(signalen, list) else [], start=1):
        if not isinstance(signaal, Mapping):
            continue
        parts = [
            _shown(("signalen", "datum"), signaal.get("datum")),
            _shown(("signalen", "bron"), signaal.get("bron")),
            _shown(("signalen", "omschrijving"), signaal.get("omschrijving")),
        ]
        text = " — ".join(p for p in parts if p)
        lines.append(f"Signaal {index}: {text}{_from(document, 'signalen')}")
    lines += _line(document, "Risicofactoren", "risicofactoren")
    lines += _line(
        document, "Hoe de risicofactoren nu tot onveiligheid leiden", "risicofactoren_nu"
    )
    lines += _line(document, "Beschermende factoren", "beschermende_factoren")
    lines += _line(document, "Signalen die het vermoeden tegenspreken", "tegensignalen")
    lines += _line(document, "Kindcheck", "kindcheck", "minderjarige_kinderen")
    kinderen = _at(document, "kindcheck", "kinderen")
    leeftijden = [
        str(k.get("leeftijd"))
        for k in (kinderen if isinstance(kinderen, list) else [])
        if isinstance(k, Mapping) and isinstance(k.get("leeftijd"), int)
    ]
    if leeftijden:
        text = ", ".join(leeftijden)
        lines.append(f"Leeftijden van de kinderen: {text}{_from(document, 'kindcheck')}")
    lines += _line(document, "Wie voor de kinderen zorgen", "kindcheck", "verzorgers")
    lines += _line(document, "Zorg over de kinderen", "kindcheck", "toelichting")
    return lines


def _besluit(document: Mapping[str, Any]) -> list[str]:
    besluit = document.get("besluit")
    if not isinstance(besluit, Mapping) or not isinstance(besluit.get("titel"), str):
        return []
    redenen = besluit.get("redenen")
    return [f"Besluit: {besluit['titel']}"] + [
        r for r in (redenen if isinstance(redenen, list) else []) if isinstance(r, str)
    ]


def _in_staat(document: Mapping[str, Any]) -> list[str]:
    """Seed 004's "Ben je in staat de directe en stabiele veiligheid te herstellen?": the
    situation the melding is made in (seed 004's two)."""
    return _line(document, "Bij de melding", "melding", "zicht_op_veiligheid")


def _passende_hulp(document: Mapping[str, Any]) -> list[str]:
    """Seed 004's question on passende hulp, the veiligheidsplan and the zicht op
    veiligheid: what afweging 3 answered."""
    return _afweging(document, 3)


def _betrokkenen(document: Mapping[str, Any]) -> list[str]:
    lines = _line(document, "In het gesprek (stap 3)", "gesprek", "melding_besproken")
    lines += _line(document, "Geïnformeerd", "melding", "betrokkenen_geinformeerd")
    lines += _line(document, "Hoe", "melding", "hoe_geinformeerd")
    return lines + _line(document, "Waarom niet", "melding", "waarom_niet_geinformeerd")


def _twee(document: Mapping[str, Any]) -> list[str]:
    lines = _line(document, "Acute onveiligheid", "afwegingen", "2", "acute_onveiligheid")
    lines += _line(
        document, "Structurele onveiligheid", "afwegingen", "2", "structurele_onveiligheid"
    )
    lines += _afweging(document, 2)
    return lines + _line(document, "Disclosure", "afwegingen", "2", "disclosure")


# In the order of seed 004: first what Veilig Thuis asks every caller, then what it asks
# to weigh advice against a melding, then the afwegingen it walks through with the melder.
VRAGEN: tuple[tuple[str, Callable[[Mapping[str, Any]], list[str]]], ...] = (
    (
        "Welke informatie heb je over de actuele onveiligheid van alle directbetrokkenen?",
        _actuele_onveiligheid,
    ),
    (
        "Wat zijn je mogelijkheden om zelf de directe veiligheid te herstellen?",
        lambda d: _line(d, "Mijn mogelijkheden", "melding", "eigen_mogelijkheden"),
    ),
    (
        "Zou je op basis van de wet Meldcode en volgens jouw afwegingskader een melding moeten"
        " doen?",
        _besluit,
    ),
    ("Ben je in staat de directe en stabiele veiligheid te herstellen?", _in_staat),
    (
        "Blijft het vermoeden van huiselijk geweld en/of kindermishandeling bestaan?",
        lambda d: _afweging(d, 1),
    ),
    ("Is er sprake van (een vermoeden van) acute of structurele onveiligheid?", _twee),
    (
        "Ben je als professional in staat passende hulp te bieden of organiseren? Kun je zelf"
        " met een veiligheidsplan werken? Kun je zelf de verantwoordelijkheid voor het zicht"
        " op veiligheid organiseren?",
        _passende_hulp,
    ),
    (
        "Werken de directbetrokkenen mee aan de geboden of georganiseerde hulp?",
        lambda d: _afweging(d, 4),
    ),
    ("Leidt deze hulp tot stabiele veiligheid?", lambda d: _afweging(d, 5)),
    ("Zijn de betrokkenen over de melding geïnformeerd?", _betrokkenen),
)


SAMEN = "Nog niet beantwoord: deze afweging wordt samen met Veilig Thuis doorlopen."
# The questions whose afwegingen are walked through with Veilig Thuis after a melding that
# follows from afweging 2 or a disclosure.
_MET_VEILIG_THUIS = frozenset(
    {
        "Ben je als professional in staat passende hulp te bieden of organiseren? Kun je zelf"
        " met een veiligheidsplan werken? Kun je zelf de verantwoordelijkheid voor het zicht"
        " op veiligheid organiseren?",
        "Werken de directbetrokkenen mee aan de geboden of georganiseerde hulp?",
        "Leidt deze hulp tot stabiele veiligheid?",
    }
)


def melding_sheet(document: Mapping[str, Any]) -> tuple[Vraag, ...]:
    """Every question of the sheet with what the entry holds, or 'niet vastgelegd'."""
    besluit = document.get("besluit")
    samen = isinstance(besluit, Mapping) and besluit.get("samen_met_veilig_thuis") is True
    sheet = []
    for vraag, answer in VRAGEN:
        lines = tuple(answer(document))
        if not lines:
            lines = (SAMEN if samen and vraag in _MET_VEILIG_THUIS else NIET_VASTGELEGD,)
        sheet.append(Vraag(vraag, lines))
    return tuple(sheet)


def _nothing(document: Mapping[str, Any]) -> list[str]:
    """A question the meldcode's answers do not speak to: the sheet says so."""
    return []


def _bespreken(document: Mapping[str, Any]) -> list[str]:
    """What stap 3 holds: the conversations with those involved, or why there was none."""
    lines = _line(document, "Gesprek gevoerd", "gesprek", "gevoerd")
    gesprekken = _at(document, "gesprek", "gesprekken")
    for index, gesprek in enumerate(gesprekken if isinstance(gesprekken, list) else [], 1):
        if not isinstance(gesprek, Mapping):
            continue
        parts = [
            _shown(("gesprek", "gesprekken", "datum"), gesprek.get("datum")),
            _shown(("gesprek", "gesprekken", "met"), gesprek.get("met")),
            _shown(("gesprek", "gesprekken", "verslag"), gesprek.get("verslag")),
        ]
        lines.append(f"Gesprek {index}: " + " — ".join(p for p in parts if p))
    lines += _line(document, "Waarom niet", "gesprek", "reden")
    return lines + _line(document, "Toelichting", "gesprek", "toelichting")


def _eerder_advies(document: Mapping[str, Any]) -> list[str]:
    """An earlier consultation of Veilig Thuis in stap 2, if the entry holds one."""
    lines = _line(document, "Veilig Thuis geraadpleegd", "overleg", "veilig_thuis", "geraadpleegd")
    lines += _line(document, "Datum", "overleg", "veilig_thuis", "datum")
    lines += _line(document, "Uitkomst", "overleg", "veilig_thuis", "uitkomst")
    return lines + _line(document, "Advies", "overleg", "veilig_thuis", "advies")


# Seed 004, "Vraag ik advies of wil ik melden?" and "Wat doet Veilig Thuis als
# professionals vragen om advies en ondersteuning?": the questions of an advice call, in
# its order, each answered only from what the entry holds.
ADVIES_VRAGEN: tuple[tuple[str, Callable[[Mapping[str, Any]], list[str]]], ...] = (
    (
        "Welke informatie heb je over de actuele onveiligheid van alle directbetrokkenen?",
        _actuele_onveiligheid,
    ),
    (
        "Wat zijn je mogelijkheden om zelf de directe veiligheid te herstellen?",
        lambda d: (
            _line(d, "Mijn mogelijkheden", "melding", "eigen_mogelijkheden")
            + _line(d, "Beschermende factoren", "beschermende_factoren")
        ),
    ),
    ("Wat zou je kunnen doen om de onveiligheid met directbetrokkenen te bespreken?", _bespreken),
    ("Wat zou je kunnen doen om de onveiligheid aan te pakken?", lambda d: _afweging(d, 3)),
    ("Welke mogelijkheden heb je om de lokale deskundigen te betrekken bij de aanpak?", _nothing),
    ("Hoe kan Veilig Thuis je daarbij ondersteunen?", _eerder_advies),
    ("Heb je behoefte aan een volgend adviesgesprek over dezelfde casus?", _nothing),
)
# Seed 004: "Ook zal de medewerker van Veilig Thuis met je overleggen over:"
ADVIES_OVERLEG = (
    "de verdeling van de verantwoordelijkheden tussen jou en Veilig Thuis",
    "de manier waarop Veilig Thuis omgaat met het registreren van gegevens naar aanleiding"
    " van een advies",
)


def advies_sheet(document: Mapping[str, Any]) -> tuple[Vraag, ...]:
    """The advice call's questions with what the entry holds, or 'niet vastgelegd'."""
    return tuple(
        Vraag(vraag, tuple(answer(document)) or (NIET_VASTGELEGD,))
        for vraag, answer in ADVIES_VRAGEN
    )


TELEFOON = VEILIG_THUIS_TELEFOON

# Seed 004: Veilig Thuis takes a melding "als jij als melder je contactgegevens kenbaar
# maakt". The dossier holds no names (only roles); seed 004 names what Veilig Thuis works
# with: "persoonsgegevens van de directbetrokkenen".
GEEN_PROFIEL = (
    "Geen profiel: geef Veilig Thuis je naam en hoe het je bereikt (leg ze vast"
    " met: meldcode profiel)."
)
PERSOONSGEGEVENS = (
    "Dit dossier noemt de directbetrokkenen alleen bij hun rol: houd hun persoonsgegevens"
    " bij de hand voor Veilig Thuis."
)


def melder_lines(profiel: Profiel | None) -> list[str]:
    """Who makes the melding and how Veilig Thuis reaches them, from the profile."""
    if profiel is None:
        return [GEEN_PROFIEL]
    lines = [", ".join(p for p in (profiel.naam, profiel.beroep, profiel.registratie) if p)]
    lines.append(
        f"Telefoon: {profiel.telefoon}" if profiel.telefoon else "Telefoon: niet in je profiel"
    )
    lines.append(f"E-mail: {profiel.email}" if profiel.email else "E-mail: niet in je profiel")
    return lines


def along_the_chain(
    document: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """An evaluation that ends in opnieuw melden, with what the case's earlier entries
    hold (nearest first): signals, kindcheck and afwegingen 1 to 4 from the run of the
    meldcode, afwegingen 3 and 4 as walked through with Veilig Thuis when a follow-up
    holds them, and afweging 5 and the melding from the evaluation itself."""

    def antwoorden(doc: Mapping[str, Any]) -> Mapping[str, Any]:
        found = doc.get("antwoorden")
        return found if isinstance(found, Mapping) else {}

    def label(doc: Mapping[str, Any]) -> str | None:
        """The date and code of an earlier entry, as every line taken from it says."""
        day, entry_id = doc.get("datum"), doc.get("id")
        if not isinstance(day, str) or not isinstance(entry_id, str):
            return None
        try:
            shown = format_date(date.fromisoformat(day))
        except ValueError:
            return None
        return f"{shown}, dossierstuk {entry_id.rsplit('-', 1)[-1]}"

    run_doc = next((d for d in earlier if "signalen" in antwoorden(d)), {})
    run = antwoorden(run_doc)
    combined: dict[str, Any] = {k: v for k, v in run.items() if k != "melding"}
    herkomst: dict[str, str] = {}
    if (said := label(run_doc)) is not None:
        herkomst.update({key: said for key in combined if key != "afwegingen"})
    afwegingen = (
        dict(run.get("afwegingen") or {}) if isinstance(run.get("afwegingen"), Mapping) else {}
    )
    if said is not None:
        herkomst.update({f"afwegingen.{key}": said for key in afwegingen})
    for doc in earlier:
        if "signalen" in antwoorden(doc):
            break
        samen = _at(doc, "veilig_thuis", "afwegingen")
        if isinstance(samen, Mapping) and samen:
            afwegingen.update({k: samen[k] for k in ("3", "4") if k in samen})
            if (vt_said := label(doc)) is not None:
                herkomst.update({f"afwegingen.{k}": vt_said for k in ("3", "4") if k in samen})
            break
    evaluatie = antwoorden(document).get("evaluatie")
    if isinstance(evaluatie, Mapping):
        afwegingen["5"] = {
            key: evaluatie[key] for key in ("antwoord", "toelichting") if key in evaluatie
        }
    combined["afwegingen"] = afwegingen
    melding = antwoorden(document).get("melding")
    if melding is not None:
        combined["melding"] = melding
    herkomst.pop("afwegingen.5", None)  # afweging 5 is this evaluation's own
    return {**document, "antwoorden": combined, HERKOMST: herkomst}
