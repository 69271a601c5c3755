"""The terminal front end: questionary prompts over the protocol declaration.

Every typed answer goes through the same :func:`parse_value` as an answers file. Ctrl-C
raises ``KeyboardInterrupt`` out of ``unsafe_ask``; the caller handles it in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import questionary
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.rule import Rule

from meldcode_cli.protocol.model import (
    JA,
    Answers,
    Field,
    Group,
    InvalidAnswer,
    Kind,
    ListOf,
    Node,
    Step,
    check_order,
    format_date,
    lookup,
    parse_value,
    root_of,
)
from meldcode_cli.protocol.questions import STEPS
from meldcode_cli.protocol.validate import prune
from meldcode_cli.text import safe_text

STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansigreen"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("instruction", "fg:ansibrightblack"),
    ]
)

SELECT_INSTRUCTION = "(pijltjes en Enter)"
# A judgement starts on this line: Enter alone chooses nothing (Field.explicit).
NOTHING_CHOSEN = "(kies een antwoord)"
CHOOSE_ONE = "Kies een antwoord met de pijltjes: Enter alleen kiest niets."
CHECKBOX_INSTRUCTION = "(spatiebalk kiest, Enter gaat verder)"
ROOM_TO_TYPE = 12  # on the row of a text question: a date, a number, the first words


def select(
    message: str, choices: list[questionary.Choice], *, explicit: bool = False, **options: Any
) -> Any:
    """A questionary select in our style, with a Dutch instruction; Ctrl-C propagates.
    A long choice wraps onto the next rows, between words, instead of being cut off.
    ``explicit`` (a judgement, with no answer yet): the cursor starts on an empty line
    above the choices, and Enter there chooses nothing; the question is asked again."""
    options.setdefault("instruction", SELECT_INSTRUCTION)
    default = options.pop("default", None)
    shown = wrapped(choices, indent=3)  # " » " before each choice
    if isinstance(default, questionary.Choice):
        default = shown[choices.index(default)]
    nothing = None
    if explicit and default is None:
        nothing = questionary.Choice(NOTHING_CHOSEN, value=NOTHING_CHOSEN)
        shown = [nothing, *shown]
        default = nothing
    tell_if_not_a_terminal()
    while True:
        question = under_the_question(
            questionary.select(
                fitted(message, room=len(options["instruction"] or "")),
                choices=shown,
                style=STYLE,
                default=default,
                # questionary repeats the chosen title on one line; a wrapped one garbles it.
                erase_when_done=True,
                **options,
            )
        )
        answer = question.unsafe_ask()
        if nothing is None or answer != NOTHING_CHOSEN:
            break
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        print_formatted_text(
            FormattedText([("class:instruction", f"  {CHOOSE_ONE}")]),
            style=STYLE,
            output=question.application.output,
        )
    title = next((c.title for c in choices if c.value == answer), answer)
    answered(question, message, str(title))
    return answer


def fitted(message: str, room: int = 0) -> str:
    """The question broken between words to fit the terminal, its next rows under its
    first word (prompt_toolkit breaks it at the edge of the screen, inside a word).
    ``room``: columns to keep free after its last word, for the instruction or the
    answer that follows on the same row; without room they start on a row of their own."""
    import shutil
    import textwrap

    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1) - 2  # "? " before it
    if len(message) + 1 + room <= width:
        return message
    lines = textwrap.wrap(message, width, break_on_hyphens=False)
    text = "\n  ".join(lines)
    if len(lines[-1]) + 1 + room > width:
        text += "\n "  # questionary puts a space before what follows: two in all
    return text


def answered(question: Any, message: str, answer: str) -> None:
    """What questionary shows after an answer (the question, then the answer), but
    wrapped between words at the width of the terminal."""
    import shutil
    import textwrap

    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
    lines = textwrap.wrap(
        f"{message} {answer}", width - 2, break_on_hyphens=False, break_long_words=True
    )
    asked = len(message.replace(" ", ""))  # wrapping drops spaces, never other characters
    fragments: list[tuple[str, str]] = [("class:qmark", "? ")]
    seen = 0
    for number, line in enumerate(lines):
        if number:
            fragments.append(("", "\n  "))
        for character in line:
            if character != " ":
                seen += 1
            style = "class:question" if seen <= asked else "class:answer"
            fragments.append((style, character))
    print_formatted_text(FormattedText(fragments), style=STYLE, output=question.application.output)


def wrapped(choices: list[questionary.Choice], indent: int) -> list[questionary.Choice]:
    """The choices with titles that fit the terminal: a long title is broken between
    words, and its next rows start under its first word. questionary cuts a title off at
    the edge of the screen."""
    import shutil
    import textwrap

    width = max(20, shutil.get_terminal_size((80, 24)).columns - indent - 1)
    shown = []
    for choice in choices:
        title = choice.title
        if isinstance(title, str) and len(title) > width and choice.value is not None:
            lines = textwrap.wrap(title, width, break_on_hyphens=False)
            title = ("\n" + " " * indent).join(lines)
            choice = questionary.Choice(
                title, value=choice.value, disabled=choice.disabled, checked=choice.checked
            )
        shown.append(choice)
    return shown


@contextmanager
def private_temp_folder(folder: Path) -> Iterator[None]:
    """While the block runs, temporary files (the editor's) are made in ``folder``, a
    private folder (0700) that is removed again when it is empty."""
    import contextlib
    import tempfile

    from meldcode_cli.files import make_private_folders

    make_private_folders(folder)
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = before
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: a file still there is the editor's


def tell_if_not_a_terminal() -> None:
    """Say once, in Dutch, that the questions are read from something other than a
    terminal (a pipe or a file). prompt_toolkit says so itself in English ("Warning:
    Input is not a terminal") when a question is made: it is told here that this has
    been said. Called before every question is made."""
    import sys

    try:
        from prompt_toolkit.input.vt100 import Vt100Input

        stdin = sys.stdin
        if stdin is None or stdin.isatty():
            return
        fd = stdin.fileno()
    except (ImportError, AttributeError, OSError, ValueError):  # no stdin with a number
        return
    told = getattr(Vt100Input, "_fds_not_a_terminal", None)
    if not isinstance(told, set) or fd in told:
        return
    told.add(fd)
    sys.stderr.write("Let op: de invoer is geen terminal.\n")
    sys.stderr.flush()


def under_the_question(question: Any) -> Any:
    """A text prompt whose error stands right under it. prompt_toolkit lets the input
    line grow to the bottom of the screen, and its error line sits below that: on the
    last row, far from the question. The input line keeps its own height here."""
    from prompt_toolkit.filters import to_filter

    for window in question.application.layout.find_all_windows():
        window.dont_extend_height = to_filter(True)
    return question


def what_changed(before: str, after: str) -> str:
    """The lines of the entry that a change altered, as Markdown: under the heading of
    their part, what it said and what it says now."""
    import difflib

    old, new = before.splitlines(), after.splitlines()
    heading_at, old_heading = _headings(new), _headings(old)
    changes: list[tuple[str, list[str], list[str]]] = []  # part, was, now
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        was = [line for line in old[a1:a2] if line.strip()]
        now = [line for line in new[b1:b2] if line.strip()]
        if not was and not now:
            continue
        if all(line.startswith(_BESLUIT_IN_HEAD) for line in was + now):
            continue  # the head's repeat of the decision: its own part follows below
        # The part a change is about: a heading among the changed lines themselves, else
        # the heading the new lines stand under, else that of the old ones.
        inside = [line.lstrip("#").strip() for line in was + now if line.startswith("#")]
        if inside:
            where = ", ".join(dict.fromkeys(inside))
        else:
            where = heading_at[b1] if b1 < len(new) and now else old_heading[a1] if was else ""
        if changes and changes[-1][0] == where:  # one part, changed in two places: once
            changes[-1][1].extend(was)
            changes[-1][2].extend(now)
        else:
            changes.append((where, was, now))
    parts: list[str] = []
    for where, was, now in changes:
        parts.append(f"**{where}**" if where else "**Dossierstuk**")
        if was:
            parts.append("Was:\n\n" + "\n".join(was))
        if now:
            parts.append("Nu:\n\n" + "\n".join(now))
    return "\n\n".join(parts) if parts else "Er is niets veranderd."


_BESLUIT_IN_HEAD = "- **Besluit:**"  # the entry's head repeats its decision


def _headings(lines: list[str]) -> list[str]:
    """The heading each line of a Markdown text stands under ("" before the first)."""
    under: list[str] = []
    heading = ""
    for line in lines:
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        under.append(heading)
    return under


SAVE = "opslaan"
WHOLE = "alles"
CHANGE = "wijzigen"


def _shown(fld: Field, value: Any) -> str:
    if isinstance(value, date):
        return format_date(value)
    if fld.kind is Kind.CHOICE:
        return fld.choice_label(str(value))
    if fld.kind is Kind.MULTI and isinstance(value, list):
        return ", ".join(fld.choice_label(str(v)) for v in value)
    return str(value)


def _bring_back_on_up(text: str) -> Any:
    """Pijltje omhoog puts ``text`` (an earlier answer) in the prompt, to keep or edit."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("up")
    def _(event: Any) -> None:
        event.current_buffer.text = text
        event.current_buffer.cursor_position = len(text)

    return bindings


def _as_text(fld: Field, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    return str(value)


# The value of the offered choice "Ja, met …" (see Interviewer.offers).
OFFERED = "__aangeboden__"


class Interviewer:
    """Asks what is still open in ``answers``, then lets the practitioner review it."""

    def __init__(
        self,
        console: Console,
        today: date,
        on_change: Callable[[Answers], None] | None = None,
        *,
        ask_optional: bool = True,
        left_empty: set[tuple[str, ...]] | None = None,
        steps: tuple[Step, ...] = STEPS,
        edit_folder: Path | None = None,
        case: Mapping[str, Any] | None = None,
        offers: Mapping[tuple[str, ...], str] | None = None,
    ) -> None:
        self.steps = steps
        # Answers the practitioner's profile knows (the colleague they consult): offered
        # as one choice with the question their own question depends on.
        self.offers: Mapping[tuple[str, ...], str] = offers or {}
        # Dates of the case's earlier entries that the date rules compare with.
        self.case: Mapping[str, Any] = case or {}
        # Long text can be written in the practitioner's editor (Ctrl-X Ctrl-E); its file
        # is made in this private folder, never in the system's temporary folder. None:
        # no editor.
        self.edit_folder = edit_folder
        self._editor_told = False
        self.console = console
        self.today = today
        self.on_change = on_change
        # With an answers file, an optional answer the file leaves out counts as empty.
        self.ask_optional = ask_optional
        self.answers: Answers = {}
        # Optional questions left empty leave no answer; remember them so that they are
        # not asked again after a change in the review step.
        self.left_empty: set[tuple[str, ...]] = set(left_empty or ())
        # Answers taken away by a change in the review: offered again, pre-filled, when
        # their question comes back, so that Enter keeps what still applies.
        self.remembered: dict[tuple[str, ...], Any] = {}

    @property
    def root(self) -> Group:
        return root_of(self.steps)

    # ----------------------------------------------------------------- asking

    def hint(self, text: str) -> None:
        """A help text under the question, indented also where it wraps."""
        from rich.padding import Padding
        from rich.text import Text

        self.console.print(Padding(Text(safe_text(text), style="dim"), (0, 0, 0, 2)))

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.answers)

    def ask_field(
        self, fld: Field, current: Any = None, *, earlier: Any = None, offer: str | None = None
    ) -> Any:
        """Ask ``fld``. ``current``: the answer it has (a change in the review), where the
        prompt starts; ``earlier``: an answer it had before a change took it away, only
        within reach (pijltje omhoog) for a typed answer, never where the prompt starts.
        ``offer``: a first choice "Ja, met …" that also answers the question after it
        (chosen, it returns OFFERED)."""
        if fld.help:
            self.hint(fld.help)
        if fld.kind is Kind.CHOICE:
            default = current if current is not None else fld.preselect
            choices = [questionary.Choice(c.label, value=c.code) for c in fld.choices]
            if offer is not None:
                choices.insert(0, questionary.Choice(f"Ja, met {safe_text(offer)}", OFFERED))
                default = OFFERED if current is None else default
            return select(
                fld.label,
                choices,
                default=next((c for c in choices if c.value == default), None),
                explicit=fld.explicit,
            )
        if fld.kind is Kind.MULTI:
            chosen = set(current or [])
            multi = wrapped(
                [
                    questionary.Choice(c.label, value=c.code, checked=c.code in chosen)
                    for c in fld.choices
                ],
                indent=5,  # " » ○ " before each choice
            )
            tell_if_not_a_terminal()
            question = under_the_question(
                questionary.checkbox(
                    fitted(fld.label, room=len(CHECKBOX_INSTRUCTION)),
                    choices=multi,
                    style=STYLE,
                    instruction=CHECKBOX_INSTRUCTION,
                    validate=lambda picked: bool(picked) or "Kies minstens één.",
                    # questionary ends with "done (2 selections)": it erases its own line,
                    # and the choices are repeated here in Dutch.
                    erase_when_done=True,
                )
            )
            picked = question.unsafe_ask()
            labels = [c.label for c in fld.choices if c.code in picked]
            answered(question, fld.label, ", ".join(labels))
            return picked

        def check(text: str) -> bool | str:
            try:
                value = parse_value(fld, text, self.today)
                check_order(fld, value, self.answers, self.case)  # as in an answers file
            except InvalidAnswer as exc:
                return exc.message[:1].upper() + exc.message[1:]
            if value is None and fld.required:
                return "Dit antwoord is verplicht."
            return True

        default = _as_text(fld, current)
        if not default and fld.kind is Kind.DATE and fld.suggest_today:
            default = format_date(self.today)
        editor = self.edit_folder is not None and fld.kind is Kind.TEXT and fld.max_length > 200
        if editor and not self._editor_told:
            self.hint("Lange tekst? Ctrl-X en dan Ctrl-E opent je eigen editor ($EDITOR).")
            self._editor_told = True
        extra: dict[str, Any] = {}
        if earlier is not None:
            extra["key_bindings"] = _bring_back_on_up(_as_text(fld, earlier))
        tell_if_not_a_terminal()
        question = questionary.text(
            fitted(fld.label, room=ROOM_TO_TYPE),
            default=default,
            **extra,
            validate=check,
            style=STYLE,
            enable_open_in_editor=editor,
            tempfile_suffix=".txt",
            # prompt_toolkit would leave the answer as it was typed, broken at the edge of
            # the screen inside a word: it is repeated below, wrapped between words.
            erase_when_done=True,
        )
        if not editor:
            text = under_the_question(question).unsafe_ask()
        else:
            assert self.edit_folder is not None
            with private_temp_folder(self.edit_folder):
                text = under_the_question(question).unsafe_ask()
        answered(question, fld.label, safe_text(text))
        return parse_value(fld, text, self.today)

    def _fill_group(
        self, group: Group, target: dict[str, Any], path: tuple[str, ...], heading: bool
    ) -> None:
        if heading and group.title and not self._complete(group, path[:-1]):
            self.console.print(f"\n[bold]{safe_text(group.title)}[/bold]")
        for child in group.children:
            if child.when is not None and not child.when.holds(self.answers):
                continue
            child_path = (*path, child.key)
            if isinstance(child, Field):
                self._fill_field(child, target, child_path, self._offer(group, child, path))
            elif isinstance(child, Group):
                sub = target.setdefault(child.key, {})
                self._fill_group(child, sub, child_path, heading=True)
                if not sub:
                    del target[child.key]
            else:
                later = group.children[group.children.index(child) + 1 :]
                self._fill_list(child, target, child_path, self._touched(later, path))

    def _offer(self, group: Group, fld: Field, path: tuple[str, ...]) -> tuple[str, str] | None:
        """(key, answer) of a question after ``fld`` that the profile knows and that is asked
        only when ``fld`` is ja: offered with ``fld`` as "Ja, met …"."""
        if fld.kind is not Kind.CHOICE or not self.offers:
            return None
        for child in group.children:
            known = self.offers.get((*path, child.key))
            cond = child.when
            if known is None or cond is None or len(cond.clauses) != 1:
                continue
            clause = cond.clauses[0]
            if clause.path == (*path, fld.key) and clause.values == frozenset({JA}):
                return child.key, known
        return None

    def _fill_field(
        self,
        fld: Field,
        target: dict[str, Any],
        path: tuple[str, ...],
        offer: tuple[str, str] | None = None,
    ) -> None:
        if fld.computed is not None:
            value = fld.computed(target)
            if value is not None and target.get(fld.key) != value:
                target[fld.key] = value
                self.console.print(
                    f"  [bold]Daaruit volgt:[/bold] {safe_text(fld.choice_label(value))}",
                    highlight=False,
                )
                self._changed()
            return
        if fld.key in target or path in self.left_empty:
            return
        if not fld.required and not self.ask_optional:
            self.left_empty.add(path)
            return
        # An answer taken away by a change in the review is shown for reference, never
        # kept by an Enter: it was given under other answers, so it is asked again empty.
        earlier = self.remembered.pop(path, None)
        if earlier is not None:
            again = (
                "pijltje omhoog haalt het terug om te bewerken"
                if fld.kind in (Kind.TEXT, Kind.DATE, Kind.INT)
                else "kies opnieuw"
            )
            self.hint(f"Eerder stond hier: {safe_text(_shown(fld, earlier))} ({again}).")
        if offer is not None and offer[0] in target:
            offer = None  # answered already (a draft, or a change in the review)
        value = self.ask_field(fld, earlier=earlier, offer=offer[1] if offer else None)
        if value == OFFERED and offer is not None:  # "Ja, met <collega uit het profiel>"
            value = JA
            target[offer[0]] = offer[1]
        self._notice(fld, value)
        if value is not None:
            target[fld.key] = value
        else:
            self.left_empty.add(path)
        self._changed()

    def _notice(self, fld: Field, value: Any) -> None:
        if fld.notice is not None and value == fld.notice[0]:
            self.console.print(f"[bold red]{escape(fld.notice[1])}[/bold red]")

    def _touched(self, nodes: tuple[Node, ...], prefix: tuple[str, ...]) -> bool:
        """True when any of ``nodes`` holds an answer or was left empty: the practitioner
        got past what comes before them."""
        for node in nodes:
            path = (*prefix, node.key)
            if lookup(self.answers, path) is not None or path in self.left_empty:
                return True
        return False

    def _fill_list(
        self, lst: ListOf, target: dict[str, Any], path: tuple[str, ...], passed: bool = False
    ) -> None:
        """Ask the items of a list. ``passed``: a later question is answered already, so the
        practitioner finished this list (a resumed draft does not ask for more)."""
        items = target.get(lst.key)
        if path in self.left_empty and not items:
            return  # moved past without items, as with an empty optional answer
        if not lst.required and not self.ask_optional and not items:
            self.left_empty.add(path)  # an answers file that leaves an optional list out
            return
        resumed = isinstance(items, list) and bool(items)
        if not isinstance(items, list):
            items = []
            target[lst.key] = items
            if lst.help:
                self.hint(lst.help)
        for index, item in enumerate(items, start=1):
            missing = [
                f
                for f in lst.item.children
                if isinstance(f, Field) and f.key not in item and f.required
            ]
            if missing:
                self.console.print(f"\n[bold]{lst.noun.capitalize()} {index}[/bold]")
                self._fill_group(lst.item, item, (*path, str(index - 1)), heading=False)
        if resumed and (passed or path in self.left_empty):
            return
        while True:
            if len(items) >= lst.min_items:
                if len(items) >= lst.max_items:
                    return
                more = select(
                    f"Nog een {lst.noun} toevoegen?",
                    [
                        questionary.Choice("Nee, verder", value=False),
                        questionary.Choice("Ja", value=True),
                    ],
                )
                if not more:
                    # Remembered in the draft like an empty answer: a resume goes on after it.
                    self.left_empty.add(path)
                    self._changed()
                    return
            self.add_item(lst, items, path)

    def add_item(self, lst: ListOf, items: list[dict[str, Any]], path: tuple[str, ...]) -> None:
        item: dict[str, Any] = {}
        items.append(item)
        self.console.print(f"\n[bold]{lst.noun.capitalize()} {len(items)}[/bold]")
        self._fill_group(lst.item, item, (*path, str(len(items) - 1)), heading=False)

    def fill(self, answers: Answers) -> Answers:
        """Ask every reachable question that ``answers`` leaves open, step by step."""
        self.answers = answers
        for step in self.steps:
            if all(self._complete(node) for node in step.nodes):
                continue
            self.console.print()
            self.console.print(Rule(f"[bold]{step.title}[/bold]", align="left"))
            self.console.print(f"[dim]{step.intro}[/dim]", highlight=False)
            for node in step.nodes:
                if node.when is not None and not node.when.holds(self.answers):
                    continue
                if isinstance(node, Field):
                    self._fill_field(node, self.answers, (node.key,))
                elif isinstance(node, Group):
                    sub = self.answers.setdefault(node.key, {})
                    self._fill_group(node, sub, (node.key,), heading=False)
                    if not sub:
                        del self.answers[node.key]
                else:
                    later = step.nodes[step.nodes.index(node) + 1 :]
                    self._fill_list(node, self.answers, (node.key,), self._touched(later, ()))
        return self.answers

    def _complete(self, node: Node, prefix: tuple[str, ...] = ()) -> bool:
        """True when nothing under ``node`` would be asked."""
        if node.when is not None and not node.when.holds(self.answers):
            return True
        path = (*prefix, node.key)
        value = lookup(self.answers, path)
        if isinstance(node, Field):
            return node.computed is not None or value is not None or path in self.left_empty
        if isinstance(node, ListOf):
            if not isinstance(value, list) or len(value) < node.min_items:
                return False
            return all(
                self._complete(child, (*path, str(i)))
                for i in range(len(value))
                for child in node.item.children
            )
        return all(self._complete(child, path) for child in node.children)

    def recap(self) -> None:
        """One line per step of what a resumed draft already holds, before going on."""
        width = max(40, min(self.console.width, 80)) - 1
        self.console.print("\n[bold]Al beantwoord in het concept:[/bold]")
        for step in self.steps:
            if all(n.when is not None and not n.when.holds(self.answers) for n in step.nodes):
                continue  # a step that may never come (the melding, before the afwegingen)
            name = step.title.split(" — ")[0]
            parts = [
                f"{fld.title}: {_shown(fld, value)}"
                for node in step.nodes
                for path, fld in self._fields(node, ())
                if fld.computed is None and (value := lookup(self.answers, path)) is not None
            ]
            text = f"  {name}: " + ("; ".join(parts) if parts else "nog niets")
            if len(text) > width:
                text = text[: width - 1] + "…"
            self.console.print(safe_text(text), markup=False, highlight=False)

    # ----------------------------------------------------------------- review

    def review(
        self, render: Callable[[Answers], str], save: str = "Ja, opslaan in het dossier"
    ) -> Answers:
        """Show the entry as it will be saved; let the practitioner change any answer.
        After a change, what changed is shown (the whole entry on request)."""
        self._settle()
        before: str | None = None  # the entry as last shown, when a change followed
        whole = True
        while True:
            current = render(self.answers)
            self.console.print()
            if whole or before is None:
                self.console.print(Rule("[bold]Controleer je antwoorden[/bold]", align="left"))
                self.console.print(Markdown(current))
            else:
                self.console.print(Rule("[bold]Wat is veranderd[/bold]", align="left"))
                self.console.print(Markdown(what_changed(before, current)))
            choices = [
                questionary.Choice(save, value=SAVE),
                questionary.Choice("Nee, ik wil een antwoord wijzigen", value=CHANGE),
            ]
            if not whole:
                choices.append(questionary.Choice("Toon het hele dossierstuk", value=WHOLE))
            action = select("Klopt alles?", choices)
            if action == SAVE:
                return self.answers
            if action == WHOLE:
                whole = True
                continue
            before, whole = current, False
            self.change_one()

    def _editable(self) -> list[questionary.Choice]:
        """Every answer that can be changed, step by step under the step's title."""
        choices: list[questionary.Choice] = []
        for step in self.steps:
            of_step: list[questionary.Choice] = []
            for node in step.nodes:
                self._editable_node(node, (), step.title.split(" — ")[0], of_step)
            if of_step:
                choices.append(questionary.Separator(f"── {step.title}"))
                choices.extend(of_step)
        return choices

    def _editable_node(
        self, node: Node, prefix: tuple[str, ...], where: str, out: list[questionary.Choice]
    ) -> None:
        if node.when is not None and not node.when.holds(self.answers):
            return
        path = (*prefix, node.key)
        value = lookup(self.answers, path)
        if isinstance(node, Field):
            if node.computed is None:
                shown = safe_text(_shown(node, value)) if value is not None else "(leeg)"
                if len(shown) > 50:
                    shown = shown[:49] + "…"
                title = f"{where} / {self._human_path(path)}: {shown}"
                out.append(questionary.Choice(title, value=("veld", path)))
            return
        if isinstance(node, Group):
            for child in node.children:
                self._editable_node(child, path, where, out)
            return
        items = value if isinstance(value, list) else []
        for index in range(len(items)):
            for child in node.item.children:
                self._editable_node(child, (*path, str(index)), where, out)
        if len(items) < node.max_items:
            out.append(
                questionary.Choice(
                    f"{where} / {node.noun.capitalize()} toevoegen", value=("erbij", path)
                )
            )
        if len(items) > node.min_items:
            out.append(
                questionary.Choice(
                    f"{where} / {node.noun.capitalize()} verwijderen", value=("eraf", path)
                )
            )

    def _human_path(self, path: tuple[str, ...]) -> str:
        """``('afwegingen', '2', 'disclosure')`` → ``Afweging 2 / Disclosure``: the titles a
        practitioner saw, typeable in the search filter (ASCII separators only)."""
        # A group that is a step's only content is already named by the step.
        solo = {step.nodes[0].key for step in self.steps if len(step.nodes) == 1}
        parts: list[str] = []
        node: Node = self.root
        for depth, key in enumerate(path):
            if isinstance(node, ListOf):
                parts.append(f"{node.noun.capitalize()} {int(key) + 1}")
                node = node.item
                continue
            assert isinstance(node, Group)
            node = next(c for c in node.children if c.key == key)
            named_group = isinstance(node, Group) and not (depth == 0 and key in solo)
            if isinstance(node, Field) or named_group:
                parts.append(node.title)  # a list's title is left out: its items say it
        if not parts and isinstance(node, Group | ListOf):
            parts.append(node.title)  # a whole step's group, as a step names it
        return " / ".join(parts)

    def _node_at(self, path: tuple[str, ...]) -> Node:
        node: Node = self.root
        for key in path:
            if isinstance(node, ListOf):
                node = node.item
                continue
            assert isinstance(node, Group)
            node = next(c for c in node.children if c.key == key)
        return node

    def change_one(self) -> None:
        while True:
            picked = select(
                "Welk antwoord wil je wijzigen?",
                self._editable(),
                use_search_filter=True,
                use_jk_keys=False,
                instruction="(typ om te zoeken, pijltjes en Enter)",
            )
            if isinstance(picked, tuple):
                break
            # A search that finds nothing shows the whole list again, with the pointer on
            # a step's title: that is no answer to change.
            self.hint("Kies een antwoord, niet de titel van een stap.")
        kind, path = picked
        node = self._node_at(path)
        parent = lookup(self.answers, path[:-1])
        if kind == "veld" and isinstance(node, Field) and isinstance(parent, dict):
            before = parent.get(path[-1])
            value = self.ask_field(node, before)
            self._notice(node, value)
            if value is None:
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = value
            if value != before:
                self._bring_back_dependents(path)
        elif kind == "erbij" and isinstance(node, ListOf) and isinstance(parent, dict):
            self.add_item(node, parent.setdefault(path[-1], []), path)
        elif kind == "eraf" and isinstance(node, ListOf) and isinstance(parent, dict):
            items = parent[path[-1]]
            which = select(
                f"Welk {node.noun} wil je verwijderen?",
                [
                    questionary.Choice(
                        f"{node.noun.capitalize()} {i + 1}: {_summary(item)}", value=i
                    )
                    for i, item in enumerate(items)
                ],
            )
            del items[which]
        self._after_change()

    def _bring_back_dependents(self, changed: tuple[str, ...]) -> None:
        """Every answer that explains ``changed`` is asked again, pre-filled with its text."""
        for path, fld in self._fields(self.root, ()):
            if changed not in fld.depends_on:
                continue
            self.left_empty.discard(path)
            parent = lookup(self.answers, path[:-1])
            if isinstance(parent, dict) and path[-1] in parent:
                self.remembered[path] = parent.pop(path[-1])

    def _fields(self, node: Node, prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], Field]]:
        """Every field of the tree with its place (list items by the answers' count)."""
        path = (*prefix, node.key) if node.key else prefix
        if isinstance(node, Field):
            return [(path, node)]
        if isinstance(node, Group):
            return [pair for child in node.children for pair in self._fields(child, path)]
        items = lookup(self.answers, path)
        count = len(items) if isinstance(items, list) else 0
        return [
            pair
            for index in range(count)
            for child in node.item.children
            for pair in self._fields(child, (*path, str(index)))
        ]

    def _remember(self, path: tuple[str, ...], value: Any) -> None:
        """Keep each dropped answer, group by group, to offer it again if it comes back."""
        if isinstance(value, dict):
            for key, sub in value.items():
                self._remember((*path, str(key)), sub)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, sub in enumerate(value):
                self._remember((*path, str(index)), sub)
        else:
            self.remembered.setdefault(path, value)

    def _after_change(self) -> None:
        self._prune()
        self._changed()
        self.fill(self.answers)
        self._settle()

    def _settle(self) -> None:
        """A later answer can close a branch that was still open (the decision to report
        is known only once the afwegingen are complete): drop and ask until it holds."""
        while self._prune():
            self._changed()
            self.fill(self.answers)

    def _prune(self) -> bool:
        """Drop answers whose branch is closed; say which, by their titles. True if any."""
        kept, dropped = prune(self.answers, self.today, self.root, self.case)
        self.answers.clear()
        self.answers.update(kept)
        for path, value in dropped.items():
            self._remember(path, value)
        if dropped:
            titles = ", ".join(self._human_path(path) for path in dropped)
            self.console.print(
                f"[yellow]Door je wijziging vervallen deze antwoorden:[/yellow] {escape(titles)}",
                highlight=False,
            )
        return bool(dropped)


def _summary(item: Mapping[str, Any]) -> str:
    text = " · ".join(safe_text(str(v)) for v in item.values())
    return text if len(text) <= 60 else text[:59] + "…"
