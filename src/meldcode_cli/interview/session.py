"""One recording: an answers file and/or the prompts, the draft, the final check, and
the entry written to the dossier. The command line only chooses and prints.

A :class:`Recording` is the result: what was answered, the decision, the follow-up
dates, and the entry written (or, for a dry run, the entry as it would be).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meldcode_cli import clock
from meldcode_cli.errors import (
    INTERRUPTED_MESSAGE,
    DossierError,
    Interrupted,
    NoTerminalError,
    UsageError,
)
from meldcode_cli.protocol.model import Answers
from meldcode_cli.protocol.procedure import Outcome, Procedure, Vervolg
from meldcode_cli.protocol.uitkomsten import Soort
from meldcode_cli.text import safe_text

if TYPE_CHECKING:
    from meldcode_cli.dossier.case import Case
    from meldcode_cli.dossier.reader import Scan, Summary
    from meldcode_cli.dossier.store import Dossier, WrittenEntry
    from meldcode_cli.interview.screen import Screen
    from meldcode_cli.protocol.kader import Kader
    from meldcode_cli.protocol.profiel import Profiel


@dataclass(frozen=True)
class SessionOptions:
    dossier_dir: Path | None
    answers: str | None  # an answers file
    prompts: bool  # ask what the file leaves open (or everything, without a file)
    dry_run: bool
    profiel: Profiel | None = None  # who records; their kader and dossier folder
    # Where a profile made at the first case is kept (None: no profile is offered).
    profiel_path: Path | None = None


@dataclass(frozen=True)
class Recording:
    procedure: Procedure
    answers: Answers
    outcome: Outcome
    dates: Vervolg
    markdown: str  # the entry as written, or for a dry run as it would be
    written: WrittenEntry | None  # None: a dry run, nothing saved
    document: dict[str, Any] | None  # the JSON document written


def draft_prefix(procedure: Procedure) -> str:
    """Drafts of a first run, or of a follow-up of one entry: one file per run."""
    if procedure.soort is Soort.START or procedure.vervolg_op is None:
        return ".concept-start"  # also matches the single draft of earlier versions
    return f".concept-vervolg-{procedure.vervolg_op}"


def _draft_document(
    answers: Answers, left_empty: set[tuple[str, ...]], now: datetime, kader_id: str
) -> dict[str, Any]:
    from meldcode_cli.dossier.entry import jsonable

    return {
        "soort": "concept",
        "opgeslagen": now.isoformat(timespec="seconds"),
        # The answers were given to this kader's questions: a resume keeps it.
        "kader": kader_id,
        "antwoorden": jsonable(answers),
        "leeg_gelaten": sorted(".".join(path) for path in left_empty),
    }


def _offer_draft(
    screen: Screen, dossier: Any, today: date, procedure: Procedure
) -> tuple[Answers, set[tuple[str, ...]]]:
    """Offer to resume one of the drafts; a corrupt one is set aside, never deleted.

    The run goes on writing to the draft it resumes; a new start writes a draft of its own.
    """
    import questionary

    from meldcode_cli.interview.prompts import select
    from meldcode_cli.protocol.questions import shape_version
    from meldcode_cli.protocol.validate import validate

    own = dossier.draft_name
    dossier.lock_draft(own)  # this run's own draft: no other terminal will offer it
    offers: list[tuple[str, Answers, dict[str, Any]]] = []
    in_use = 0
    for path in dossier.drafts(draft_prefix(procedure)):
        name = path.name.removesuffix(".age")  # plain or encrypted: one draft, one lock
        if name == own:
            continue
        if not dossier.lock_draft(name):
            in_use += 1  # another terminal is working on it right now
            continue
        dossier.use_draft(path)
        try:
            draft = dossier.load_draft()
        except DossierError as exc:
            aside = dossier.set_aside_draft(clock.local_now())
            screen.warn(f"{exc.message} Het is apart gezet als {aside.name}.")
            continue
        if draft is not None:
            kader = _kader_of_draft(draft, procedure)
            if kader is None:
                screen.warn(
                    f"Het concept van {_moment(draft)} is gemaakt met een afwegingskader dat"
                    " deze versie van meldcode niet kent; het wordt niet aangeboden (en niet"
                    " weggegooid)."
                )
                continue
            kept = draft["antwoorden"]  # a draft of an earlier meldcode keeps its shape
            root = replace(procedure, kader=kader).root
            answers, problems = validate(
                kept,
                today,
                partial=True,
                root=root,
                shape=shape_version(kept),
                case=procedure.case,
            )
            if problems:  # an evaluation date passed since, a question no longer asked
                screen.warn(
                    f"Deze antwoorden uit het concept van {_moment(draft)} kloppen niet meer en"
                    " worden niet overgenomen (wat nog van toepassing is, wordt opnieuw"
                    " gevraagd): " + "; ".join(str(problem) for problem in problems)
                )
            offers.append((name, answers, draft))
    dossier.draft_name = own
    if in_use:
        screen.warn(
            "Een concept is nu in gebruik in een andere terminal; het wordt hier niet aangeboden."
            if in_use == 1
            else f"{in_use} concepten zijn nu in gebruik in een andere terminal; ze worden"
            " hier niet aangeboden."
        )
    if not offers:
        return {}, set()

    def described(answers: Answers, draft: dict[str, Any]) -> str:
        reference = procedure.referentie or answers.get("casus", {}).get("referentie")
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
    for name, _, _ in offers:  # let go of the drafts this run does not go on with
        if name != choice:
            dossier.release_draft(name)
    if not choice:
        return {}, set()
    name, answers, draft = next(offer for offer in offers if offer[0] == choice)
    # Go on with the questions the draft's answers were given to (a profile may name
    # another kader by now): the entry quotes the wording that was answered.
    procedure.kader = _kader_of_draft(draft, procedure) or procedure.kader
    dossier.release_draft(own)
    dossier.draft_name = name  # go on writing to the draft that is resumed
    marks = draft.get("leeg_gelaten")
    left_empty = {tuple(str(m).split(".")) for m in marks} if isinstance(marks, list) else set()
    return answers, left_empty


def _kader_of_draft(draft: dict[str, Any], procedure: Procedure) -> Kader | None:
    """The kader a draft was answered with (read from disk: checked); drafts of earlier
    versions did not say, and were all made with the kader of their procedure."""
    from meldcode_cli.protocol.kaders import known

    kader_id = draft.get("kader")
    if kader_id is None:
        return procedure.kader
    return known(kader_id) if isinstance(kader_id, str) else None


def _moment(draft: dict[str, Any]) -> str:
    """When a draft was saved, as dd-mm-jjjj om uu:mm (read from disk: checked)."""
    try:
        moment = datetime.fromisoformat(str(draft.get("opgeslagen", "")))
    except ValueError:
        return "onbekende datum"
    return f"{moment:%d-%m-%Y} om {moment:%H:%M}"


def record(options: SessionOptions, screen: Screen, procedure: Procedure) -> Recording:
    """Gather answers (file and/or prompts), decide, review, and write one entry."""
    held: list[Any] = []
    try:
        return _record(options, screen, procedure, held)
    finally:
        for dossier in held:  # however the run ends, its drafts are free again
            dossier.release_all()


def _record(
    options: SessionOptions, screen: Screen, procedure: Procedure, held: list[Any]
) -> Recording:
    from meldcode_cli.dossier.entry import compose_entry, render_markdown
    from meldcode_cli.dossier.store import Dossier, resolve_dossier_dir
    from meldcode_cli.interview.answers_file import load_answers_file, problems_error
    from meldcode_cli.protocol.questions import ANSWERS_FORMAT_VERSION
    from meldcode_cli.protocol.validate import file_version, validate

    if options.profiel is not None and procedure.soort is Soort.START:
        procedure = replace(procedure, kader=options.profiel.kader)
    root = procedure.root
    version = ANSWERS_FORMAT_VERSION  # a file of an earlier version is judged by its own

    now = clock.now()
    today = now.date()
    prompts = options.prompts

    answers: Answers = dict(procedure.initial)
    if options.answers is not None:
        loaded = load_answers_file(options.answers)
        version = file_version(loaded.data)
        procedure = _with_kader_of(loaded.data, procedure, options.answers)
        root = procedure.root
        data = _with_known_answers(loaded.data, procedure.initial)
        answers, problems = validate(
            data, today, partial=prompts, with_version=True, root=root, case=procedure.case
        )
        if problems:
            raise problems_error(options.answers, loaded.with_lines(problems))
        _check_known_answers(answers, procedure.initial)
        given = answers.get("casus", {}).get("referentie")
        if procedure.referentie and given not in (None, procedure.referentie):
            raise UsageError(
                f"Het antwoordenbestand hoort bij casus '{safe_text(str(given))}', maar het"
                f" vervolg is voor casus '{safe_text(procedure.referentie)}'. Er is niets"
                " opgeslagen."
            )
        for key, value in procedure.initial.items():
            if isinstance(value, dict):
                answers[key] = {**value, **answers.get(key, {})}
            else:
                answers.setdefault(key, value)

    dossier = Dossier(
        resolve_dossier_dir(
            options.dossier_dir, options.profiel.dossiermap if options.profiel else None
        ),
        Dossier.new_draft_name(draft_prefix(procedure), now),
    )
    held.append(dossier)
    if options.dry_run:
        dossier.check_folder()
    else:
        for warning in dossier.ensure():
            screen.warn(warning)
    if _first_case(options, procedure, dossier):
        made = _offer_profiel(screen, options.profiel_path)
        if made is not None:
            options = replace(options, profiel=made)
            procedure = replace(procedure, kader=made.kader)
            root = procedure.root

    def render(current: Answers) -> str:
        """The entry as it would be saved, for the review step: no id or moment yet."""
        outcome = procedure.decide(current)
        return render_markdown(
            entry_id="",
            answers=current,
            besluit=outcome,
            vervolg=procedure.dates(outcome, today, current),
            created=now,
            soort=procedure.soort,
            referentie=procedure.reference(current),
            vervolg_op=procedure.vervolg_op,
            preview=True,
            door=options.profiel.vastgelegd_door() if options.profiel else None,
        )

    if prompts:
        answers = _interview(options, screen, dossier, answers, today, render, procedure)

    answers, problems = validate(answers, today, root=root, version=version, case=procedure.case)
    if problems:
        raise problems_error(options.answers or "de antwoorden", problems)
    outcome = procedure.decide(answers)
    dates = procedure.dates(outcome, today, answers)
    if options.dry_run:
        return Recording(procedure, answers, outcome, dates, render(answers), None, None)

    from meldcode_cli.dossier.reader import previous_of_case, unsigned_digests

    reference = procedure.reference(answers)
    try:
        with dossier.writing():  # linked and written while no other run of here writes
            _no_second_key(dossier)
            signing_key = dossier.signing_key(lambda: unsigned_digests(dossier))
            links = previous_of_case(dossier, reference)
            entry = compose_entry(
                vorige=links[0] if links else None,
                ook_vorige=links[1:],
                sleutel=signing_key,
                answers=answers,
                besluit=outcome,
                vervolg=dates,
                created=clock.now(),  # the moment of writing, not of starting
                soort=procedure.soort,
                referentie=procedure.reference(answers),
                vervolg_op=procedure.vervolg_op,
                door=options.profiel.vastgelegd_door() if options.profiel else None,
            )
            written = dossier.write_entry(
                entry.id, entry.markdown, entry.document, follows=procedure.vervolg_op
            )
    except DossierError as exc:
        _keep_draft_hint(exc, options, prompts, dossier, procedure)
        raise
    if prompts and options.answers is None:
        try:
            dossier.discard_draft()
        except OSError:
            screen.warn("Het concept kon niet worden verwijderd; je kunt het negeren.")
    return Recording(
        procedure,
        answers,
        outcome,
        dates,
        entry.markdown,
        written,
        entry.document,
    )


def _no_second_key(dossier: Dossier) -> None:
    """A second device brings the key of the first; it never makes its own, or every
    entry of the other device would read as foreign from then on (README, "Twee
    apparaten")."""
    from meldcode_cli.dossier.reader import signed_entry
    from meldcode_cli.dossier.sleutel import load_sleutel

    if dossier.codec.encrypted or load_sleutel() is not None:
        return  # an encrypted dossier signs with a key that follows from its identity
    other = signed_entry(dossier)
    # A run beside this one may have made the key and its first entry a moment ago.
    if other is not None and load_sleutel() is None:
        raise DossierError(
            f"In deze dossiermap staan ondertekende dossierstukken (zoals {other}), maar op"
            " deze computer staat geen sleutel. Een nieuwe sleutel zou alles van je andere"
            " computer 'vreemd' maken, dus die maak ik niet. Er is niets opgeslagen.",
            hint="Maak op je andere computer 'meldcode sleutel export BESTAND' en zet hem hier"
            " met 'meldcode sleutel import BESTAND'. Zie README, 'Twee apparaten'.",
        )


def _first_case(options: SessionOptions, procedure: Procedure, dossier: Any) -> bool:
    """The practitioner's first case, typed in a terminal, without a profile: no entry
    and no draft in the dossier yet."""
    return (
        options.prompts
        and options.answers is None
        and not options.dry_run
        and options.profiel is None
        and options.profiel_path is not None
        and procedure.soort is Soort.START
        and not dossier.has_entries()
        and not dossier.drafts(draft_prefix(procedure))
    )


def _offer_profiel(screen: Screen, path: Path | None) -> Profiel | None:
    """Before the first case: who records. Skippable; the entry then says it was recorded
    without a profile."""
    import questionary

    from meldcode_cli.interview.profiel import ProfielOptions, record_profiel
    from meldcode_cli.interview.prompts import select

    assert path is not None
    screen.out.print(
        "[bold]Je hebt nog geen profiel.[/bold] Daarin staat wie je bent (naam, beroep,"
        " registratie), hoe Veilig Thuis je bereikt en met welk afwegingskader je werkt. Elk"
        " dossierstuk noemt dan wie het vastlegde."
    )
    try:
        nu = select(
            "Wil je je profiel nu vastleggen?",
            [
                questionary.Choice("Ja, nu vastleggen", value=True),
                questionary.Choice(
                    "Nee, nu niet (het dossierstuk zegt dan: vastgelegd zonder profiel)",
                    value=False,
                ),
            ],
        )
    except EOFError:
        raise NoTerminalError(
            "De invoer is op: er is geen terminal om de vragen te beantwoorden.",
            hint="Gebruik een antwoordenbestand: meldcode start --answers BESTAND",
        ) from None
    except KeyboardInterrupt:
        raise Interrupted(INTERRUPTED_MESSAGE) from None
    if not nu:
        return None
    made = record_profiel(ProfielOptions(path, None, True), screen)
    from rich.markup import escape

    screen.out.print(f"Profiel bewaard in {escape(safe_text(str(path)))}. Nu de casus.")
    return made


def _keep_draft_hint(
    exc: DossierError, options: SessionOptions, prompts: bool, dossier: Any, procedure: Procedure
) -> None:
    """A failure after the questions: the answers are in the draft; say how to go on."""
    if prompts and options.answers is None and dossier.draft_path.exists():
        exc.message = exc.message.replace(" Er is niets opgeslagen.", "")
        exc.hint = (
            f"Je antwoorden zijn bewaard als concept. Los het probleem op en typ"
            f" '{procedure.resume_command}' om verder te gaan."
        )


def _with_kader_of(data: Any, procedure: Procedure, source: str) -> Procedure:
    """The procedure with the kader an answers file names (``kader: ID``). A follow-up
    keeps the kader of the entry it follows: a file that names another is refused."""
    from dataclasses import replace

    from meldcode_cli.protocol.kaders import KADERS, known

    given = data.get("kader") if isinstance(data, dict) else None
    if given is None:
        return procedure
    kader = known(given.strip()) if isinstance(given, str) else None
    if kader is None:
        raise UsageError(
            f"{source}: kader {safe_text(repr(given))} kent meldcode niet; kies uit:"
            f" {', '.join(KADERS)}. Er is niets opgeslagen.",
            hint="Bekijk ze met: meldcode kaders",
        )
    if procedure.soort is not Soort.START and kader is not procedure.kader:
        raise UsageError(
            f"{source}: kader '{kader.id}', maar het dossierstuk waar dit een vervolg op is,"
            f" is vastgelegd met '{procedure.kader.id}'. Een vervolg houdt het kader van de"
            " casus. Er is niets opgeslagen."
        )
    return replace(procedure, kader=kader)


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
    options: SessionOptions,
    screen: Screen,
    dossier: Any,
    answers: Answers,
    today: date,
    render: Any,
    procedure: Procedure,
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
            document = _draft_document(
                current, interviewer.left_empty, clock.local_now(), procedure.kader.id
            )
            dossier.save_draft(document)
        except DossierError as exc:
            if not draft_failed:
                screen.warn(
                    f"{exc.message} Je kunt doorgaan, maar bij afbreken gaat werk verloren."
                )
            draft_failed = True

    stop = (
        "Ctrl-C stopt; je antwoorden blijven dan bewaard als concept."
        if keep_draft
        else "Ctrl-C stopt; er wordt dan niets opgeslagen."
    )
    from meldcode_cli.protocol.uitkomsten import SOORT_TITEL

    title = "Meldcode huiselijk geweld en kindermishandeling"
    if procedure.soort is not Soort.START:
        title = f"{SOORT_TITEL[procedure.soort]} — casus {safe_text(procedure.reference(answers))}"
    from rich.markup import escape

    screen.out.print(f"[bold]{escape(safe_text(title))}[/bold]\n[dim]{stop}[/dim]")
    if procedure.bekend:  # what the case records already: shown with its date, not asked
        screen.out.print("\n[bold]Al vastgelegd in deze casus:[/bold]")
        for line in procedure.bekend:
            screen.out.print(f"  {escape(safe_text(line))}")
    try:
        left_empty: set[tuple[str, ...]] = set()
        resumed = False
        if keep_draft:
            answers, left_empty = _offer_draft(screen, dossier, today, procedure)
            resumed = bool(answers)
            answers = {**procedure.initial, **answers}
        interviewer = Interviewer(
            screen.out,
            today,
            on_change=save_draft,
            ask_optional=options.answers is None,
            left_empty=left_empty,
            steps=procedure.steps,
            edit_folder=None if options.dry_run else dossier.edit_path,
            case=procedure.case,
            offers=options.profiel.offers() if options.profiel else None,
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
                f" '{procedure.resume_command}' biedt aan om verder te gaan."
            )
        else:
            message = INTERRUPTED_MESSAGE
        raise Interrupted(message) from None


def follow_up(result: Scan, earlier: Summary, opnieuw: bool) -> Procedure:
    """The procedure that follows up ``earlier``: what its outcome asks for, with what
    the case holds up to it (read once, each entry checked: see ``dossier.case``)."""
    from meldcode_cli.dossier.case import read_case
    from meldcode_cli.protocol.vervolg import vervolg_kind

    later = result.followed_by(earlier.id)
    if later:
        from meldcode_cli.dossier.store import FollowUpTaken

        raise FollowUpTaken(earlier.id, later[0].id)
    case = read_case(result, earlier, "als basis voor een vervolg gebruiken")
    last = case.last
    if opnieuw:
        return Procedure(
            soort=Soort.OPNIEUW,
            kader=case.kader,
            referentie=case.referentie,
            vervolg_op=last.id,
            initial={"casus": {"referentie": case.referentie}},
        )
    soort = vervolg_kind(last.uitkomst, last.summary.terugbellen, last.summary.evaluatie_op)
    if soort is None:
        raise UsageError(
            f"Bij het besluit '{last.titel}' van {last.id} hoort geen evaluatie of"
            " vervolg op een melding.",
            hint=f"Zijn er nieuwe signalen? Gebruik: meldcode vervolg {last.id} --opnieuw",
        )
    afwegingen: dict[str, Any] = {}
    if soort is Soort.EVALUATIE:
        afwegingen = case.afwegingen_tot_4()
        if not afwegingen:
            raise DossierError(
                f"De afwegingen tot en met 4 van {last.id} zijn niet te vinden; de evaluatie"
                " kan niet worden vastgelegd."
            )
        _usable(afwegingen, case.kader, last.id)
    initial: dict[str, Any] = {}
    eerder: dict[str, Any] = {"datum": last.day}
    bekend: tuple[str, ...] = ()
    if soort is Soort.VEILIG_THUIS:
        initial, bekend = _known_melding(case)
        if not initial:  # the melding is made on the day of that entry or later
            eerder["melden_vanaf"] = last.day
        elif last.soort is Soort.VEILIG_THUIS:  # it said: no contact yet
            eerder["contact_vanaf"] = last.day
    return Procedure(
        soort=soort,
        kader=case.kader,
        referentie=case.referentie,
        vervolg_op=last.id,
        initial=initial,
        earlier_afwegingen=afwegingen,
        case={"eerder": eerder},
        bekend=bekend,
    )


def _usable(afwegingen: dict[str, Any], kader: Kader, earlier_id: str) -> None:
    """The stored afwegingen 1-4 lead to afweging 5, before anything is asked (read from
    disk: a signed entry of another version may still hold what this one cannot read)."""
    from meldcode_cli.protocol.afwegingskader import OnvolledigeAfweging
    from meldcode_cli.protocol.vervolg import evaluatie_besluit

    probe = {"evaluatie": {"antwoord": "ja", "toelichting": ""}}
    try:
        evaluatie_besluit(afwegingen, probe, kader)
    except (OnvolledigeAfweging, KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = str(exc) if isinstance(exc, OnvolledigeAfweging) else "onleesbaar"
        raise DossierError(
            f"De afwegingen tot en met 4 van {earlier_id} zijn niet volledig te lezen"
            f" ({safe_text(reason)}); de evaluatie kan niet worden vastgelegd. Er is niets"
            " opgeslagen.",
            hint="Kijk na wat er mis is met: meldcode dossier controleer",
        ) from None


def _known_melding(case: Case) -> tuple[Answers, tuple[str, ...]]:
    """A melding the case already records (in stap 2, or in a follow-up that waited for
    Veilig Thuis): its answers, not asked again, and the line that shows it."""
    from meldcode_cli.text import format_date

    melding = case.melding()
    if melding is None or melding.gemaakt_in is None or melding.gemeld_op is None:
        return {}, ()
    gemeld, made = melding.gemeld_op, melding.gemaakt_in
    known: dict[str, Any] = {"melding_gedaan": "ja", "melding_datum": gemeld}
    if made.melding_in_stap_2:
        line = (
            f"De melding is gedaan op {format_date(gemeld)}: Veilig Thuis nam haar in"
            f" ontvangst in stap 2 (dossierstuk {made.id})."
        )
        return {"veilig_thuis": known}, (line,)
    if melding.tijd is not None:
        known["melding_tijd"] = melding.tijd
    om = f" om {melding.tijd}" if melding.tijd else ""
    line = (
        f"De melding is gedaan op {format_date(gemeld)}{om}, zoals vastgelegd in dossierstuk"
        f" {made.id}."
    )
    return {"veilig_thuis": known}, (line,)
