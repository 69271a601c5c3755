"""What goes into an entry speaks as the practitioner: every title and choice label that
an entry shows, of the meldcode and of each follow-up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from meldcode_cli.protocol.kaders import KADERS
from meldcode_cli.protocol.model import Field, ListOf, Node, root_of
from meldcode_cli.protocol.questions import ROOT, steps_for
from meldcode_cli.protocol.vervolg import FOLLOW_UPS, follow_up_steps
from tests.interview.test_record_integrity import VOICE


def shown_in_entries(node: Node) -> Iterator[str]:
    if isinstance(node, Field):
        yield node.title
        yield from (choice.label for choice in node.choices)
    elif isinstance(node, ListOf):
        yield node.title
        yield from shown_in_entries(node.item)
    else:
        yield node.title
        for child in node.children:
            yield from shown_in_entries(child)


ROOTS = {
    "meldcode": ROOT,
    **{f"meldcode {k}": root_of(steps_for(kader)) for k, kader in KADERS.items()},
    **{
        f"{soort.value} {k}": root_of(follow_up_steps(soort, kader))
        for soort in FOLLOW_UPS
        for k, kader in KADERS.items()
    },
}


@pytest.mark.parametrize("name", sorted(ROOTS))
def test_titles_and_choices_are_in_the_practitioners_voice(name):
    texts = list(shown_in_entries(ROOTS[name]))
    assert len(texts) > 10
    assert [text for text in texts if VOICE.search(text)] == []
