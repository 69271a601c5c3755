"""The building blocks of the protocol declaration: fields, groups, lists and conditions.

Pure data and pure functions: no terminal, no files. The interview (prompts or an
answers file), the Markdown rendering, the answers-file template and its JSON Schema
are all views of a tree built from these classes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeAlias, assert_never

from meldcode_cli.text import UNSAFE_CHARACTERS, is_number
from meldcode_cli.text import format_date as format_date  # shown as the protocol says

Answers: TypeAlias = dict[str, Any]

JA = "ja"
NEE = "nee"


class Kind(Enum):
    TEXT = "tekst"
    DATE = "datum"
    INT = "getal"
    CHOICE = "keuze"
    MULTI = "meerkeuze"


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


JA_NEE = (Choice(JA, "Ja"), Choice(NEE, "Nee"))


@dataclass(frozen=True)
class Clause:
    """Holds when the answer at ``path`` (absolute, in the answers tree) is one of ``values``;
    with ``values`` None, when something is answered there (see :func:`given`).

    ``since``: the answers-file version from which the clause applies. A file of an earlier
    version was written when the question was asked regardless, so there the clause holds
    (see ``validate``); the prompts always ask as the newest version does."""

    path: tuple[str, ...]
    values: frozenset[str] | None
    since: int = 1
    # With ``values`` None: holds when nothing is answered at ``path`` (see :func:`unless`).
    negated: bool = False
    # Never holds from version ``since`` on: a question that is no longer asked (see
    # :func:`asked_before`); files of an earlier version still hold it.
    retired: bool = False

    def holds(self, answers: Mapping[str, Any]) -> bool:
        if self.retired:
            return False
        found = lookup(answers, self.path)
        if self.values is None:
            return _answered(found) != self.negated
        return found in self.values

    def describe(self) -> str:
        where = ".".join(self.path)
        if self.retired:
            return f"het antwoordenbestand ouder is dan versie {self.since}"
        if self.values is None:
            return f"{where} is niet ingevuld" if self.negated else f"{where} is ingevuld"
        shown = " of ".join(sorted(self.values))
        return f"{where} is {shown}"


def _answered(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, Mapping | list):
        return any(_answered(v) for v in (value.values() if isinstance(value, Mapping) else value))
    return value is not None


@dataclass(frozen=True)
class Cond:
    """A question's condition: every clause must hold (``when(a, x) & when(b, y)``)."""

    clauses: tuple[Clause, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return all(clause.holds(answers) for clause in self.clauses)

    def describe(self) -> str:
        return " en ".join(clause.describe() for clause in self.clauses)

    def on(self, path: tuple[str, ...]) -> frozenset[str] | None:
        """The values this condition allows for the answer at ``path`` (None: not named).
        A clause of a later version, or one that only asks for an answer, names nothing:
        it never implies an answer (see :func:`implied_answer`)."""
        for clause in self.clauses:
            if clause.path == path and clause.values is not None and clause.since == 1:
                return clause.values
        return None

    def __and__(self, other: Cond) -> Cond:
        return Cond(self.clauses + other.clauses)


def when(path: str, *values: str, since: int = 1) -> Cond:
    return Cond((Clause(tuple(path.split(".")), frozenset(values), since),))


def given(path: str, since: int = 1) -> Cond:
    """Asked only when something is answered at ``path`` (a follow-up question about it)."""
    return Cond((Clause(tuple(path.split(".")), None, since),))


def unless(path: str, since: int = 1) -> Cond:
    """Asked only when nothing is answered at ``path`` (the answer there says it already)."""
    return Cond((Clause(tuple(path.split(".")), None, since, negated=True),))


def asked_before(version: int) -> Cond:
    """Asked in answers files before ``version`` only: a question a later version no
    longer asks, because another question of it records the same fact."""
    return Cond((Clause((), None, version, retired=True),))


def retired(node: Field | Group | ListOf, version: int) -> bool:
    """The question is no longer asked in a file of ``version`` (see :func:`asked_before`)."""
    when = node.when
    return when is not None and any(c.retired and c.since <= version for c in when.clauses)


def lookup(answers: Mapping[str, Any], path: Sequence[str]) -> Any:
    node: Any = answers
    for key in path:
        if isinstance(node, Mapping):
            if key not in node:
                return None
            node = node[key]
        elif isinstance(node, list) and is_number(key) and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


class InvalidAnswer(ValueError):
    """A single answer that does not fit its question; the message is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DateOrder:
    """This date must lie after (``later``; on the same day too, unless ``strict``) or not
    after the date answered at ``path``. A ``*`` in the path stands for every item of a
    list: the rule holds against the earliest date among them (``later``) or the latest."""

    path: tuple[str, ...]
    label: str  # how that date is named to the practitioner
    later: bool = True
    strict: bool = True


def after(path: str, label: str) -> DateOrder:
    return DateOrder(tuple(path.split(".")), label, later=True)


def on_or_after(path: str, label: str) -> DateOrder:
    """On that date or later: what is done about a signal is not done before it."""
    return DateOrder(tuple(path.split(".")), label, later=True, strict=False)


def not_after(path: str, label: str) -> DateOrder:
    return DateOrder(tuple(path.split(".")), label, later=False)


# The verbeterde meldcode is in force since this day; a consult before it used another code.
MELDCODE_SINDS = date(2019, 1, 1)
# A planned date (an evaluation) further ahead than this is a typing error, not a plan.
MAX_JAREN_VOORUIT = 2


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    label: str
    help: str = ""
    required: bool = True
    # Where the cursor starts in a choice prompt. Never stored as an answer by itself.
    preselect: str | None = None
    # A judgement (directe veiligheid, the afwegingen): the prompt starts on no answer at
    # all, and Enter alone chooses nothing. Never with a preselect.
    explicit: bool = False
    choices: tuple[Choice, ...] = ()
    when: Cond | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_length: int = 10_000
    # Dates: a fact (not in the future), or a plan (after today, within two years).
    not_future: bool = True
    after_today: bool = False
    not_past: bool = False  # a plan that may be today, not before
    not_before: date | None = None
    order: tuple[DateOrder, ...] = ()  # relations to other dates in the same answers
    check: Callable[[str], str | None] | None = None
    computed: Callable[[Mapping[str, Any]], str | None] | None = None
    short: str = ""
    suggest_today: bool = False  # prompts offer today's date, to accept with Enter
    # Answers this one explains (absolute paths): when one of them changes in the review,
    # this question comes back, pre-filled with the old text.
    depends_on: tuple[tuple[str, ...], ...] = ()
    # Shown at once when the answer is this value: (value, text), e.g. 112 at acute danger.
    notice: tuple[str, str] | None = None
    # False for a derived answer that only steers which questions come (not recorded).
    stored: bool = True
    # The answers-file version that first asks this question: in a file of an earlier
    # version it may be left out, and the entry then says it was not answered.
    since: int = 1
    # The entry quotes the question above the answer (an afweging, in its kader's words).
    quote: bool = False

    def required_in(self, version: int) -> bool:
        return self.required and version >= self.since

    @property
    def title(self) -> str:
        return self.short or self.label

    def choice_label(self, code: str) -> str:
        for choice in self.choices:
            if choice.code == code:
                return choice.label
        return code


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    children: tuple[Node, ...]
    when: Cond | None = None
    help: str = ""


@dataclass(frozen=True)
class ListOf:
    key: str
    title: str
    item: Group
    noun: str
    min_items: int = 1
    max_items: int = 50
    when: Cond | None = None
    help: str = ""
    required: bool = True
    since: int = 1  # as for a Field

    def required_in(self, version: int) -> bool:
        return self.required and version >= self.since


Node: TypeAlias = Field | Group | ListOf


@dataclass(frozen=True)
class Step:
    """A step of the meldcode as the practitioner sees it: a heading over some nodes."""

    title: str
    intro: str
    nodes: tuple[Node, ...] = field(default_factory=tuple)


def root_of(steps: tuple[Step, ...], title: str = "") -> Group:
    """All questions of some steps as one tree: the shape of an answers file."""
    return Group("", title, tuple(node for step in steps for node in step.nodes))


# --------------------------------------------------------------------------- values

_DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", re.ASCII)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


def parse_date(text: str, today: date) -> date:
    """Parse a date as a practitioner types it: ``20-11-2026``, ``2026-11-20`` or ``vandaag``."""
    cleaned = text.strip().lower()
    if cleaned == "vandaag":
        return today
    if cleaned == "gisteren":
        return date.fromordinal(today.toordinal() - 1)
    iso = _DATE_ISO.match(cleaned)
    nl = _DATE_NL.match(cleaned)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if nl:
            return date(int(nl[3]), int(nl[2]), int(nl[1]))
    except ValueError:
        raise InvalidAnswer(f"'{text}' bestaat niet als datum.") from None
    raise InvalidAnswer(
        f"'{text}' is geen datum. Schrijf de datum als dd-mm-jjjj (bijvoorbeeld 20-11-2026)"
        " of als jjjj-mm-dd."
    )


def _describe(raw: object) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, Mapping):
        return "een groep sleutels"
    if isinstance(raw, list):
        return "een lijst"
    if raw is None:
        return "leeg"
    text = str(raw)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def check_text(text: str, max_length: int) -> str:
    """Shared rules for free text: no control characters, not too long."""
    text = unicodedata.normalize("NFC", text)
    bad = UNSAFE_CHARACTERS.search(text)
    if bad:
        raise InvalidAnswer(
            f"bevat een stuurteken (U+{ord(bad.group()):04X}) op positie {bad.start() + 1};"
            " gebruik alleen gewone tekst."
        )
    if len(text) > max_length:
        raise InvalidAnswer(f"is te lang: {len(text)} tekens, het maximum is {max_length}.")
    return text


def parse_value(fld: Field, raw: object, today: date) -> Any:
    """Judge one answer, typed or read from a file; return the normalised value.

    Raises :class:`InvalidAnswer` with a Dutch message. Returns ``None`` for an empty
    answer (the caller decides whether that is allowed).
    """
    if raw is None:
        return None
    if fld.kind is Kind.TEXT:
        if not isinstance(raw, str):
            raise InvalidAnswer(
                f"verwacht tekst, gevonden: {_describe(raw)}."
                " Zet de waarde tussen aanhalingstekens."
            )
        text = check_text(raw.strip(), fld.max_length)
        if not text:
            return None
        if fld.check:
            message = fld.check(text)
            if message:
                raise InvalidAnswer(message)
        return text
    if fld.kind is Kind.DATE:
        if isinstance(raw, datetime):
            raise InvalidAnswer(f"verwacht alleen een datum, zonder tijd; gevonden: {raw}.")
        if isinstance(raw, date):
            value = raw
        elif isinstance(raw, str):
            if not raw.strip():
                return None
            value = parse_date(raw, today)
        else:
            raise InvalidAnswer(f"verwacht een datum (jjjj-mm-dd), gevonden: {_describe(raw)}.")
        check_date(fld, value, today)
        return value
    if fld.kind is Kind.INT:
        number: int
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise InvalidAnswer(f"verwacht een heel getal, gevonden: {_describe(raw)}.")
        if isinstance(raw, str):
            if not raw.strip():
                return None
            if not is_number(raw.strip()):  # read the same at the prompt and in a file
                raise InvalidAnswer(
                    f"{_describe(raw)} is geen heel getal; schrijf het in cijfers, zoals 5."
                )
            number = int(raw.strip())
        else:
            number = raw
        low, high = fld.min_value, fld.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise InvalidAnswer(f"{number} ligt niet tussen {low} en {high}.")
        return number
    allowed = ", ".join(c.code for c in fld.choices)
    if fld.kind is Kind.CHOICE:
        if not isinstance(raw, str):
            raise InvalidAnswer(f"gevonden: {_describe(raw)}; toegestaan: {allowed}.")
        code = raw.strip().lower()
        if not code:
            return None
        if code not in {c.code for c in fld.choices}:
            raise InvalidAnswer(f"'{raw}' is geen geldige keuze; toegestaan: {allowed}.")
        return code
    if fld.kind is not Kind.MULTI:
        assert_never(fld.kind)  # every kind is judged above: a new one is a type error
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise InvalidAnswer(
            f"verwacht een lijst, gevonden: {_describe(raw)}; toegestaan: {allowed}."
        )
    codes: list[str] = []
    for item in raw:
        if not isinstance(item, str) or item.strip().lower() not in {c.code for c in fld.choices}:
            raise InvalidAnswer(f"{_describe(item)} is geen geldige keuze; toegestaan: {allowed}.")
        code = item.strip().lower()
        if code not in codes:
            codes.append(code)
    return codes or None


def _years_ahead(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def check_date(fld: Field, value: date, today: date) -> None:
    """The rules for one date on its own, against today. Raises InvalidAnswer."""
    if fld.not_future and value > today:
        raise InvalidAnswer(
            f"{format_date(value)} ligt in de toekomst; vul de datum in waarop het gebeurde."
        )
    if fld.after_today and value <= today:
        raise InvalidAnswer(
            f"{format_date(value)} ligt niet na vandaag ({format_date(today)}); kies een datum"
            " die nog moet komen."
        )
    if fld.not_past and value < today:
        raise InvalidAnswer(
            f"{format_date(value)} ligt in het verleden; kies vandaag of een latere datum."
        )
    if not fld.not_future and value > _years_ahead(today, MAX_JAREN_VOORUIT):
        raise InvalidAnswer(
            f"{format_date(value)} ligt meer dan {MAX_JAREN_VOORUIT} jaar in de toekomst;"
            " controleer het jaartal."
        )
    if fld.not_before is not None and value < fld.not_before:
        raise InvalidAnswer(
            f"{format_date(value)} ligt vóór {format_date(fld.not_before)}, de dag waarop"
            " de verbeterde meldcode van kracht werd; controleer het jaartal."
        )


def check_order(
    fld: Field, value: Any, answers: Mapping[str, Any], case: Mapping[str, Any] | None = None
) -> None:
    """The rules between dates that a single prompt can judge, as in an answers file: the
    evaluation after the consult, a signal not after it, a consultation not before the
    earliest signal. ``case``: dates the earlier entries of the case hold, by path (a
    follow-up is never dated before what it follows). Raises InvalidAnswer."""
    if not isinstance(value, date):
        return
    for rule in fld.order:
        other = _order_anchor(answers, rule)
        if other is None and case:
            found = lookup(case, rule.path)
            other = found if isinstance(found, date) else None
        if other is None:
            continue
        if rule.later and rule.strict and value <= other:
            raise InvalidAnswer(
                f"{format_date(value)} ligt niet na {rule.label} ({format_date(other)})."
            )
        if rule.later and not rule.strict and value < other:
            raise InvalidAnswer(
                f"{format_date(value)} ligt vóór {rule.label} ({format_date(other)});"
                " controleer de datum."
            )
        if not rule.later and value > other:
            raise InvalidAnswer(
                f"{format_date(value)} ligt na {rule.label} ({format_date(other)});"
                " controleer de datum."
            )


def _order_anchor(answers: Mapping[str, Any], rule: DateOrder) -> date | None:
    """The date a rule compares with: the one at its path, or with a ``*`` the earliest
    (for ``later``) or the latest of the dates answered in the list's items."""
    if "*" not in rule.path:
        other = lookup(answers, rule.path)
        return other if isinstance(other, date) else None
    at = rule.path.index("*")
    items = lookup(answers, rule.path[:at])
    if not isinstance(items, list):
        return None
    dates = [
        lookup(item, rule.path[at + 1 :]) if isinstance(item, Mapping) else None for item in items
    ]
    known = [d for d in dates if isinstance(d, date)]
    if not known:
        return None
    return min(known) if rule.later else max(known)


def implied_answer(group: Group, path: tuple[str, ...], given: Mapping[str, Any]) -> str | None:
    """The choice at ``path`` that the answers ``given`` in its group imply, if exactly one.

    A practitioner who writes down the date, the colleague and the advice of a consultation
    has said that the consultation took place, even without ``gevoerd: ja``. Only answers
    that are asked under one value of the choice count; anything else implies nothing.
    """
    allowed: frozenset[str] | None = None
    for child in group.children:
        if child.when is None or child.key not in given or given[child.key] is None:
            continue
        values = child.when.on(path)
        if values is None:
            continue
        allowed = values if allowed is None else allowed & values
    if allowed is not None and len(allowed) == 1:
        return next(iter(allowed))
    return None


def can_be_implied(group: Group, path: tuple[str, ...]) -> bool:
    """True when some answer in ``group`` is asked under only one value of the choice at
    ``path``: an answers file may then leave that choice out (see :func:`implied_answer`)."""
    for child in group.children:
        values = child.when.on(path) if child.when is not None else None
        if values is not None and len(values) == 1:
            return True
    return False
