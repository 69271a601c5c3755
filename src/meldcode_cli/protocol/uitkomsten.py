"""The names the dossier stores: the outcomes of the afwegingskader and of a follow-up,
and the kinds of entry, with the short Dutch words ``dossier list`` shows for them.

Values only, and only the standard library: reading the dossier needs these names, not
the questions of the meldcode (``afwegingskader`` and ``vervolg`` use them from here).
"""

from __future__ import annotations

from enum import StrEnum


class Uitkomst(StrEnum):
    """The outcomes of the afwegingskader."""

    AFSLUITEN = "afsluiten"
    MELDEN = "melden"
    HULP_BIEDEN = "hulp_bieden"
    OPNIEUW_MELDEN = "opnieuw_melden"
    HULP_AFSLUITEN = "hulp_afsluiten"


class VervolgUitkomst(StrEnum):
    """Outcomes of a Veilig Thuis follow-up (not decisions of the afwegingskader)."""

    CONTACT = "veilig_thuis_contact"
    HULP = "hulp_na_melding"  # the practitioner also helps, and evaluates (afweging 5)
    WACHT = "wacht_op_veilig_thuis"
    NIET_GEMELD = "niet_gemeld"


class Soort(StrEnum):
    """What kind of entry: the first run of the meldcode, or a follow-up of an entry."""

    START = "start"
    EVALUATIE = "evaluatie"
    VEILIG_THUIS = "veilig_thuis"
    OPNIEUW = "opnieuw"


SOORT_TITEL = {
    Soort.START: "Meldcode doorlopen",
    Soort.EVALUATIE: "Evaluatie van de hulp (afweging 5)",
    Soort.VEILIG_THUIS: "Vervolg op de melding bij Veilig Thuis",
    Soort.OPNIEUW: "Meldcode opnieuw doorlopen (nieuwe signalen)",
}

SOORT_KORT = {
    Soort.START: "meldcode",
    Soort.EVALUATIE: "evaluatie",
    Soort.VEILIG_THUIS: "Veilig Thuis",
    Soort.OPNIEUW: "opnieuw",
}

# What `dossier list` shows of an outcome: short, Dutch, and never a code.
UITKOMST_KORT: dict[str, str] = {
    Uitkomst.AFSLUITEN: "Afsluiten",
    Uitkomst.MELDEN: "Melden",
    Uitkomst.HULP_BIEDEN: "Hulp bieden",
    Uitkomst.OPNIEUW_MELDEN: "Opnieuw melden",
    Uitkomst.HULP_AFSLUITEN: "Hulp afsluiten",
    VervolgUitkomst.CONTACT: "Afspraken met Veilig Thuis",
    VervolgUitkomst.HULP: "Hulp na melding",
    VervolgUitkomst.WACHT: "Wacht op Veilig Thuis",
    VervolgUitkomst.NIET_GEMELD: "Niet gemeld",
}


def uitkomst_kort(code: str) -> str:
    """The short Dutch title of an outcome code (read from disk: an unknown one as is)."""
    return UITKOMST_KORT.get(code, code)
