"""Judge a whole set of answers against the declaration, reporting every problem at once.

Used for answers files, drafts and the final check before an entry is written, with
the same per-answer rules (:func:`parse_value`) as the prompts.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from meldcode_cli.errors import Problem
from meldcode_cli.protocol.model import (
    Answers,
    Clause,
    Cond,
    Field,
    Group,
    InvalidAnswer,
    Kind,
    ListOf,
    Node,
    check_order,
    implied_answer,
    lookup,
    parse_value,
)
from meldcode_cli.protocol.questions import (
    ANSWERS_FORMAT_VERSION,
    ROOT,
    SUPPORTED_VERSIONS,
    root_for,
    shape_version,
    upgrade,
)
from meldcode_cli.text import is_number, safe_text

Path = tuple[str, ...]


def _list_keys(node: Node) -> set[str]:
    if isinstance(node, Field):
        return set()
    if isinstance(node, ListOf):
        return {node.key} | _list_keys(node.item)
    return set().union(*(_list_keys(child) for child in node.children))


_LIST_KEYS = _list_keys(ROOT)


def format_path(path: Path) -> str:
    """``('signalen', '0', 'bron')`` → ``signalen[1].bron``; list items count from 1."""
    out = ""
    previous = ""
    for part in path:
        if previous in _LIST_KEYS and is_number(part):
            out += f"[{int(part) + 1}]"
        else:
            out += f".{part}" if out else part
        previous = part
    return out


@dataclass
class _Run:
    today: date
    partial: bool
    infer: bool = False
    version: int = ANSWERS_FORMAT_VERSION
    out: Answers = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreachable: set[Path] = field(default_factory=set)
    undecided: set[Path] = field(default_factory=set)
    case: Mapping[str, Any] = field(default_factory=dict)  # dates of the earlier entries
    suggested: int = 0  # unknown keys met so far (see MAX_SUGGESTIONS)

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(format_path(path), message))

    def clause(self, clause: Clause) -> bool | None:
        """True/False when decidable; None when the answer it depends on is missing or bad."""
        if clause.since > self.version:
            return True  # a file of before: the question was asked regardless
        if clause.retired:
            return False  # no longer asked in a file of this version
        for cut in range(1, len(clause.path) + 1):
            if clause.path[:cut] in self.unreachable:
                return False
        if clause.values is None:  # asked when something is answered there
            where = format_path(clause.path)
            if any(problem.path == where for problem in self.problems):
                return None  # answered, but not usable: its own problem is said
            return clause.holds(self.out)
        if clause.path in self.undecided:
            return None
        if lookup(self.out, clause.path) is None:
            return None
        return clause.holds(self.out)

    def condition(self, cond: Cond) -> bool | None:
        """False as soon as one clause is False; None while one is undecided; else True."""
        results = [self.clause(clause) for clause in cond.clauses]
        if False in results:
            return False
        if None in results:
            return None
        return True

    def unreachable_message(self, cond: Cond) -> str:
        cond_clause = next(c for c in cond.clauses if self.clause(c) is False)
        found = lookup(self.out, cond_clause.path)
        where = format_path(cond_clause.path)
        if cond_clause.retired:
            return (
                f"deze vraag wordt sinds versie {cond_clause.since} van het antwoordenbestand"
                " niet meer gesteld. Laat dit antwoord weg."
            )
        if cond_clause.values is None and cond_clause.negated:
            return (
                f"deze vraag wordt alleen gesteld als {where} niet is ingevuld: dat antwoord"
                " zegt het al. Laat dit antwoord weg."
            )
        if cond_clause.values is None:
            return (
                f"deze vraag wordt alleen gesteld als {where} is ingevuld. Laat dit antwoord"
                " weg, of vul ook dat in."
            )
        if found is None:
            return (
                f"deze vraag wordt niet gesteld, omdat {where} ook niet gesteld wordt."
                " Laat dit antwoord weg."
            )
        wanted = " of ".join(f"'{value}'" for value in sorted(cond_clause.values))
        return (
            f"deze vraag wordt niet gesteld, omdat {where} '{found}' is (alleen bij {wanted})."
            " Laat dit antwoord weg."
        )


# An answers file is five levels deep; anything deeper than this is refused before it is
# judged (every judge here walks the tree, and Python's stack has an end).
MAX_DEPTH = 32


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """True when ``data`` nests mappings and lists deeper than ``limit`` (walked without
    recursion, so any depth can be measured)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)
    return False


def has_content(value: Any) -> bool:
    """True when ``value`` holds at least one real answer; ``null`` means "not answered"."""
    if value is None:
        return False
    if isinstance(value, Mapping):
        return any(has_content(v) for v in value.values())
    if isinstance(value, list):
        return any(has_content(v) for v in value)
    return True


def key_text(key: str | int) -> str:
    """The one spelling of a key: ``1``, ``"1"`` and ``"01"`` are the same afweging."""
    text = str(key)
    return str(int(text)) if is_number(text) else text


def _normalise_keys(raw: Mapping[Any, Any], path: Path, run: _Run) -> dict[str, Any]:
    result: dict[str, Any] = {}
    spelled: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(key, bool) or not isinstance(key, str | int):
            run.problem(path, f"sleutel {safe_text(repr(key))} is geen tekst.")
            continue
        text = key_text(key)
        if text in result:  # never merged silently: "1" and 1 are one key given twice
            run.problem(
                (*path, text),
                f"deze sleutel staat er twee keer in ({_shown_key(spelled[text])} en"
                f" {_shown_key(key)}); geef elk antwoord één keer.",
            )
            continue
        spelled[text] = key
        result[text] = value
    return result


def _shown_key(key: Any) -> str:
    return f"'{safe_text(key)}'" if isinstance(key, str) else str(key)


# Suggestions ("Bedoel je …?") for at most this many unknown keys in one file.
MAX_SUGGESTIONS = 20


def _unknown_keys(group_keys: list[str], raw: Mapping[str, Any], path: Path, run: _Run) -> None:
    for key in raw:
        if key in group_keys:
            continue
        run.suggested += 1
        close = (
            difflib.get_close_matches(key[:100], group_keys, n=1)
            if run.suggested <= MAX_SUGGESTIONS
            else []
        )
        hint = f" Bedoel je '{close[0]}'?" if close else ""
        allowed = ", ".join(group_keys)
        run.problem((*path, key), f"onbekende sleutel.{hint} Toegestaan op deze plek: {allowed}.")


MAYBE = "maybe"


def _reachable(node: Node, path: Path, raw_present: bool, run: _Run) -> bool | str:
    """True, False, or MAYBE (partial answers: the branch is not decided yet)."""
    if node.when is None:
        return True
    holds = run.condition(node.when)
    if holds is None:
        if run.partial:
            return MAYBE  # judge the answer now; it is dropped later if its branch closes
        run.undecided.add(path)
        return False
    if not holds:
        run.unreachable.add(path)
        if raw_present:
            run.problem(path, run.unreachable_message(node.when))
        return False
    return True


def _field(
    fld: Field,
    group: Group,
    raw: Mapping[str, Any],
    target: dict[str, Any],
    path: Path,
    run: _Run,
) -> None:
    present = fld.key in raw and raw[fld.key] is not None
    reach = _reachable(fld, path, present, run)
    if not reach:
        return
    if fld.computed is not None:
        expected = fld.computed(target)
        if present:
            try:
                given = parse_value(fld, raw[fld.key], run.today)
            except InvalidAnswer as exc:
                run.problem(path, exc.message)
                run.undecided.add(path)
                return
            if expected is not None and given != expected:
                run.problem(
                    path,
                    f"'{given}' spreekt de antwoorden hierboven tegen: daaruit volgt '{expected}'."
                    " Elk ja bij acute onveiligheid of structurele onveiligheid betekent ja"
                    " bij afweging 2. Disclosure is een eigen grond om te melden en telt"
                    " hier niet mee.",
                )
                # Go on with the derived answer, so later afwegingen are judged against it.
        if expected is None:
            run.undecided.add(path)
        else:
            target[fld.key] = expected
        return
    value: Any = None
    if present:
        try:
            value = parse_value(fld, raw[fld.key], run.today)
        except InvalidAnswer as exc:
            run.problem(path, exc.message)
            run.undecided.add(path)
            return
    if value is None and run.infer and fld.kind is Kind.CHOICE:
        # Never a default: only what the answers of this branch say (a date and an advice
        # of a consultation say that it took place).
        given = {key: v for key, v in raw.items() if has_content(v)}
        value = implied_answer(group, path, given)
    if value is None:
        run.undecided.add(path)
        if fld.required_in(run.version) and not run.partial:
            run.problem(path, f"ontbreekt: {fld.label}")
        return
    try:
        check_order(fld, value, run.out, run.case)
    except InvalidAnswer as exc:
        run.problem(path, exc.message)
        run.undecided.add(path)
        return
    target[fld.key] = value


def _group(
    group: Group,
    raw: Mapping[str, Any],
    target: dict[str, Any],
    path: Path,
    run: _Run,
) -> None:
    keys = [child.key for child in group.children]
    _unknown_keys(keys, raw, path, run)
    for child in group.children:
        child_path = (*path, child.key)
        if isinstance(child, Field):
            _field(child, group, raw, target, child_path, run)
            continue
        present = has_content(raw.get(child.key))
        reach = _reachable(child, child_path, present, run)
        if not reach:
            continue
        value = raw.get(child.key)
        if isinstance(child, Group):
            if value is None or (isinstance(value, Mapping) and not has_content(value)):
                value = {}
            if not isinstance(value, Mapping):
                run.problem(child_path, "verwacht een groep sleutels (een mapping).")
                run.undecided.add(child_path)
                continue
            sub: dict[str, Any] = {}
            target[child.key] = sub
            _group(child, _normalise_keys(value, child_path, run), sub, child_path, run)
            if not sub:
                del target[child.key]
        else:
            _list(child, value, target, child_path, run)


def _list(lst: ListOf, value: Any, target: dict[str, Any], path: Path, run: _Run) -> None:
    if value is None or (isinstance(value, list) and not has_content(value)):
        value = []
    if not isinstance(value, list):
        run.problem(path, f"verwacht een lijst van {lst.title.lower()}.")
        run.undecided.add(path)
        return
    if len(value) > lst.max_items:
        run.problem(path, f"te veel: {len(value)}, het maximum is {lst.max_items}.")
        run.undecided.add(path)
        return
    if not value:
        if lst.required_in(run.version) and not run.partial:
            run.problem(path, f"ontbreekt: minstens één {lst.noun}.")
        run.undecided.add(path)
        return
    items: list[dict[str, Any]] = []
    target[lst.key] = items
    for index, item in enumerate(value):
        item_path = (*path, str(index))
        if not has_content(item):
            continue  # an empty item, as the template has one, is no answer
        if not isinstance(item, Mapping):
            run.problem(item_path, f"verwacht een {lst.noun} met sleutels.")
            continue
        sub: dict[str, Any] = {}
        items.append(sub)
        _group(lst.item, _normalise_keys(item, item_path, run), sub, item_path, run)


def validate(
    raw: object,
    today: date,
    *,
    partial: bool = False,
    with_version: bool = False,
    infer: bool | None = None,
    root: Group = ROOT,
    version: int = ANSWERS_FORMAT_VERSION,
    shape: int = ANSWERS_FORMAT_VERSION,
    case: Mapping[str, Any] | None = None,
) -> tuple[Answers, list[Problem]]:
    """Return the normalised answers and every problem found.

    ``partial`` allows missing answers (a draft, or a file that the prompts will complete).
    ``with_version`` expects the answers file's ``versie`` key at the top; a file of an
    earlier version is read with the questions of that version (see :func:`upgrade`).
    ``version`` is the answers-file version the answers are judged by otherwise: a
    question asked only since a later version may then be left out. ``shape`` is the
    version whose questions the answers are in (a draft of an earlier meldcode).
    ``infer`` (by default: for an answers file) lets a left-out choice follow from the
    answers of its branch; never for a draft, where a left-out choice was not yet asked.
    ``case``: the dates of the case's earlier entries that the date rules compare with
    (``Procedure.case``).
    """
    run = _Run(today=today, partial=partial, infer=with_version if infer is None else infer)
    run.case = case or {}
    if not isinstance(raw, Mapping):
        first = ", ".join(child.key for child in root.children[:2])
        run.problem((), f"verwacht bovenaan een groep sleutels ({first}, …).")
        return {}, run.problems
    data = _normalise_keys(raw, (), run)
    run.version = version
    if with_version:
        data.pop("kader", None)  # chosen before the answers are judged (see session)
        given = data.pop("versie", None)
        # Without a version it can read, the file is judged by the questions it looks like.
        run.version = shape = shape_version(data)
        if given is None:
            run.problem(("versie",), f"ontbreekt: zet 'versie: {ANSWERS_FORMAT_VERSION}' bovenaan.")
        elif isinstance(given, bool) or given not in SUPPORTED_VERSIONS:
            *rest, last = (str(v) for v in SUPPORTED_VERSIONS)
            known = f"{', '.join(rest)} en {last}" if rest else last
            run.problem(
                ("versie",),
                f"versie {safe_text(repr(given))} wordt niet ondersteund; deze versie van"
                f" meldcode leest versie {known}.",
            )
        else:
            run.version = shape = int(given)
    _group(root_for(shape, root), data, run.out, (), run)
    return upgrade(run.out, shape), run.problems


def file_version(raw: object) -> int:
    """The answers-file version a file says it has (the current one when it says none
    that is known: then its own validation has already refused it)."""
    given = raw.get("versie") if isinstance(raw, Mapping) else None
    if isinstance(given, int) and not isinstance(given, bool) and given in SUPPORTED_VERSIONS:
        return given
    return ANSWERS_FORMAT_VERSION


def prune(
    answers: Answers,
    today: date,
    root: Group = ROOT,
    case: Mapping[str, Any] | None = None,
) -> tuple[Answers, dict[Path, Any]]:
    """Drop answers whose branch is closed; return the kept answers and the dropped ones,
    by place and with their values, so that a prompt can offer them again.

    Used after a changed answer in the review step: derived answers are worked out anew,
    and answers that the new branch makes unreachable are removed, so an entry never
    holds answers to questions that were not asked.
    """
    fresh = _without_computed(root, answers)
    kept, _ = validate(fresh, today, partial=True, root=root, case=case)
    dropped: dict[Path, Any] = {}
    _diff(fresh, kept, (), dropped)
    return kept, dropped


def _without_computed(node: Node, value: Any) -> Any:
    return _without(node, value, lambda fld: fld.computed is not None)


def recorded(answers: Answers, root: Group = ROOT) -> Answers:
    """The answers as they go into the record: without the derived answers that only
    steer which questions come (``stored=False``)."""
    result: Answers = _without(root, answers, lambda fld: not fld.stored)
    return result


def _without(node: Node, value: Any, leave_out: Any) -> Any:
    if isinstance(node, Group) and isinstance(value, Mapping):
        children = {child.key: child for child in node.children}
        result = {}
        for key, sub in value.items():
            child = children.get(key)
            if isinstance(child, Field) and leave_out(child):
                continue
            result[key] = _without(child, sub, leave_out) if child is not None else sub
        return result
    if isinstance(node, ListOf) and isinstance(value, list):
        return [_without(node.item, item, leave_out) for item in value]
    return value


def _diff(before: Any, after: Any, path: Path, dropped: dict[Path, Any]) -> None:
    if isinstance(before, Mapping):
        for key, value in before.items():
            if not isinstance(after, Mapping) or key not in after:
                dropped[(*path, str(key))] = value
            else:
                _diff(value, after[key], (*path, str(key)), dropped)
    elif isinstance(before, list) and isinstance(after, list):
        for index, (old, new) in enumerate(zip(before, after, strict=False)):
            _diff(old, new, (*path, str(index)), dropped)
