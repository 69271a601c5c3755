"""Mutation by hand, written down: each protection of the case's story and of the
dossier's trust, broken once, must
fail a test. Rerun after a change to these rules:

    .venv/bin/python tests/mutations.py            # every mutation
    .venv/bin/python tests/mutations.py 0 3        # some, by number

Each mutation replaces one exact piece of the source, runs the tests named with it, and
puts the source back (also when interrupted). "CAUGHT" is what we want; "SURVIVED" means
no test notices that protection missing. Not collected by pytest (no test_ prefix).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = "src/meldcode_cli"
STORY = ("tests/cli/test_case_story.py", "tests/dossier/test_melding_stand.py")
VERIFIED = "tests/cli/test_verified_where_used.py"
SPLIT = "tests/cli/test_split_case.py"

# (file, the exact text, what it becomes, the protection, the tests that must notice)
MUTATIONS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    (
        f"{SRC}/protocol/vervolg.py",
        "                order=(MELDEN_VANAF,),\n",
        "",
        "a melding is not dated before the decision",
        STORY,
    ),
    (
        f"{SRC}/protocol/vervolg.py",
        "                    CONTACT_VANAF,\n",
        "",
        "Veilig Thuis's contact is not dated before the entry that waited for it",
        STORY,
    ),
    (
        f"{SRC}/protocol/vervolg.py",
        "                order=(EERDER_DATUM,),\n",
        "",
        "an evaluation is not dated before the entry it evaluates",
        STORY,
    ),
    (
        f"{SRC}/protocol/procedure.py",
        "    return Vervolg(besluit.evaluatie_op, terugbellen)",
        "    if besluit.melden and terugbellen is None:\n"
        "        terugbellen = add_working_days(today, kader.TERUGBEL_WERKDAGEN)\n"
        "    return Vervolg(besluit.evaluatie_op, terugbellen)",
        "a decision to report writes no call-back date",
        STORY,
    ),
    (
        f"{SRC}/dossier/reader.py",
        "            if stand is MeldingStand.GEDAAN\n            else None",
        "            if True\n            else None",
        "the call-back date of an earlier version's decision is not trusted",
        STORY,
    ),
    (
        f"{SRC}/protocol/casus.py",
        '    return twee.get("acute_onveiligheid") == "ja" or gevaar.get("direct_gevaar") == "ja"',
        "    return False",
        "acute onveiligheid makes 'nu melden', first",
        STORY,
    ),
    (
        f"{SRC}/interview/session.py",
        "        initial, bekend = _known_melding(case)",
        "        initial, bekend = {}, ()",
        "a melding recorded in the case is not asked again",
        STORY,
    ),
    (
        f"{SRC}/protocol/casus.py",
        "        items.append((ItemKind.NU_MELDEN if acuut else ItemKind.MELDING_DOEN, day))\n",
        "        pass\n",
        "a decided melding is open until it is recorded as made",
        STORY,
    ),
    (
        f"{SRC}/protocol/procedure.py",
        '        if answers.get("melding", {}).get("betrokkenen_geinformeerd") != JA:',
        "        if True:",
        "no advice to tell the client when the client was told",
        STORY,
    ),
    (
        f"{SRC}/interview/prompts.py",
        "    if explicit and default is None:",
        "    if False:",
        "a judgement starts on no answer (Enter chooses nothing)",
        ("tests/interview/test_afwegingen_prompts.py",),
    ),
    (
        f"{SRC}/interview/prompts.py",
        "        value = self.ask_field(fld, earlier=earlier, offer=offer[1] if offer else None)",
        "        value = self.ask_field(fld, earlier, offer=offer[1] if offer else None)",
        "an answer brought back by a change is asked again empty",
        ("tests/cli/test_start_interactive.py",),
    ),
    (
        f"{SRC}/protocol/afwegingskader.py",
        "        if overgeslagen:",
        "        if False:",
        "afsluiten without stap 2 or 3 says so",
        ("tests/interview/test_record_integrity.py",),
    ),
    (
        f"{SRC}/dossier/entry.py",
        "                    and besluit.laatste_afweging == 2\n",
        "",
        "disclosure is named as the ground only when the decision came at afweging 2",
        ("tests/interview/test_record_integrity.py",),
    ),
    (
        f"{SRC}/interview/prompts.py",
        "        if changes and changes[-1][0] == where:",
        "        if False:",
        "the change view shows each part once",
        ("tests/cli/test_start_interactive.py",),
    ),
    (
        f"{SRC}/dossier/reader.py",
        "        if isinstance(digest, str) and any(digest in s.ongetekend for s in sleutels):",
        "        if True:",
        "an unsigned entry stands only when the key recorded it (no backdating)",
        ("tests/cli/test_tamper.py",),
    ),
    (
        f"{SRC}/cli/dossier.py",
        "    _warn_if_unsound(terminal, result, entry)\n    if as_json:",
        "    if as_json:",
        "show warns of an entry that is not sound",
        (VERIFIED,),
    ),
    (
        f"{SRC}/interview/export.py",
        '        result.require_sound(entry, "exporteren")',
        "        pass",
        "export refuses an entry that is not sound",
        (VERIFIED,),
    ),
    (
        f"{SRC}/dossier/case.py",
        "    document = scan.sound_document(entry, doing)",
        "    document = scan.document(entry)",
        "vervolg, the melding sheet and the advice sheet refuse an entry that is not sound",
        (VERIFIED,),
    ),
    (
        f"{SRC}/dossier/case.py",
        "        stored = read_entry(scan, by_id[current], doing)",
        "        from meldcode_cli.dossier.reader import summarise\n\n"
        "        stored = (\n"
        "            read_entry(scan, by_id[current], doing)\n"
        "            if current == entry.id\n"
        "            else StoredEntry(\n"
        "                summarise(scan.document(by_id[current]), current),\n"
        "                kader_in(scan.document(by_id[current]), current, doing),\n"
        "                scan.document(by_id[current]),\n"
        "            )\n"
        "        )",
        "the sheet of an evaluation checks every entry of its case",
        (VERIFIED,),
    ),
    (
        f"{SRC}/dossier/case.py",
        "        if stand in (MeldingStand.GEDAAN, MeldingStand.TERUGGEBELD):\n",
        "        if True:\n",
        "a melding decided anew is not taken for an earlier one that was made",
        ("tests/dossier/test_case.py",),
    ),
    (
        f"{SRC}/interview/melding.py",
        "    now = read_case(result, tip_of(result, entry), doing)\n",
        "    from meldcode_cli.dossier.case import StoredEntry\n\n"
        "    now = read_case(result, entry, doing)\n"
        "    if (tip := tip_of(result, entry)).id != entry.id:  # the newest, unchecked\n"
        "        now = Case(now.referentie, (*now.entries, StoredEntry(tip, now.kader, {})))\n",
        "the sheet's stand of the melding comes from a checked newest entry",
        (VERIFIED,),
    ),
    (
        f"{SRC}/protocol/questions.py",
        '            when=when("gesprek.gevoerd", JA) & asked_before(4),\n',
        '            when=when("gesprek.gevoerd", JA),\n',
        "stap 3 does not ask what the melding asks (version 4)",
        ("tests/interview/test_versie_4.py",),
    ),
    (
        f"{SRC}/protocol/questions.py",
        '            when=unless("onveiligheid_nu", since=4),\n',
        "",
        "the melding does not ask again the actuele onveiligheid stap 1 described",
        ("tests/interview/test_versie_4.py",),
    ),
    (
        f"{SRC}/protocol/model.py",
        "        if self.retired:\n            return False\n        found",
        "        found",
        "a question no longer asked is not asked at the prompt",
        ("tests/interview/test_versie_4.py",),
    ),
    (
        f"{SRC}/dossier/reader.py",
        "    result = case_scan(dossier, referentie)\n    ends = result.ends_of(referentie)",
        "    result = scan(dossier)\n    ends = result.ends_of(referentie)",
        "a new entry reads only its own case, and leaves the list index alone",
        ("tests/dossier/test_writes_do_not_scan.py",),
    ),
    (
        f"{SRC}/cli/dossier.py",
        "    result = case_scan(dossier, named.referentie)\n",
        "    from meldcode_cli.dossier.reader import scan\n\n    result = scan(dossier)\n",
        "a follow-up (and show, export, the sheets of one entry) reads only its own case",
        ("tests/dossier/test_writes_do_not_scan.py",),
    ),
    # Issue 23's seven that survived the whole suite once.
    (
        f"{SRC}/protocol/procedure.py",
        "            return Vervolg(None, add_working_days(melding_datum, kader.TERUGBEL_WERKDAGEN))",
        "            return Vervolg(None, melding_datum + __import__('datetime').timedelta(days=7))",
        "the call-back of a melding made today is five working days, not seven days",
        STORY,
    ),
    (
        f"{SRC}/dossier/export.py",
        "    title = html.escape(export_title(referentie, parts))",
        "    title = export_title(referentie, parts)",
        "the export's title and header hold the kenmerk as text",
        ("tests/cli/test_export.py",),
    ),
    (
        f"{SRC}/dossier/export.py",
        'CSS.replace("__CASUS__", _css_text(referentie))',
        'CSS.replace("__CASUS__", referentie)',
        "the kenmerk cannot leave its string in the export's CSS",
        ("tests/cli/test_export.py",),
    ),
    (
        f"{SRC}/text.py",
        '    text = _MD_NUMBERED.sub(r"\\1\\\\\\2", text)\n',
        "",
        "an answer cannot make a numbered list in the record",
        ("tests/dossier/test_markdown_safety.py",),
    ),
    (
        f"{SRC}/protocol/vervolg.py",
        "                order=(EERDER_DATUM,),\n",
        "",
        "a follow-up file cannot contradict a date of the entry it follows",
        ("tests/cli/test_case_story.py",),
    ),
    (
        f"{SRC}/files.py",
        "        except FileExistsError:\n            continue",
        "        except FileExistsError:\n            raise",
        "a folder made by another run at the same moment is no error",
        ("tests/dossier/test_store.py",),
    ),
    (
        f"{SRC}/cli/app.py",
        "    except Exception as exc:  # a bug: never a traceback, always a Dutch message\n",
        "    except ZeroDivisionError as exc:  # mutated: the traceback comes through\n"
        "        raise\n"
        "    except Exception as exc:  # a bug: never a traceback, always a Dutch message\n",
        "an unexpected error is a Dutch message, never a traceback",
        ("tests/cli/test_hostile_classes.py",),
    ),
    (
        f"{SRC}/protocol/kaders/__init__.py",
        "    return known(kader_id) if isinstance(kader_id, str) else None",
        "    return DEFAULT",
        "an entry made with a kader this version does not know is refused, not reworded",
        ("tests/protocol/test_kaders.py", "tests/cli/test_melding_sheet.py"),
    ),
    (
        f"{SRC}/cli/dossier.py",
        "        if unsound:\n",
        "        if False:\n",
        "a backup copies only what is sound",
        (VERIFIED,),
    ),
    (
        f"{SRC}/dossier/reader.py",
        "                if len(ends) > 1:",
        "                if len(ends) > 99:",
        "a case split over two devices is named",
        (SPLIT,),
    ),
    (
        f"{SRC}/interview/session.py",
        "        ook_vorige=links[1:],\n",
        "",
        "the next entry of a split case joins every line",
        (SPLIT,),
    ),
    (
        f"{SRC}/cli/dossier.py",
        "        ] + [",
        "        ][:0] + [",
        "dossier open --json shows a split case first",
        (SPLIT,),
    ),
    (
        f"{SRC}/dossier/reader.py",
        "        for _ in range(2):  # the file, or (when it moved) its other name",
        "        for _ in range(1):  # the file, or (when it moved) its other name",
        "a file that moved while the folder was read is read under its other name",
        ("tests/cli/test_moving_files.py",),
    ),
    (
        f"{SRC}/dossier/reader.py",
        "            if fresh.encrypted:\n                self.codec = fresh",
        "            if False:\n                self.codec = fresh",
        "a read after encryption was turned on elsewhere uses the new codec",
        ("tests/cli/test_moving_files.py",),
    ),
    (
        f"{SRC}/dossier/backup.py",
        "        if self._given > self._limit:",
        "        if False:",
        "what an archive unpacks to is capped while it is read (compression bombs)",
        (
            "tests/cli/test_backup.py::test_a_compression_bomb_is_refused_quickly_and_in_little_memory",
        ),
    ),
    (
        f"{SRC}/dossier/backup.py",
        "            problem = _judge(stem, files, manifest, opened)",
        "            problem = None if _judge(stem, files, manifest, opened) or True else 1",
        "herstel writes only the sound entries of a damaged backup",
        ("tests/cli/test_backup.py",),
    ),
    (
        f"{SRC}/interview/session.py",
        "        with dossier.writing():  # linked and written while no other run of here writes",
        '        with __import__("contextlib").nullcontext():',
        "two runs of one case at one moment chain one after the other",
        ("tests/e2e/test_faults.py::test_runs_at_the_same_moment_all_land",),
    ),
    (
        f"{SRC}/protocol/questions.py",
        '    when=given("risicofactoren", since=3),\n',
        "",
        "how risk factors lead to unsafety is asked only when there are risk factors",
        ("tests/interview/test_versie_3.py", "tests/cli/test_start_interactive.py"),
    ),
    (
        f"{SRC}/protocol/validate.py",
        "        if clause.since > self.version:\n            return True",
        "        if False:\n            return True",
        "a file of version 2 is read as it was (a condition of version 3 does not apply)",
        ("tests/interview/test_versie_3.py",),
    ),
    (
        f"{SRC}/interview/prompts.py",
        "            value = JA\n            target[offer[0]] = offer[1]",
        "            value = JA",
        "the colleague of the profile, chosen, is recorded and not asked again",
        ("tests/cli/test_profiel.py",),
    ),
]


def main(chosen: list[str]) -> int:
    survived = 0
    for number, (name, old, new, protection, tests) in enumerate(MUTATIONS):
        if chosen and str(number) not in chosen:
            continue
        path = ROOT / name
        source = path.read_text(encoding="utf-8")
        if source.count(old) != 1:
            print(f"{number} STALE    {protection}: the text to replace is not there once")
            survived += 1
            continue
        path.write_text(source.replace(old, new), encoding="utf-8")
        try:
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            path.write_text(source, encoding="utf-8")
        caught = run.returncode != 0
        survived += not caught
        print(f"{number} {'CAUGHT  ' if caught else 'SURVIVED'} {protection}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
