"""The procedure of one run: which questions, the decision, the follow-up dates and
what the practitioner does next. Pure: no terminal, no disk.

A :class:`Procedure` is the meldcode itself (``Soort.START``), or a follow-up of an
earlier entry (an evaluation, the follow-up on a melding, or the meldcode again).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from meldcode_cli.protocol import afwegingskader as kader
from meldcode_cli.protocol.afwegingskader import Besluit
from meldcode_cli.protocol.casus import acuut
from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import DEFAULT
from meldcode_cli.protocol.model import JA, Answers, Group, Step, format_date, root_of
from meldcode_cli.protocol.questions import steps_for
from meldcode_cli.protocol.uitkomsten import Soort, VervolgUitkomst
from meldcode_cli.protocol.vervolg import OPNIEUW_DOORLOPEN, VeiligThuisVervolg, follow_up_steps
from meldcode_cli.text import short_code

Outcome = Besluit | VeiligThuisVervolg


@dataclass(frozen=True)
class Vervolg:
    """Follow-up dates that come with a decision."""

    evaluatie_op: date | None = None
    terugbellen_uiterlijk: date | None = None
    melden_op: date | None = None  # "niet gemeld": the day the melding is made after all
    opnieuw_doorlopen: bool = False  # "niet gemeld": the meldcode is run again instead


def vervolg_for(besluit: Outcome, today: date, melding_datum: date | None = None) -> Vervolg:
    """Follow-up dates: the evaluation, and Veilig Thuis's call-back after a melding."""
    from meldcode_cli.protocol.werkdagen import add_working_days

    if isinstance(besluit, VeiligThuisVervolg):
        if besluit.uitkomst is VervolgUitkomst.WACHT and melding_datum is not None:
            return Vervolg(None, add_working_days(melding_datum, kader.TERUGBEL_WERKDAGEN))
        return Vervolg(
            evaluatie_op=besluit.evaluatie_op,
            melden_op=besluit.melden_op,
            opnieuw_doorlopen=besluit.wat_nu == OPNIEUW_DOORLOPEN,
        )
    # Veilig Thuis calls back within five working days of a melding (seed 004): of one it
    # took in stap 2. A decision to report is not a melding: its call-back is dated once
    # the melding is recorded (meldcode vervolg).
    terugbellen = None
    if besluit.melding_gedaan_op is not None:
        terugbellen = add_working_days(besluit.melding_gedaan_op, kader.TERUGBEL_WERKDAGEN)
    return Vervolg(besluit.evaluatie_op, terugbellen)


def vervolg_lines(
    besluit: Outcome, vervolg: Vervolg, answers: Mapping[str, Any], *, saved: bool = True
) -> list[str]:
    """What the practitioner must do next; shared by the screen and the Markdown entry.
    Every line comes from the meldcode (the kader, seed 004) or from an answer."""
    lines: list[str] = []
    telefoon = kader.VEILIG_THUIS_TELEFOON
    if isinstance(besluit, VeiligThuisVervolg):
        if besluit.uitkomst is VervolgUitkomst.WACHT and vervolg.terugbellen_uiterlijk:
            lines.append(
                "- Veilig Thuis neemt binnen vijf werkdagen na de melding contact op: uiterlijk"
                f" op {format_date(vervolg.terugbellen_uiterlijk)}. Zelf bellen ({telefoon})"
                " als dat niet gebeurt."
            )
        elif besluit.uitkomst is VervolgUitkomst.NIET_GEMELD:
            if vervolg.melden_op is not None:
                lines.append(
                    f"- Alsnog melden bij Veilig Thuis ({telefoon}) op"
                    f" {format_date(vervolg.melden_op)}, en de melding daarna vastleggen als"
                    " vervolg op dit dossierstuk."
                )
            elif besluit.wat_nu == OPNIEUW_DOORLOPEN:
                lines.append(
                    "- De meldcode opnieuw doorlopen met de nieuwe situatie (vervolg met"
                    " --opnieuw)."
                )
            else:
                lines.append(
                    f"- Alsnog melden bij Veilig Thuis ({telefoon}), of de meldcode opnieuw"
                    " doorlopen als de situatie veranderd is."
                )
            lines.append("- Dit blijft open staan tot het is opgelost.")
        else:
            lines.append("- De afspraken met Veilig Thuis volgen; betrokken en alert blijven.")
        if vervolg.evaluatie_op:
            lines.append(
                f"- Op {format_date(vervolg.evaluatie_op)} evalueren of de hulp tot"
                f" {besluit.kader.hulp_leidt_tot} leidt (afweging 5)."
            )
        return lines
    gemeld = besluit.melding_gedaan_op
    if gemeld is not None:
        lines.append(
            f"- De melding is op {format_date(gemeld)} gedaan: Veilig Thuis nam haar in"
            " ontvangst (stap 2)."
        )
        if vervolg.terugbellen_uiterlijk:
            lines.append(
                "- Veilig Thuis neemt binnen vijf werkdagen na de melding contact op: uiterlijk"
                f" op {format_date(vervolg.terugbellen_uiterlijk)}. Zelf bellen ({telefoon})"
                " als dat niet gebeurt."
            )
    elif besluit.melden:
        if acuut(answers):
            lines.append(
                f"- Nu melden bij Veilig Thuis: {telefoon} (gratis, dag en nacht bereikbaar)."
                " Bij direct gevaar: bel 112."
            )
            lines.append("- Bij de melding geef ik mijn contactgegevens.")
        else:
            lines.append(
                f"- Melden bij Veilig Thuis: {telefoon} (gratis, dag en nacht bereikbaar). Bij"
                " de melding geef ik mijn contactgegevens."
            )
        if answers.get("melding", {}).get("betrokkenen_geinformeerd") != JA:
            lines.append(
                "- De cliënt vertellen over de melding, tenzij dat de veiligheid van de"
                " cliënt, van mij of van een ander in gevaar brengt."
            )
        lines.append(
            "- De melding vastleggen zodra die gedaan is (meldcode vervolg). Veilig Thuis"
            " neemt binnen vijf werkdagen na de melding contact op."
        )
    if besluit.melden and besluit.samen_met_veilig_thuis:
        lines.append("- De afwegingen 3 tot en met 5 samen met Veilig Thuis doorlopen.")
    if vervolg.evaluatie_op:
        lines.append(
            f"- Op {format_date(vervolg.evaluatie_op)} evalueren of de hulp tot"
            f" {besluit.kader.hulp_leidt_tot} leidt (afweging 5)."
        )
    if besluit.uitkomst is kader.Uitkomst.AFSLUITEN:
        wordt = "is" if saved else "wordt"
        lines.append(f"- Geen vervolg nodig. Dit besluit {wordt} vastgelegd in het dossier.")
    if besluit.uitkomst is kader.Uitkomst.HULP_AFSLUITEN:
        lines.append(
            "- De afspraken over het volgen van toekomstige (on)veiligheid met betrokkenen en"
            " samenwerkingspartners nakomen."
        )
    return lines


@dataclass
class Procedure:
    """What is being recorded: the meldcode itself, or a follow-up of an earlier entry."""

    soort: Soort = Soort.START
    kader: Kader = DEFAULT  # a follow-up has the kader of the entry it follows
    referentie: str | None = None  # None: taken from the answers (casus.referentie)
    vervolg_op: str | None = None
    initial: Answers = field(default_factory=dict)
    earlier_afwegingen: Mapping[str, Any] = field(default_factory=dict)
    # The dates of the case's earlier entries the date rules compare with, by path
    # (``eerder.datum``, …): a follow-up is never dated before what it follows.
    case: Answers = field(default_factory=dict)
    # Facts the case already records, shown (not asked again) before the questions.
    bekend: tuple[str, ...] = ()

    @property
    def steps(self) -> tuple[Step, ...]:
        if self.soort in (Soort.START, Soort.OPNIEUW):
            return steps_for(self.kader)
        return follow_up_steps(self.soort, self.kader)

    @property
    def root(self) -> Group:
        return root_of(self.steps)

    def decide(self, answers: Answers) -> Outcome:
        from meldcode_cli.protocol.afwegingskader import besluit
        from meldcode_cli.protocol.vervolg import evaluatie_besluit, veilig_thuis_vervolg

        if self.soort is Soort.EVALUATIE:
            return evaluatie_besluit(self.earlier_afwegingen, answers, self.kader)
        if self.soort is Soort.VEILIG_THUIS:
            return veilig_thuis_vervolg(answers, self.kader)
        return besluit(answers, self.kader)

    def dates(self, outcome: Outcome, today: date, answers: Answers) -> Vervolg:
        """The follow-up dates of this outcome (a melding's call-back counts from the day
        of the melding the practitioner recorded)."""
        melding = answers.get("veilig_thuis", {}).get("melding_datum")
        return vervolg_for(outcome, today, melding)

    @property
    def resume_command(self) -> str:
        """What the practitioner types to pick up a draft of this procedure."""
        if self.vervolg_op is None:
            return "meldcode start"
        code = short_code(self.vervolg_op)
        return f"meldcode vervolg {code}" + (" --opnieuw" if self.soort is Soort.OPNIEUW else "")

    def reference(self, answers: Answers) -> str:
        return self.referentie or str(answers["casus"]["referentie"])
