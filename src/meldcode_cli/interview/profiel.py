"""Recording the practitioner's profile: from an answers file or the prompts, reviewed,
then kept (see ``dossier/profiel.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meldcode_cli import clock
from meldcode_cli.dossier.profiel import judge, load_profiel, save_profiel
from meldcode_cli.errors import NoTerminalError
from meldcode_cli.interview.screen import Screen
from meldcode_cli.protocol.profiel import Profiel, profiel_from, profiel_root_steps


@dataclass(frozen=True)
class ProfielOptions:
    path: Path
    answers: str | None
    prompts: bool


def render_profiel(answers: dict[str, Any]) -> str:
    """The profile as the practitioner checks it (Markdown)."""
    from meldcode_cli.protocol.kaders import known
    from meldcode_cli.text import markdown_literal

    data = answers.get("profiel", {})
    lines = ["# Profiel", ""]
    group = profiel_root_steps()[0].nodes[0]
    for field in getattr(group, "children", ()):
        value = data.get(field.key)
        if field.key == "kader" and isinstance(value, str):
            kader = known(value)
            value = kader.naam if kader else value
        shown = markdown_literal(str(value)) if value else "(leeg)"
        lines.append(f"- **{field.title}:** {shown}")
    return "\n".join(lines) + "\n"


def record_profiel(options: ProfielOptions, screen: Screen) -> Profiel:
    """Ask (or read) the profile, let it be checked, and keep it."""
    today = clock.today()
    if options.answers is not None:
        from meldcode_cli.interview.answers_file import load_answers_file, problems_error

        loaded = load_answers_file(options.answers)
        answers, problems = judge(loaded.data, today)
        if problems:
            raise problems_error(options.answers, loaded.with_lines(problems))
    elif not options.prompts:
        raise NoTerminalError(
            "Er is geen terminal om vragen te stellen.",
            hint="Gebruik een antwoordenbestand: meldcode profiel --answers BESTAND",
        )
    else:
        from meldcode_cli.interview.prompts import Interviewer

        existing = load_profiel(options.path, today)
        interviewer = Interviewer(screen.out, today, steps=profiel_root_steps())
        answers = {}
        if existing is not None:
            answers = existing.answers()
            group = profiel_root_steps()[0].nodes[0]
            interviewer.left_empty = {
                ("profiel", child.key)
                for child in getattr(group, "children", ())
                if child.key not in answers["profiel"]
            }
        try:
            interviewer.fill(answers)
            answers = interviewer.review(render_profiel, save="Ja, profiel bewaren")
        except EOFError:
            raise NoTerminalError(
                "De invoer is op: er is geen terminal om de vragen te beantwoorden.",
                hint="Gebruik een antwoordenbestand: meldcode profiel --answers BESTAND",
            ) from None
        except KeyboardInterrupt:
            from meldcode_cli.errors import Interrupted

            raise Interrupted("Afgebroken. Het profiel is niet veranderd.") from None
    profiel = profiel_from(answers)
    assert profiel is not None  # judged complete above
    save_profiel(options.path, answers)
    return profiel
