"""Messages written without rich: between words on a screen, whole into a file."""

from __future__ import annotations

import io

from meldcode_cli.cli import output

MESSAGE = (
    "Fout: de dossiermap /tmp/TEST-een-heel-lange-mapnaam-zonder-spaties-erin is open"
    " voor anderen.\n  - een tweede regel die ook te lang is voor veertig kolommen"
)


class Screen(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_screen_a_long_line_goes_on_between_words(monkeypatch):
    screen = Screen()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setenv("COLUMNS", "40")
    output.say(MESSAGE)
    assert screen.getvalue() == (
        "Fout: de dossiermap\n"
        "/tmp/TEST-een-heel-lange-mapnaam-zonder-spaties-erin\n"  # a name is never cut
        "is open voor anderen.\n"
        "  - een tweede regel die ook te lang is\n"
        "  voor veertig kolommen\n"
    )


def test_into_a_file_or_a_pipe_every_line_stays_whole(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setenv("COLUMNS", "40")
    output.say(MESSAGE)
    assert stream.getvalue() == MESSAGE + "\n"


def test_a_closed_stream_loses_the_message_and_nothing_more(monkeypatch):
    stream = Screen()
    stream.close()
    monkeypatch.setattr("sys.stderr", stream)
    output.say(MESSAGE)  # no exception
