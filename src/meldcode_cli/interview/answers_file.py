"""Read an answers file (YAML, JSON or TOML) into plain data, strictly.

Only parsing happens here; judging the answers is :func:`protocol.validate.validate`,
the same rules the prompts use. Duplicate keys are an error, not silently "last wins".
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from meldcode_cli.errors import AnswersError, Problem
from meldcode_cli.files import NotARegularFile, TooLarge, os_reason, read_regular_file
from meldcode_cli.protocol.validate import key_text
from meldcode_cli.text import safe_text

MAX_BYTES = 5 * 1024 * 1024
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


def _read(source: str) -> tuple[bytes, str]:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return data, "yaml"  # YAML reads JSON too
    if not source.strip():
        raise AnswersError("Geen naam voor het antwoordenbestand (of '-' voor standaardinvoer).")
    path = Path(source)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise AnswersError(
            f"Het antwoordenbestand {source} heeft een onbekende extensie. Gebruik .yaml, .yml,"
            " .json of .toml."
        )
    try:
        data = read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise AnswersError(f"Het antwoordenbestand {source} bestaat niet.") from None
    except IsADirectoryError:
        raise AnswersError(f"{source} is een map, geen antwoordenbestand.") from None
    except NotARegularFile:
        raise AnswersError(
            f"{source} is geen gewoon bestand (maar bijvoorbeeld een apparaat of een pipe);"
            " gebruik een YAML-, JSON- of TOML-bestand, of '-' voor standaardinvoer."
        ) from None
    except TooLarge:
        raise AnswersError(
            f"Het antwoordenbestand {source} is groter dan {MAX_BYTES // (1024 * 1024)} MB;"
            " dat is geen antwoordenbestand."
        ) from None
    except OSError as exc:
        raise AnswersError(
            f"Het antwoordenbestand {source} kan niet worden gelezen: {os_reason(exc)}."
        ) from None
    return data, fmt


def _yaml(text: str, name: str) -> tuple[Any, dict[str, int]]:
    """Parse once (libyaml when available); the data, and the line of each place."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc]
        pass

    def mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                # 1, "1" and "01" are one key: never merged, never "last wins".
                same = key_text(key) if isinstance(key, str | int) else key
                duplicate = same in lines
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "een sleutel moet tekst zijn", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"de sleutel '{safe_text(str(key))}' staat er twee keer in (ook op regel"
                    f" {lines[same]})",
                    key_node.start_mark,
                )
            lines[same] = key_node.start_mark.line + 1
            try:
                result[key] = loader.construct_object(value_node, deep=True)
            except (ValueError, OverflowError):  # a date that does not exist, a huge number
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "de waarde hier is niet te lezen (een datum die niet bestaat, of een"
                    " getal met te veel cijfers)",
                    value_node.start_mark,
                ) from None
        return result

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    loader = StrictLoader(text)
    try:
        if len(text) > SMALL:  # a small file is built fast whatever it holds
            _bound_values(text, base, name)
        node = loader.get_single_node()
        _bound_expansion(node, name)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" op regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or ""
        own = what.startswith(("de sleutel", "de waarde"))
        dutch = what if own else in_dutch(_YAML_MESSAGES, what)
        raise AnswersError(f"{name} is geen geldige YAML{where}: {dutch}.") from None
    except (yaml.YAMLError, RecursionError):
        raise AnswersError(f"{name} is geen geldige YAML: {in_dutch((), '')}.") from None
    except (ValueError, OverflowError):  # a constructor outside a mapping (a list item)
        raise AnswersError(
            f"{name} is geen geldige YAML: een waarde is niet te lezen (een datum die niet"
            " bestaat, of een getal met te veel cijfers)."
        ) from None
    finally:
        loader.dispose()
    return data, _node_lines(node)


MAX_NODES = 100_000  # an answers file has a few hundred; aliases may not blow it up
# Values as written (before aliases are expanded): counted while the file is parsed, so
# that a file of millions of keys is refused after this many, not after building it.
MAX_VALUES = 20_000
# Below this size a file is parsed at once; above it, its values are counted first.
SMALL = 64 * 1024


def _bound_values(text: str, loader: Any, name: str) -> None:
    import yaml

    counted = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    values = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, counted):
            values += 1
            if values > MAX_VALUES:
                raise AnswersError(
                    f"{name} heeft meer dan {MAX_VALUES} waarden; een antwoordenbestand heeft"
                    " er een paar honderd. Er is niets gelezen."
                )


def _bound_expansion(root: Any, name: str) -> None:
    """YAML aliases (``*a``) may repeat a part of the file; nested ones grow without bound
    ("billion laughs"). Count the nodes the document would have once expanded, without
    expanding it (each node is counted once, with its children's counts), and refuse a
    document beyond :data:`MAX_NODES`, or one that refers to itself."""
    import yaml

    def children(node: Any) -> list[Any]:
        if isinstance(node, yaml.MappingNode):
            return [part for pair in node.value for part in pair]
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        return []

    sizes: dict[int, int] = {}
    busy: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, finished = stack.pop()
        if finished:
            busy.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children(node))
            if sizes[id(node)] > MAX_NODES:
                raise AnswersError(
                    f"{name} herhaalt delen via YAML-verwijzingen (& en *) zo vaak dat het"
                    f" meer dan {MAX_NODES} waarden zou worden. Schrijf elk antwoord één keer"
                    " uit."
                )
            continue
        if id(node) in sizes:
            continue
        busy.add(id(node))
        stack.append((node, True))
        for child in children(node):
            if id(child) in busy:
                raise AnswersError(
                    f"{name} verwijst naar zichzelf via een YAML-verwijzing (regel"
                    f" {child.start_mark.line + 1}); dat kan niet in een antwoordenbestand."
                )
            if id(child) not in sizes:
                stack.append((child, False))


def _json(text: str, name: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        spelled: dict[str, str] = {}
        for key, value in items:
            same = key_text(key)
            if same in spelled:
                also = f" (ook als '{safe_text(spelled[same])}')" if spelled[same] != key else ""
                raise AnswersError(
                    f"{name}: de sleutel '{safe_text(key)}' staat er twee keer in{also}."
                )
            spelled[same] = key
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        what = in_dutch(_JSON_MESSAGES, exc.msg)
        raise AnswersError(
            f"{name} is geen geldige JSON op regel {exc.lineno}, kolom {exc.colno}: {what}."
        ) from None
    except RecursionError:
        raise AnswersError(f"{name} is te diep genest.") from None
    except ValueError:  # a number of thousands of digits
        raise AnswersError(
            f"{name} is geen geldige JSON: een getal heeft te veel cijfers."
        ) from None


def _toml(text: str, name: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re

        text = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", text)
        where = f" op regel {found[1]}, kolom {found[2]}" if found else ""
        what = in_dutch(_TOML_MESSAGES, text)
        raise AnswersError(f"{name} is geen geldige TOML{where}: {what}.") from None
    except RecursionError:
        raise AnswersError(f"{name} is te diep genest.") from None
    except ValueError:  # a number of thousands of digits, a date that does not exist
        raise AnswersError(
            f"{name} is geen geldige TOML: een waarde is niet te lezen (een datum die niet"
            " bestaat, of een getal met te veel cijfers)."
        ) from None


# The parsers speak English; the practitioner reads Dutch. Each table turns the start of
# a parser's message into Dutch; what is not in it gets the general sentence.
_JSON_MESSAGES = (
    ("Expecting value", "hier verwacht ik een waarde"),
    ("Expecting property name", "hier verwacht ik een sleutel tussen dubbele aanhalingstekens"),
    ("Expecting ':' delimiter", "hier verwacht ik een dubbele punt"),
    ("Expecting ',' delimiter", "hier verwacht ik een komma"),
    ("Illegal trailing comma before end of object", "een komma te veel voor de }"),
    ("Illegal trailing comma before end of array", "een komma te veel voor de ]"),
    ("Extra data", "na het einde staat nog iets"),
    ("Unterminated string", "een tekst zonder afsluitend aanhalingsteken"),
    ("Invalid control character", "een stuurteken in een tekst"),
    ("Invalid \\uXXXX escape", "een ongeldige \\u-code in een tekst"),
    ("Invalid \\escape", "een ongeldige \\-code in een tekst"),
)
_YAML_MESSAGES = (
    # The C and the Python parser of PyYAML word some of these differently.
    ("found character '\\t'", "een tab; spring in met spaties"),
    (
        "found character that cannot start any token",
        "een teken dat hier niet kan (een tab? spring in met spaties)",
    ),
    ("found a tab character", "een tab; spring in met spaties"),
    (
        "mapping values are not allowed",
        "hier mag geen dubbele punt (zet de tekst tussen aanhalingstekens)",
    ),
    ("could not find expected ':'", "hier verwacht ik een dubbele punt"),
    ("did not find expected key", "de inspringing klopt niet"),
    ("expected <block end>", "de inspringing klopt niet"),
    ("did not find expected '-' indicator", "de inspringing van de lijst klopt niet"),
    ("did not find expected ',' or ']'", "een lijst zonder ]"),
    ("did not find expected ',' or '}'", "een tabel zonder }"),
    ("found unexpected end of stream", "het bestand houdt midden in iets op"),
    ("found undefined alias", "een verwijzing (*) naar iets dat niet bestaat"),
    ("found unknown escape character", "een ongeldige \\-code in een tekst"),
    ("found unexpected ':'", "een dubbele punt op een plek waar die niet kan"),
)
_TOML_MESSAGES = (
    ("Expected '=' after a key", "na een sleutel verwacht ik ="),
    ("Expected ']' at the end of a table", "hier verwacht ik ] aan het eind van een kop"),
    ("Invalid value", "een ongeldige waarde"),
    ("Invalid initial character for a key", "een sleutel die zo niet kan beginnen"),
    ("Cannot overwrite a value", "een sleutel die er al staat"),
    ("Cannot declare", "een kop die er al staat"),
    ("Unclosed array", "een lijst zonder ]"),
    ("Unclosed inline table", "een tabel zonder }"),
    ("Unterminated string", "een tekst zonder afsluitend aanhalingsteken"),
    ("Illegal character", "een teken dat hier niet mag"),
    ("Expected newline or end of document", "na de waarde hoort een nieuwe regel"),
)


def in_dutch(table: tuple[tuple[str, str], ...], message: str) -> str:
    for english, dutch in table:
        if message.startswith(english):
            return dutch
    return "de opmaak klopt hier niet"


@dataclass(frozen=True)
class AnswersFile:
    """What was read: the plain data, and for YAML the line of each place in it."""

    source: str
    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """The line of ``path`` or, for a missing key, of its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def with_lines(self, problems: list[Problem]) -> list[Problem]:
        return [replace(p, line=self.line_of(p.path)) for p in problems]


def _node_lines(root: Any) -> dict[str, int]:
    """Map each place (``signalen[2].datum``) to its 1-based line, from the YAML nodes."""
    import yaml

    from meldcode_cli.protocol.validate import format_path

    lines: dict[str, int] = {}

    def walk(node: Any, path: tuple[str, ...], depth: int) -> None:
        if depth > 20:
            return
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    child = (*path, str(key_node.value))
                    lines.setdefault(format_path(child), key_node.start_mark.line + 1)
                    walk(value_node, child, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value[:200]):
                child = (*path, str(index))
                lines.setdefault(format_path(child), item.start_mark.line + 1)
                walk(item, child, depth + 1)

    walk(root, (), 0)
    return lines


def load_answers_file(source: str) -> AnswersFile:
    """Read ``source`` (a path, or ``-`` for standard input)."""
    data, fmt = _read(source)
    name = "De invoer" if source == "-" else f"Het antwoordenbestand {source}"
    if len(data) > MAX_BYTES:
        raise AnswersError(f"{name} is groter dan 5 MB; dat kan geen antwoordenbestand zijn.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(
            f"{name} is geen UTF-8-tekst (onleesbare byte op positie {exc.start + 1})."
        ) from None
    if "\x00" in text:
        raise AnswersError(f"{name} bevat een NUL-teken; dat kan geen antwoordenbestand zijn.")
    if not text.strip():
        raise AnswersError(f"{name} is leeg.")
    from meldcode_cli.protocol.validate import MAX_DEPTH, too_deep

    deep = AnswersError(f"{name} is te diep genest (meer dan {MAX_DEPTH} niveaus).")
    if fmt == "yaml":
        data, lines = _yaml(text, name)
        if too_deep(data):
            raise deep
        return AnswersFile(source, data, lines)
    if fmt == "toml" and text.count("\n") > MAX_VALUES:  # before the (slow) TOML parser
        raise AnswersError(
            f"{name} heeft meer dan {MAX_VALUES} regels; een antwoordenbestand heeft er een"
            " paar honderd. Er is niets gelezen."
        )
    loader = {"json": _json, "toml": _toml}[fmt]
    parsed = loader(text, name)
    if too_deep(parsed):
        raise deep
    if _values(parsed) > MAX_VALUES:
        raise AnswersError(
            f"{name} heeft meer dan {MAX_VALUES} waarden; een antwoordenbestand heeft er een"
            " paar honderd. Er is niets gelezen."
        )
    return AnswersFile(source, parsed)


def _values(data: Any) -> int:
    """How many values (mappings, lists and scalars) ``data`` holds; stops past the cap."""
    count, stack = 0, [data]
    while stack and count <= MAX_VALUES:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


# Problems listed at most; the count says how many there are.
MAX_SHOWN = 50


def problems_error(source: str, problems: list[Problem]) -> AnswersError:
    where = "de invoer" if source == "-" else source
    count = len(problems)
    noun = "probleem" if count == 1 else "problemen"
    shown = f" De eerste {MAX_SHOWN}:" if count > MAX_SHOWN else ""
    return AnswersError(
        f"Het antwoordenbestand {where} is niet gebruikt: {count} {noun}. Er is niets"
        f" opgeslagen.{shown}",
        problems[:MAX_SHOWN],
    )
