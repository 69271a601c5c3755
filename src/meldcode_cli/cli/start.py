"""``meldcode start``: gather answers (prompts and/or file), decide, review, write the entry."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meldcode_cli.cli.output import INTERRUPTED_MESSAGE, Terminal, escape, guarded
from meldcode_cli.errors import DossierError, Interrupted, NoTerminalError, UsageError
from meldcode_cli.protocol.model import Answers, Group, Step, root_of
from meldcode_cli.protocol.questions import STEPS
from meldcode_cli.protocol.vervolg import Soort
from meldcode_cli.text import safe_text

if TYPE_CHECKING:
    from meldcode_cli.dossier.entry import Outcome, Vervolg


@dataclass(frozen=True)
class StartOptions:
    dossier_dir: Path | None
    answers: str | None
    interactive: bool | None
    dry_run: bool
    json_output: bool


@dataclass
class Flow:
    """What is being recorded: the meldcode itself, or a follow-up of an earlier entry."""

    soort: Soort = Soort.START
    steps: tuple[Step, ...] = STEPS
    referentie: str | None = None  # None: taken from the answers (casus.referentie)
    vervolg_op: str | None = None
    initial: Answers = field(default_factory=dict)
    earlier_afwegingen: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Group:
        return root_of(self.steps)

    @property
    def draft_prefix(self) -> str:
        """Drafts of a first run, or of a follow-up of one entry: one file per run."""
        if self.soort is Soort.START or self.vervolg_op is None:
            return ".concept-start"  # also matches the single draft of earlier versions
        return f".concept-vervolg-{self.vervolg_op}"

    def decide(self, answers: Answers) -> Outcome:
        from meldcode_cli.protocol.afwegingskader import besluit
        from meldcode_cli.protocol.vervolg import evaluatie_besluit, veilig_thuis_vervolg

        if self.soort is Soort.EVALUATIE:
            return evaluatie_besluit(self.earlier_afwegingen, answers)
        if self.soort is Soort.VEILIG_THUIS:
            return veilig_thuis_vervolg(answers)
        return besluit(answers)

    def vervolg(self, outcome: Outcome, today: date, answers: Answers) -> Vervolg:
        from meldcode_cli.dossier.entry import vervolg_for

        melding = answers.get("veilig_thuis", {}).get("melding_datum")
        return vervolg_for(outcome, today, melding)

    @property
    def resume_command(self) -> str:
        """What the practitioner types to pick up a draft of this flow."""
        if self.vervolg_op is None:
            return "meldcode start"
        code = self.vervolg_op.rsplit("-", 1)[-1]
        return f"meldcode vervolg {code}" + (" --opnieuw" if self.soort is Soort.OPNIEUW else "")

    def reference(self, answers: Answers) -> str:
        return self.referentie or str(answers["casus"]["referentie"])


def wants_prompts(option: bool | None, has_answers_file: bool) -> bool:
    """Explicit choice first; otherwise prompt only on a terminal, outside CI, without a file."""
    if option is not None:
        return option
    if has_answers_file:
        return False
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    return sys.stdin.isatty()


def run_start(options: StartOptions, flow: Flow | None = None) -> None:
    terminal = Terminal(quiet_stdout=options.json_output)
    guarded(terminal, lambda: run_flow(options, terminal, flow or Flow()))


def _draft_document(
    answers: Answers, left_empty: set[tuple[str, ...]], now: datetime
) -> dict[str, Any]:
    from meldcode_cli.dossier.entry import jsonable

    return {
        "soort": "concept",
        "opgeslagen": now.isoformat(timespec="seconds"),
        "antwoorden": jsonable(answers),
        "leeg_gelaten": sorted(".".join(path) for path in left_empty),
    }


def _offer_draft(
    terminal: Terminal, dossier: Any, today: date, flow: Flow
) -> tuple[Answers, set[tuple[str, ...]]]:
    """Offer to resume one of the drafts; a corrupt one is set aside, never deleted.

    The run goes on writing to the draft it resumes; a new start writes a draft of its own.
    """
    import questionary

    from meldcode_cli.interview.prompts import select
    from meldcode_cli.protocol.questions import shape_version
    from meldcode_cli.protocol.validate import validate

    own = dossier.draft_name
    offers: list[tuple[str, Answers, dict[str, Any]]] = []
    for path in dossier.drafts(flow.draft_prefix):
        dossier.draft_name = path.name
        try:
            draft = dossier.load_draft()
        except DossierError as exc:
            aside = dossier.set_aside_draft(datetime.now())
            terminal.warn(f"{exc.message} Het is apart gezet als {aside.name}.")
            continue
        if draft is not None:
            kept = draft["antwoorden"]  # a draft of an earlier meldcode keeps its shape
            answers, problems = validate(
                kept, today, partial=True, root=flow.root, shape=shape_version(kept)
            )
            if problems:  # e.g. an evaluation date that has passed since: asked again
                terminal.warn(
                    f"Deze antwoorden uit het concept van {_moment(draft)} kloppen niet meer en"
                    " worden opnieuw gevraagd: " + "; ".join(str(problem) for problem in problems)
                )
            offers.append((path.name, answers, draft))
    dossier.draft_name = own
    if not offers:
        return {}, set()

    def described(answers: Answers, draft: dict[str, Any]) -> str:
        reference = flow.referentie or answers.get("casus", {}).get("referentie")
        casus = f"casus {safe_text(str(reference))}" if reference else "nog zonder kenmerk"
        return f"concept van {_moment(draft)} ({casus})"

    if len(offers) == 1:
        name, answers, draft = offers[0]
        choice = select(
            f"Er is een {described(answers, draft)}.",
            [
                questionary.Choice("Verder gaan met het concept", value=name),
                questionary.Choice("Opnieuw beginnen (het concept wordt weggegooid)", value=""),
            ],
        )
        if not choice:
            dossier.draft_name = name
            dossier.discard_draft()
            dossier.draft_name = own
    else:
        choice = select(
            f"Er zijn {len(offers)} concepten. Met welk wil je verder?",
            [
                *(
                    questionary.Choice(f"Verder met het {described(a, d)}", value=n)
                    for n, a, d in offers
                ),
                questionary.Choice("Opnieuw beginnen (de concepten blijven bewaard)", value=""),
            ],
        )
    if not choice:
        return {}, set()
    name, answers, draft = next(offer for offer in offers if offer[0] == choice)
    dossier.draft_name = name  # go on writing to the draft that is resumed
    marks = draft.get("leeg_gelaten")
    left_empty = {tuple(str(m).split(".")) for m in marks} if isinstance(marks, list) else set()
    return answers, left_empty


def _moment(draft: dict[str, Any]) -> str:
    """When a draft was saved, as dd-mm-jjjj om uu:mm (read from disk: checked)."""
    try:
        moment = datetime.fromisoformat(str(draft.get("opgeslagen", "")))
    except ValueError:
        return "onbekende datum"
    return f"{moment:%d-%m-%Y} om {moment:%H:%M}"


def run_flow(options: StartOptions, terminal: Terminal, flow: Flow) -> None:
    """Gather answers (file and/or prompts), decide, review, and write one entry."""
    from meldcode_cli.dossier.entry import compose_entry, render_markdown
    from meldcode_cli.dossier.store import Dossier, resolve_dossier_dir
    from meldcode_cli.interview.answers_file import load_answers_file, problems_error
    from meldcode_cli.protocol.questions import ANSWERS_FORMAT_VERSION
    from meldcode_cli.protocol.validate import file_version, validate

    root = flow.root
    version = ANSWERS_FORMAT_VERSION  # a file of an earlier version is judged by its own

    now = datetime.now().astimezone()
    today = now.date()
    prompts = wants_prompts(options.interactive, options.answers is not None)
    if not prompts and options.answers is None:
        raise NoTerminalError(
            "Er is geen terminal om vragen te stellen.",
            hint="Gebruik een antwoordenbestand: meldcode start --answers BESTAND"
            " (maak er een met meldcode template).",
        )

    answers: Answers = dict(flow.initial)
    if options.answers is not None:
        loaded = load_answers_file(options.answers)
        version = file_version(loaded.data)
        data = _with_known_answers(loaded.data, flow.initial)
        answers, problems = validate(data, today, partial=prompts, with_version=True, root=root)
        if problems:
            raise problems_error(options.answers, loaded.with_lines(problems))
        _check_known_answers(answers, flow.initial)
        given = answers.get("casus", {}).get("referentie")
        if flow.referentie and given not in (None, flow.referentie):
            raise UsageError(
                f"Het antwoordenbestand hoort bij casus '{safe_text(str(given))}', maar het"
                f" vervolg is voor casus '{safe_text(flow.referentie)}'. Er is niets opgeslagen."
            )
        for key, value in flow.initial.items():
            if isinstance(value, dict):
                answers[key] = {**value, **answers.get(key, {})}
            else:
                answers.setdefault(key, value)

    dossier = Dossier(
        resolve_dossier_dir(options.dossier_dir), Dossier.new_draft_name(flow.draft_prefix, now)
    )
    if options.dry_run:
        dossier.check_folder()
    else:
        for warning in dossier.ensure():
            terminal.warn(warning)

    def render(current: Answers) -> str:
        """The entry as it would be saved, for the review step: no id or moment yet."""
        outcome = flow.decide(current)
        return render_markdown(
            entry_id="",
            answers=current,
            besluit=outcome,
            vervolg=flow.vervolg(outcome, today, current),
            created=now,
            soort=flow.soort,
            referentie=flow.reference(current),
            vervolg_op=flow.vervolg_op,
            preview=True,
        )

    if prompts:
        answers = _interview(options, terminal, dossier, answers, today, render, flow)

    answers, problems = validate(answers, today, root=root, version=version)
    if problems:
        raise problems_error(options.answers or "de antwoorden", problems)
    outcome = flow.decide(answers)
    vervolg = flow.vervolg(outcome, today, answers)
    if options.dry_run:
        if not prompts:
            from rich.markdown import Markdown

            terminal.out.print(Markdown(render(answers)))
        _show_decision(terminal, outcome, vervolg, written=None)
        if options.json_output:
            _print_json(_result_document(answers, outcome, vervolg, flow), None)
        terminal.info("Proefrun: er is niets opgeslagen.")
        return

    entry = compose_entry(
        answers=answers,
        besluit=outcome,
        vervolg=vervolg,
        created=datetime.now().astimezone(),  # the moment of writing, not of starting
        soort=flow.soort,
        referentie=flow.reference(answers),
        vervolg_op=flow.vervolg_op,
    )
    markdown, document = entry.markdown, entry.document
    try:
        written = dossier.write_entry(entry.id, markdown, document, follows=flow.vervolg_op)
    except DossierError as exc:
        if prompts and options.answers is None and dossier.draft_path.exists():
            exc.hint = (
                f"Je antwoorden zijn bewaard als concept. Los het probleem op en typ"
                f" '{flow.resume_command}' om verder te gaan."
            )
        raise
    if prompts and options.answers is None:
        try:
            dossier.discard_draft()
        except OSError:
            terminal.warn("Het concept kon niet worden verwijderd; je kunt het negeren.")
    try:
        _show_decision(terminal, outcome, vervolg, written=written)
        if options.json_output:
            _print_json(document, written)
        sys.stdout.flush()
    except OSError as exc:
        from meldcode_cli.files import os_reason

        # The entry is on disk: say so, with its id, so that nobody runs it again.
        raise DossierError(
            f"Het dossierstuk is opgeslagen als {written.id}, maar de uitvoer kon niet worden"
            f" geschreven ({os_reason(exc)}). Voer de opdracht niet opnieuw uit: dan staat"
            " het er twee keer in."
        ) from None


def _with_known_answers(data: Any, initial: Answers) -> Any:
    """An answers file completed with what an earlier entry already holds (the melding of
    stap 2), so that it is judged as a whole. The file's own answers stay as written; they
    are compared once judged (see :func:`_check_known_answers`)."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for key, known in initial.items():
        given = data.get(key)
        if key == "casus" or not isinstance(known, dict) or not isinstance(given, dict | None):
            continue
        own = {k: v for k, v in (given or {}).items() if v is not None}
        for sub, value in known.items():  # a choice said otherwise: refused at once
            said = own.get(sub)
            if isinstance(value, str) and isinstance(said, str) and said.strip().lower() != value:
                _contradiction(key, str(sub), said, value)
        data[key] = {**known, **own}
    return data


def _contradiction(key: str, sub: str, given: Any, known: Any) -> None:
    from meldcode_cli.dossier.entry import jsonable

    raise UsageError(
        f"Het antwoordenbestand zegt bij {key}.{safe_text(sub)}"
        f" '{safe_text(str(jsonable(given)))}', maar het eerdere dossierstuk zegt"
        f" '{jsonable(known)}'. Er is niets opgeslagen."
    )


def _check_known_answers(answers: Answers, initial: Answers) -> None:
    """A file that contradicts the earlier entry (``gisteren`` for yesterday is fine) is
    refused: the record never holds two versions of one fact."""
    for key, known in initial.items():
        judged = answers.get(key)
        if key == "casus" or not isinstance(known, dict) or not isinstance(judged, dict):
            continue
        for sub, value in known.items():
            if sub in judged and judged[sub] != value:
                _contradiction(key, sub, judged[sub], value)


def _interview(
    options: StartOptions,
    terminal: Terminal,
    dossier: Any,
    answers: Answers,
    today: date,
    render: Any,
    flow: Flow,
) -> Answers:
    from meldcode_cli.interview.prompts import Interviewer

    keep_draft = options.answers is None and not options.dry_run
    draft_failed = False

    interviewer: Interviewer | None = None

    def save_draft(current: Answers) -> None:
        nonlocal draft_failed
        if not keep_draft or interviewer is None:
            return
        try:
            document = _draft_document(current, interviewer.left_empty, datetime.now())
            dossier.save_draft(document)
        except DossierError as exc:
            if not draft_failed:
                terminal.warn(
                    f"{exc.message} Je kunt doorgaan, maar bij afbreken gaat werk verloren."
                )
            draft_failed = True

    stop = (
        "Ctrl-C stopt; je antwoorden blijven dan bewaard als concept."
        if keep_draft
        else "Ctrl-C stopt; er wordt dan niets opgeslagen."
    )
    from meldcode_cli.protocol.vervolg import SOORT_TITEL

    title = "Meldcode huiselijk geweld en kindermishandeling"
    if flow.soort is not Soort.START:
        title = f"{SOORT_TITEL[flow.soort]} — casus {safe_text(flow.reference(answers))}"
    terminal.out.print(f"[bold]{escape(title)}[/bold]\n[dim]{stop}[/dim]")
    try:
        left_empty: set[tuple[str, ...]] = set()
        resumed = False
        if keep_draft:
            answers, left_empty = _offer_draft(terminal, dossier, today, flow)
            resumed = bool(answers)
            answers = {**flow.initial, **answers}
        interviewer = Interviewer(
            terminal.out,
            today,
            on_change=save_draft,
            ask_optional=options.answers is None,
            left_empty=left_empty,
            steps=flow.steps,
        )
        if resumed:
            interviewer.answers = answers
            interviewer.recap()
        interviewer.fill(answers)
        return interviewer.review(render)
    except EOFError:  # the input ran dry: there is no one typing
        kept = keep_draft and not draft_failed and dossier.draft_path.exists()
        raise NoTerminalError(
            "De invoer is op: er is geen terminal om de vragen te beantwoorden."
            + (" Je antwoorden tot nu toe zijn bewaard als concept." if kept else ""),
            hint="Gebruik een antwoordenbestand: meldcode start --answers BESTAND"
            " (maak er een met meldcode template).",
        ) from None
    except KeyboardInterrupt:  # Ctrl-C
        if keep_draft and not draft_failed and dossier.draft_path.exists():
            message = (
                f"{INTERRUPTED_MESSAGE} Je antwoorden tot nu toe zijn bewaard als concept;"
                f" '{flow.resume_command}' biedt aan om verder te gaan."
            )
        else:
            message = INTERRUPTED_MESSAGE
        raise Interrupted(message) from None


def _result_document(answers: Answers, outcome: Outcome, vervolg: Vervolg, flow: Flow) -> Any:
    """What ``--json`` shows of a run that saves nothing: no id, no moment."""
    from meldcode_cli.dossier.entry import besluit_document, jsonable

    return {
        "referentie": flow.reference(answers),
        "besluit": besluit_document(outcome),
        "vervolg": {
            "evaluatie_op": jsonable(vervolg.evaluatie_op),
            "veilig_thuis_terugbellen_uiterlijk": jsonable(vervolg.terugbellen_uiterlijk),
        },
    }


def _show_decision(terminal: Terminal, outcome: Outcome, vervolg: Vervolg, written: Any) -> None:
    from rich.panel import Panel

    from meldcode_cli.dossier.entry import vervolg_lines
    from meldcode_cli.protocol.vervolg import vervolg_kind

    body = [f"[bold]{escape(outcome.titel)}[/bold]", "", "Waarom:"]
    body += [f"• {escape(reden)}" for reden in outcome.redenen]
    body += [f"\n[yellow]Let op:[/yellow] {escape(w)}" for w in outcome.waarschuwingen]
    lines = vervolg_lines(outcome, vervolg, saved=written is not None)
    if lines:
        body += ["", "Wat nu:", *(escape(line) for line in lines)]
    if written is not None:
        code = written.id.rsplit("-", 1)[-1]
        body += [
            "",
            f"Opgeslagen in het dossier als {written.id} (code {code}):",
            f"  {escape(str(written.markdown))}",
            f"  {escape(str(written.json))}",
        ]
        terugbellen, evaluatie = vervolg.terugbellen_uiterlijk, vervolg.evaluatie_op
        if vervolg_kind(
            outcome.uitkomst,
            terugbellen.isoformat() if terugbellen else None,
            evaluatie.isoformat() if evaluatie else None,
        ):
            body.append(f"Leg het vervolg later vast met: meldcode vervolg {code}")
    style = "red" if outcome.melden else "green"
    terminal.out.print(Panel("\n".join(body), title="Besluit", border_style=style, expand=False))


def _print_json(document: dict[str, Any], written: Any) -> None:
    result = {
        "id": document["id"] if written else None,
        "opgeslagen": written is not None,
        "referentie": document["referentie"],
        "uitkomst": document["besluit"]["uitkomst"],
        "besluit": document["besluit"],
        "vervolg": document["vervolg"],
        "bestanden": (
            {"markdown": str(written.markdown), "json": str(written.json)} if written else None
        ),
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
