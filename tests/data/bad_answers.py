"""A catalogue of bad answers files, each with the exact problem the tool must report.

Each case changes the example file (``tests/data/voorbeeld-versie-1.yaml``) in one way,
or gives a whole text of its own. ``expected`` lists problem lines exactly as printed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.conftest import TODAY

Change = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Bad:
    id: str
    expected: tuple[str, ...]
    change: Change | None = None
    text: str | None = None
    replace: tuple[str, str] | None = None  # in the example's text: old, new
    suffix: str = ".yaml"
    type_error: bool = False  # the JSON Schema must reject it too


def _set(path: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key) if isinstance(node, list) or key.isdigit() else key]
        node[int(last) if last.isdigit() else last] = value

    return change


def _drop(path: str) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key) if isinstance(node, list) or key.isdigit() else key]
        del node[int(last) if last.isdigit() else last]

    return change


def _both(*changes: Change) -> Change:
    def change(data: dict[str, Any]) -> None:
        for c in changes:
            c(data)

    return change


CATALOGUE: list[Bad] = [
    Bad(
        "typo-key",
        (
            "casus.refrentie: onbekende sleutel. Bedoel je 'referentie'? Toegestaan op deze plek: referentie, datum_consult, vormen.",
            "casus.referentie: ontbreekt: Eigen kenmerk van deze casus",
        ),
        _both(_drop("casus.referentie"), _set("casus.refrentie", "VB-1")),
    ),
    Bad(
        "unknown-top-key",
        (
            "naam: onbekende sleutel. Toegestaan op deze plek: directe_veiligheid, casus, signalen, onveiligheid_nu, directbetrokkenen, risicofactoren, risicofactoren_nu, beschermende_factoren, tegensignalen, kindcheck, overleg, gesprek, afwegingen, melding.",
        ),
        _set("naam", "Jan Jansen"),
    ),
    Bad("missing-versie", ("versie: ontbreekt: zet 'versie: 4' bovenaan.",), _drop("versie")),
    Bad(
        "wrong-versie",
        (
            "versie: versie 5 wordt niet ondersteund; deze versie van meldcode leest versie 1,"
            " 2, 3 en 4.",
        ),
        _set("versie", 5),
    ),
    Bad(
        "reference-number",
        (
            "casus.referentie: verwacht tekst, gevonden: '2026017'. Zet de waarde tussen aanhalingstekens.",
        ),
        _set("casus.referentie", 2026017),
        type_error=True,
    ),
    Bad(
        "reference-bsn",
        (
            "casus.referentie: dit lijkt een burgerservicenummer (BSN). Gebruik een eigen kenmerk dat niet naar de cliënt herleidbaar is, bijvoorbeeld VB-2026-017.",
        ),
        _set("casus.referentie", "111222333"),
    ),
    Bad(
        "reference-too-long",
        ("casus.referentie: is te lang: 65 tekens, het maximum is 64.",),
        _set("casus.referentie", "x" * 65),
        type_error=True,
    ),
    Bad(
        "invalid-date",
        ("casus.datum_consult: '2026-02-30' bestaat niet als datum.",),
        _set("casus.datum_consult", "2026-02-30"),
    ),
    Bad(
        "not-a-date",
        (
            "signalen[1].datum: 'gisteravond' is geen datum. Schrijf de datum als dd-mm-jjjj (bijvoorbeeld 20-11-2026) of als jjjj-mm-dd.",
        ),
        _set("signalen.0.datum", "gisteravond"),
        type_error=True,
    ),
    Bad(
        "future-date",
        (
            "casus.datum_consult: 01-01-2099 ligt in de toekomst; vul de datum in waarop het gebeurde.",
        ),
        _set("casus.datum_consult", "2099-01-01"),
    ),
    Bad(
        "datetime-not-date",
        ("gesprek.datum: verwacht alleen een datum, zonder tijd; gevonden: 2026-11-22 10:00:00.",),
        replace=("  datum: 2026-11-22\n", "  datum: 2026-11-22 10:00:00\n"),
    ),
    Bad(
        "bad-choice",
        (
            "signalen[2].bron: 'buurvrouw' is geen geldige keuze; toegestaan: eigen_waarneming, client, derde.",
        ),
        _set("signalen.1.bron", "buurvrouw"),
        type_error=True,
    ),
    Bad(
        "bad-vorm",
        (
            "casus.vormen: 'pesten' is geen geldige keuze; toegestaan: huiselijk_geweld, kindermishandeling, ouderenmishandeling, eergerelateerd_geweld, vrouwelijke_genitale_verminking, huwelijksdwang, seksueel_geweld, verwaarlozing.",
        ),
        _set("casus.vormen", ["kindermishandeling", "pesten"]),
        type_error=True,
    ),
    Bad(
        "bool-for-ja",
        ("gesprek.gevoerd: gevonden: true; toegestaan: ja, nee.",),
        _set("gesprek.gevoerd", True),
        type_error=True,
    ),
    Bad(
        "age-out-of-range",
        ("kindcheck.kinderen[1].leeftijd: 18 ligt niet tussen 0 en 17.",),
        _set("kindcheck.kinderen.0.leeftijd", 18),
        type_error=True,
    ),
    Bad(
        "age-not-number",
        (
            "kindcheck.kinderen[2].leeftijd: 'vijf' is geen heel getal; schrijf het in"
            " cijfers, zoals 5.",
        ),
        _set("kindcheck.kinderen.1.leeftijd", "vijf"),
        type_error=True,
    ),
    Bad(
        "signalen-not-list",
        ("signalen: verwacht een lijst van signalen.",),
        _set("signalen", "blauwe plekken"),
        type_error=True,
    ),
    Bad("no-signalen", ("signalen: ontbreekt: minstens één signaal.",), _set("signalen", [])),
    Bad(
        "missing-toelichting",
        ("afwegingen.3.toelichting: ontbreekt: Toelichting bij afweging 3: waarom dit antwoord?",),
        _drop("afwegingen.3.toelichting"),
    ),
    Bad(
        "empty-required-text",
        ("gesprek.verslag: ontbreekt: Wat heb je besproken en hoe reageerden zij?",),
        _set("gesprek.verslag", "   "),
    ),
    Bad(
        # Disclosure is a ground to report of its own: afweging 2 stays nee, and 3 to 5 are
        # walked through with Veilig Thuis, so a file must not answer them.
        "disclosure-then-3-to-5",
        (
            "afwegingen.3: deze vraag wordt niet gesteld, omdat afwegingen.2.disclosure 'ja' is (alleen bij 'nee'). Laat dit antwoord weg.",
            "afwegingen.4: deze vraag wordt niet gesteld, omdat afwegingen.3.antwoord ook niet gesteld wordt. Laat dit antwoord weg.",
            "afwegingen.5: deze vraag wordt niet gesteld, omdat afwegingen.4.antwoord ook niet gesteld wordt. Laat dit antwoord weg.",
        ),
        _set("afwegingen.2.disclosure", "ja"),
    ),
    Bad(
        "unreachable-after-1-nee",
        (
            "afwegingen.2: deze vraag wordt niet gesteld, omdat afwegingen.1.antwoord 'nee' is (alleen bij 'ja'). Laat dit antwoord weg.",
            "afwegingen.3: deze vraag wordt niet gesteld, omdat afwegingen.2.antwoord ook niet gesteld wordt. Laat dit antwoord weg.",
            "afwegingen.4: deze vraag wordt niet gesteld, omdat afwegingen.3.antwoord ook niet gesteld wordt. Laat dit antwoord weg.",
            "afwegingen.5: deze vraag wordt niet gesteld, omdat afwegingen.4.antwoord ook niet gesteld wordt. Laat dit antwoord weg.",
        ),
        _set("afwegingen.1.antwoord", "nee"),
    ),
    Bad(
        "unreachable-kinderen",
        (
            "kindcheck.kinderen: deze vraag wordt niet gesteld, omdat kindcheck.minderjarige_kinderen 'nee' is (alleen bij 'ja'). Laat dit antwoord weg.",
            "kindcheck.toelichting: deze vraag wordt niet gesteld, omdat kindcheck.minderjarige_kinderen 'nee' is (alleen bij 'ja' of 'verwacht'). Laat dit antwoord weg.",
        ),
        _set("kindcheck.minderjarige_kinderen", "nee"),
    ),
    Bad(
        "evaluation-not-after-today",
        (
            f"afwegingen.5.evaluatie_op: 01-11-2026 ligt niet na vandaag ({TODAY:%d-%m-%Y}); kies een datum die nog moet komen.",
        ),
        _set("afwegingen.5.evaluatie_op", "2026-11-01"),
    ),
    Bad(
        "open-without-date",
        (
            # Nothing left of afweging 5: its answer is missing, not assumed to be 'open'.
            "afwegingen.5.antwoord: ontbreekt: Leidt deze hulp binnen de gewenste termijn tot stabiele veiligheid en/of het welzijn (herstel) van alle direct betrokkenen?",
        ),
        _drop("afwegingen.5.evaluatie_op"),
    ),
    Bad(
        "answered-5-with-date",
        (
            "afwegingen.5.evaluatie_op: deze vraag wordt niet gesteld, omdat afwegingen.5.antwoord 'ja' is (alleen bij 'open'). Laat dit antwoord weg.",
            "afwegingen.5.toelichting: ontbreekt: Toelichting bij afweging 5: waarom dit antwoord?",
        ),
        _set("afwegingen.5.antwoord", "ja"),
    ),
    Bad(
        "control-character",
        (
            "signalen[1].omschrijving: bevat een stuurteken (U+001B) op positie 6; gebruik alleen gewone tekst.",
        ),
        _set("signalen.0.omschrijving", "Zoon \x1b[31mrood"),
    ),
    Bad(
        "group-not-mapping",
        ("gesprek: verwacht een groep sleutels (een mapping).",),
        _set("gesprek", ["ja"]),
        type_error=True,
    ),
    Bad(
        "top-not-mapping",
        ("verwacht bovenaan een groep sleutels (directe_veiligheid, casus, …).",),
        text="- ja\n- nee\n",
    ),
    Bad(
        "several-at-once",
        (
            "casus.vormen: ontbreekt: Over welke vorm(en) van geweld gaat je vermoeden?",
            "overleg.veilig_thuis.uitkomst: 'goed' is geen geldige keuze; toegestaan: einde_contact, advies_en_ondersteuning, melding_in_ontvangst.",
            "afwegingen.4.antwoord: 'misschien' is geen geldige keuze; toegestaan: ja, nee.",
        ),
        _both(
            _drop("casus.vormen"),
            _set("overleg.veilig_thuis.uitkomst", "goed"),
            _set("afwegingen.4.antwoord", "misschien"),
        ),
    ),
]

# Files that are not valid YAML, JSON or TOML at all: the message names line and column.
# Python 3.13 found the trailing comma itself; earlier versions stumble on what follows.
JSON_TRAILING_COMMA = (
    "is geen geldige JSON op regel 2, kolom 13: een komma te veel voor de }."
    if sys.version_info >= (3, 13)
    else "is geen geldige JSON op regel 3, kolom 1: hier verwacht ik een sleutel tussen"
    " dubbele aanhalingstekens."
)

SYNTAX: list[tuple[str, str, str, str]] = [
    (
        "yaml-tab",
        ".yaml",
        "versie: 1\ncasus:\n\treferentie: x\n",
        "is geen geldige YAML op regel 3, kolom 1: een teken dat hier niet kan (een tab? spring in met spaties).",
    ),
    (
        "yaml-duplicate",
        ".yaml",
        "versie: 1\nversie: 1\n",
        "is geen geldige YAML op regel 2, kolom 1: de sleutel 'versie' staat er twee keer in (ook op regel 1).",
    ),
    (
        "yaml-colon",
        ".yaml",
        "versie: 1\nonveiligheid_nu: vader zegt: ik ga weg\n",
        "is geen geldige YAML op regel 2, kolom 28: hier mag geen dubbele punt (zet de tekst tussen aanhalingstekens).",
    ),
    (
        "yaml-indent",
        ".yaml",
        "casus:\n  referentie: x\n datum_consult: 2026-11-20\n",
        "is geen geldige YAML op regel 3, kolom 2: de inspringing klopt niet.",
    ),
    (
        "yaml-quote",
        ".yaml",
        'versie: 1\nonveiligheid_nu: "niet afgesloten\n',
        "is geen geldige YAML op regel 3, kolom 1: het bestand houdt midden in iets op.",
    ),
    ("json-comma", ".json", '{"versie": 1,\n "casus": {},\n}\n', JSON_TRAILING_COMMA),
    (
        "json-missing-comma",
        ".json",
        '{"versie": 1\n "casus": {}}',
        "is geen geldige JSON op regel 2, kolom 2: hier verwacht ik een komma.",
    ),
    (
        "json-duplicate",
        ".json",
        '{"versie": 1, "versie": 1}',
        "de sleutel 'versie' staat er twee keer in.",
    ),
    (
        "toml-broken",
        ".toml",
        "versie = 1\n[casus\n",
        "is geen geldige TOML op regel 2, kolom 7: hier verwacht ik ] aan het eind van een kop.",
    ),
    (
        "toml-no-equals",
        ".toml",
        "versie 1\n",
        "is geen geldige TOML op regel 1, kolom 8: na een sleutel verwacht ik =.",
    ),
    (
        "not-utf8",
        ".yaml",
        "versie: 1\nx: \udcff\n",
        "is geen UTF-8-tekst (onleesbare byte op positie 14).",
    ),
    ("empty", ".yaml", "   \n", "is leeg."),
    (
        "wrong-extension",
        ".txt",
        "versie: 1\n",
        "heeft een onbekende extensie. Gebruik .yaml, .yml, .json of .toml.",
    ),
]
