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
        raise DossierError(f"Het profiel {path} is niet leesbaar: {reason}.") from None
    import tomllib  # only when there is a profile to read

    try:
        raw = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise DossierError(f"Het profiel {path} is geen geldige TOML: {exc}.") from None
    answers, problems = judge(raw, today)
    profiel = profiel_from(answers)
    if problems or profiel is None:
        detail = "; ".join(str(p) for p in problems) or "onvolledig"
        raise DossierError(
            f"Het profiel {path} klopt niet: {detail}.",
            hint="Leg het opnieuw vast met: meldcode profiel",
        )
    return profiel


def render_toml(answers: dict[str, Any]) -> str:
    """The profile as TOML: flat string keys. A JSON string is a valid TOML basic string
    (the same escapes; control characters as \\uXXXX), so ``json.dumps`` writes each."""
    data = answers.get("profiel", {})
    lines = ["# Profiel voor meldcode. Wijzig het met: meldcode profiel", ""]
    group = profiel_root_steps()[0].nodes[0]
    for key in (child.key for child in getattr(group, "children", ())):
        value = data.get(key)
        if isinstance(value, str) and value:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def save_profiel(path: Path, answers: dict[str, Any]) -> None:
    """Write the profile at once (0600). Only a folder meldcode creates is made 0700."""
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
            folder.chmod(0o700)
        replace_file(path, render_toml(answers).encode("utf-8"))
    except OSError as exc:
        raise DossierError(
            f"Het profiel {path} kon niet worden bewaard: {os_reason(exc)}."
        ) from None


def profiel_dossiermap() -> str | None:
    """The dossier folder the profile names (for the dossier commands), or None."""

    found = load_profiel(profiel_path(None), clock.today())
    return found.dossiermap if found is not None else None
