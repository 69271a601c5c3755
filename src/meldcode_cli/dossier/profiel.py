"""Where the practitioner's profile is kept: TOML in meldcode's own config folder (or
where ``--profiel`` / ``MELDCODE_PROFIEL`` says), readable by the owner only (0600).
A profile read back is untrusted: it is judged by the same declaration as a typed one."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from meldcode_cli import clock
from meldcode_cli.errors import DossierError
from meldcode_cli.files import os_reason, read_regular_file, replace_file
from meldcode_cli.protocol.profiel import Profiel, profiel_from, profiel_root_steps

ENV_PROFIEL = "MELDCODE_PROFIEL"
_HERSTEL = (
    "Leg het opnieuw vast met 'meldcode profiel'. Opdrachten die het profiel niet nodig"
    " hebben werken gewoon; geef dan de dossiermap op met --dossier-dir."
)
MAX_PROFIEL_BYTES = 64 * 1024


def profiel_path(option: Path | None) -> Path:
    """``--profiel`` first, then ``MELDCODE_PROFIEL``, then meldcode's config folder."""
    if option is not None:
        return option.expanduser()
    env = os.environ.get(ENV_PROFIEL, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("meldcode", appauthor=False) / "profiel.toml"


def judge(raw: Any, today: date) -> tuple[dict[str, Any], list[Any]]:
    """Answers for the profile, judged like every answer (flat keys, or under 'profiel')."""
    from meldcode_cli.protocol.model import root_of
    from meldcode_cli.protocol.validate import validate

    if isinstance(raw, dict) and "profiel" not in raw:
        raw = {"profiel": raw}
    return validate(raw, today, root=root_of(profiel_root_steps()))


def load_profiel(path: Path, today: date) -> Profiel | None:
    """The profile at ``path``; None when there is none. A damaged one is an error."""
    try:
        data = read_regular_file(path, MAX_PROFIEL_BYTES).decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "geen UTF-8"
        raise DossierError(
            f"Het profiel {path} is niet leesbaar: {reason}.", hint=_HERSTEL
        ) from None
    import tomllib  # only when there is a profile to read

    try:
        raw = tomllib.loads(data)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        # ValueError: what the parser's constructors raise (dates, huge numbers)
        reason = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "onleesbare waarde"
        raise DossierError(
            f"Het profiel {path} is geen geldige TOML: {reason}.", hint=_HERSTEL
        ) from None
    from meldcode_cli.protocol.validate import MAX_DEPTH, too_deep

    if too_deep(raw):
        raise DossierError(
            f"Het profiel {path} is te diep genest (meer dan {MAX_DEPTH} niveaus).",
            hint=_HERSTEL,
        )
    answers, problems = judge(raw, today)
    profiel = profiel_from(answers)
    if problems or profiel is None:
        detail = "; ".join(str(p) for p in problems) or "onvolledig"
        raise DossierError(
            f"Het profiel {path} klopt niet: {detail}.",
            hint=_HERSTEL,
        )
    return profiel


def render_toml(answers: dict[str, Any]) -> str:
    """The profile as TOML: flat string keys. A JSON string is a valid TOML basic string
    (the same escapes; control characters as \\uXXXX), so ``json.dumps`` writes each."""
    data = answers.get("profiel", {})
    lines = [f"{HEADER} Wijzig het met: meldcode profiel", ""]
    group = profiel_root_steps()[0].nodes[0]
    for key in (child.key for child in getattr(group, "children", ())):
        value = data.get(key)
        if isinstance(value, str) and value:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


HEADER = "# Profiel voor meldcode."


def is_profiel_file(path: Path) -> bool:
    """True when the file at ``path`` is a profile: the one meldcode wrote (its first
    line), or one written by hand with the profile's keys only. Anything else (an entry,
    the key, a note) is never replaced by a profile."""
    import tomllib

    try:
        data = read_regular_file(path, MAX_PROFIEL_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if data.startswith(HEADER):
        return True
    try:
        raw = tomllib.loads(data)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return False
    keys = {child.key for child in getattr(profiel_root_steps()[0].nodes[0], "children", ())}
    table = raw.get("profiel", raw) if set(raw) <= {"profiel"} else raw
    return isinstance(table, dict) and bool(table) and set(table) <= keys


def save_profiel(path: Path, answers: dict[str, Any]) -> None:
    """Write the profile at once (0600), never over a file that is no profile. Only a
    folder meldcode creates is made 0700."""
    from meldcode_cli.errors import UsageError
    from meldcode_cli.files import make_private_folders

    if os.path.lexists(path) and not is_profiel_file(path):
        raise UsageError(
            f"{path} bestaat al en is geen profiel van meldcode; ik overschrijf het niet. Er"
            " is niets bewaard.",
            hint="Kies een ander bestand met --profiel, of laat --profiel weg.",
        )
    try:
        make_private_folders(path.parent)
        replace_file(path, render_toml(answers).encode("utf-8"))
    except OSError as exc:
        raise DossierError(
            f"Het profiel {path} kon niet worden bewaard: {os_reason(exc)}."
        ) from None


def profiel_dossiermap() -> str | None:
    """The dossier folder the profile names (for the dossier commands), or None."""

    found = load_profiel(profiel_path(None), clock.today())
    return found.dossiermap if found is not None else None
