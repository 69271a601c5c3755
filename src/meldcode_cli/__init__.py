"""meldcode: de verbeterde meldcode huiselijk geweld en kindermishandeling op de opdrachtregel."""

__version__ = "0.1.0"
