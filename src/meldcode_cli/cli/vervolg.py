"""``meldcode vervolg ID``: a new entry that follows up an earlier one (never edits it)."""

from __future__ import annotations

from meldcode_cli.cli.output import Terminal, guarded
from meldcode_cli.cli.start import StartOptions, run_procedure


def run_vervolg(entry_id: str, opnieuw: bool, options: StartOptions) -> None:
    terminal = Terminal(quiet_stdout=options.json_output)

    def action() -> None:
        from meldcode_cli.cli.dossier import load_case_of, warn_of_splits
        from meldcode_cli.interview.session import follow_up

        # Only the case is read, found by the names of its files: a follow-up costs the
        # same in a dossier of 50,000 entries as in one of ten.
        result, earlier = load_case_of(options.dossier_dir, entry_id)
        warn_of_splits(terminal, result, earlier.referentie)  # said before anything is asked
        procedure = follow_up(result, earlier, opnieuw)
        run_procedure(options, terminal, procedure)

    guarded(terminal, action)
