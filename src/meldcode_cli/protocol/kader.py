"""An afwegingskader as a value: its wording, where that wording comes from, and the
grounds on which it says to report. Every text of a kader lives in its own module under
``protocol/kaders/``; the questions, the decision, the entry and the melding sheet take
the kader they are given.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Afweging:
    nummer: int
    vraag: str
    nee: str  # what the kader says to do on nee
    ja: str  # and on ja


@dataclass(frozen=True)
class Kader:
    id: str  # stored in every entry; never changes once published
    naam: str
    bron: str  # where the wording comes from, as the practitioner reads it
    afwegingen: tuple[Afweging, Afweging, Afweging, Afweging, Afweging]
    # The two parts of afweging 2, as the meldcode asks them one at a time.
    acute_vraag: str
    structureel_vraag: str
    # What the help of afweging 5 must lead to, in the kader's words, whole: "stabiele
    # veiligheid en/of het welzijn (herstel) van alle direct betrokkenen". Checked to
    # stand word for word in afweging 5.
    hulp_leidt_tot: str
    # The reasons an entry gives on nee at afweging 3 and 4, in the practitioner's
    # voice and in the kader's terms ("direct betrokkenen … in staat" or "betrokkenen …
    # bereid"): from its "Wanneer meld je bij Veilig Thuis?".
    geen_hulp: str
    hulp_niet_aanvaard: str
    # The note on afwegingen 3 to 5 ("... samen met Veilig Thuis doorlopen"), if any.
    samen_met_veilig_thuis: str | None
    # "Wanneer meld je bij Veilig Thuis?": the grounds, in the kader's words.
    meldnorm: tuple[str, ...]
    # Disclosure as a ground of its own (seed 001, punt 1): the reason an entry gives, in
    # the words of the kader; None in a kader that does not name it.
    disclosure: str | None

    def __post_init__(self) -> None:
        vijf = self.afwegingen[4].vraag
        if f" tot {self.hulp_leidt_tot}?" not in vijf:
            raise ValueError(f"{self.id}: hulp_leidt_tot is not the end of afweging 5: {vijf}")

    def afweging(self, nummer: int) -> Afweging:
        return self.afwegingen[nummer - 1]
