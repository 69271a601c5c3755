"""The practitioner's profile, declared like the meldcode: who records, in which
profession, under which register, with which kader, with whom they usually consult, and
where their dossier is. Prompts, answers file and the stored TOML are views of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import DEFAULT, KADERS, known
from meldcode_cli.protocol.model import Choice, Field, Group, Kind, Step

_TELEFOON = re.compile(r"\+?[0-9][0-9 ()-]*[0-9]", re.ASCII)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _check_telefoon(text: str) -> str | None:
    digits = sum(c.isdigit() for c in text)
    if _TELEFOON.fullmatch(text) and 6 <= digits <= 15:
        return None
    return f"'{text}' is geen telefoonnummer; schrijf cijfers, zoals 06-12345678."


def _check_email(text: str) -> str | None:
    if _EMAIL.fullmatch(text):
        return None
    return f"'{text}' is geen e-mailadres; schrijf het als naam@voorbeeld.nl."


@cache
def profiel_steps(kader_ids: tuple[str, ...]) -> tuple[Step, ...]:
    """The questions of the profile; the kader is one of those meldcode knows."""
    kaders = [KADERS[k] for k in kader_ids]
    return (
        Step(
            "Profiel",
            "Wie legt vast? Dit komt in elk nieuw dossierstuk bij 'vastgelegd door'.",
            (
                Group(
                    "profiel",
                    "Profiel",
                    (
                        Field(
                            "naam",
                            Kind.TEXT,
                            "Je naam, of de naam van je praktijk",
                            max_length=120,
                            short="Naam",
                        ),
                        Field(
                            "beroep",
                            Kind.TEXT,
                            "Je beroep",
                            help="Bijvoorbeeld orthopedagoog, GZ-psycholoog of jeugdprofessional.",
                            max_length=120,
                            short="Beroep",
                        ),
                        Field(
                            "registratie",
                            Kind.TEXT,
                            "Je registratie (mag leeg blijven)",
                            help="Bijvoorbeeld je BIG-, SKJ-, NIP- of NVO-nummer, of dat van"
                            " een ander register.",
                            required=False,
                            max_length=80,
                            short="Registratie",
                        ),
                        # Seed 004: Veilig Thuis takes a melding "als jij als melder je
                        # contactgegevens kenbaar maakt". They go on the melding sheet.
                        Field(
                            "telefoon",
                            Kind.TEXT,
                            "Op welk telefoonnummer kan Veilig Thuis je bereiken? (mag leeg"
                            " blijven)",
                            help="Voor het meldingsblad: bij een melding geef je je"
                            " contactgegevens.",
                            required=False,
                            max_length=20,
                            check=_check_telefoon,
                            short="Telefoon",
                        ),
                        Field(
                            "email",
                            Kind.TEXT,
                            "Op welk e-mailadres? (mag leeg blijven)",
                            required=False,
                            max_length=254,
                            check=_check_email,
                            short="E-mail",
                        ),
                        Field(
                            "kader",
                            Kind.CHOICE,
                            "Met welk afwegingskader werk je?",
                            help="Het afwegingskader van je beroepsgroep (zie meldcode kaders).",
                            choices=tuple(Choice(k.id, k.naam) for k in kaders),
                            preselect=DEFAULT.id,
                            short="Afwegingskader",
                        ),
                        Field(
                            "collega",
                            Kind.TEXT,
                            "Met welke collega overleg je meestal? (een rol, mag leeg blijven)",
                            help="Bijvoorbeeld 'collega-orthopedagoog uit de intervisiegroep'."
                            " Een rol is genoeg, geen naam.",
                            required=False,
                            max_length=200,
                            short="Collega voor overleg",
                        ),
                        Field(
                            "dossiermap",
                            Kind.TEXT,
                            "In welke map staat je dossier? (mag leeg blijven)",
                            help="Leeg: de standaardmap van meldcode. Kies een map die alleen"
                            " voor jou leesbaar is.",
                            required=False,
                            max_length=1000,
                            short="Dossiermap",
                        ),
                    ),
                ),
            ),
        ),
    )


def profiel_root_steps() -> tuple[Step, ...]:
    return profiel_steps(tuple(KADERS))


@dataclass(frozen=True)
class Profiel:
    naam: str
    beroep: str
    registratie: str | None
    kader: Kader
    collega: str | None
    dossiermap: str | None
    telefoon: str | None = None
    email: str | None = None

    def vastgelegd_door(self) -> dict[str, Any]:
        """What every new entry records of its author."""
        return {"naam": self.naam, "beroep": self.beroep, "registratie": self.registratie}

    def offers(self) -> dict[tuple[str, ...], str]:
        """Answers of the meldcode the profile already knows, offered as one choice where
        the question before them is asked ("Ja, met <collega>"), never filled in unasked."""
        found: dict[tuple[str, ...], str] = {}
        if self.collega:
            found[("overleg", "collega", "met")] = self.collega
        return found

    def answers(self) -> dict[str, Any]:
        """The profile as answers to its questions (what was left empty, left out)."""
        given = {
            **self.vastgelegd_door(),
            "telefoon": self.telefoon,
            "email": self.email,
            "kader": self.kader.id,
            "collega": self.collega,
            "dossiermap": self.dossiermap,
        }
        return {"profiel": {key: value for key, value in given.items() if value}}


def profiel_from(answers: dict[str, Any]) -> Profiel | None:
    """A profile from answers judged against :func:`profiel_steps`; None if incomplete."""
    data = answers.get("profiel")
    if not isinstance(data, dict):
        return None
    kader = known(data.get("kader", ""))
    naam, beroep = data.get("naam"), data.get("beroep")
    if kader is None or not isinstance(naam, str) or not isinstance(beroep, str):
        return None

    def optional(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) and value else None

    return Profiel(
        naam,
        beroep,
        optional("registratie"),
        kader,
        optional("collega"),
        optional("dossiermap"),
        optional("telefoon"),
        optional("email"),
    )
