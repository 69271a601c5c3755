"""An entry, or a case's whole timeline, for the client file (EPD): printable HTML, or a
PDF. Both are made from the entry's own Markdown, the record as it was written, so the
free text is escaped exactly as there; the exported file holds nothing the record does
not. Page numbers, the export date and the case come with every page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from meldcode_cli.protocol.model import format_date

FONT_DIR = "fonts"  # DejaVu Sans, shipped with the package (see fonts/LICENSE)


@dataclass(frozen=True)
class Part:
    entry_id: str
    markdown: str


def _body(markdown: str) -> str:
    from markdown_it import MarkdownIt

    # No raw HTML, ever: the Markdown already shows free text literally.
    rendered: str = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return rendered


CSS = """\
@page {
  size: A4;
  margin: 18mm 18mm 20mm 18mm;
  @bottom-left { content: "Meldcode — casus __CASUS__ — export __DATUM__"; font-size: 8pt;
                 color: #555; }
  @bottom-right { content: "Pagina " counter(page) " van " counter(pages); font-size: 8pt;
                  color: #555; }
}
html { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.45; color: #111; }
body { max-width: 46em; margin: 2em auto; padding: 0 1em; }
header.export { font-size: 8.5pt; color: #555; border-bottom: 1px solid #bbb;
                padding-bottom: .4em; margin-bottom: 1.2em; }
h1 { font-size: 16pt; margin: 0 0 .6em; }
h2 { font-size: 12.5pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #ddd;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 1.1em 0 .3em; break-after: avoid; }
blockquote { margin: .4em 0; padding-left: .8em; border-left: 3px solid #888; color: #333; }
ul, ol { padding-left: 1.4em; }
li { margin: .1em 0; }
article + article { break-before: page; border-top: 2px solid #444; margin-top: 2em;
                    padding-top: 1em; }
@media print { body { max-width: none; margin: 0; padding: 0; }
               article + article { border-top: none; margin-top: 0; padding-top: 0; } }
"""


def export_title(referentie: str, parts: list[Part]) -> str:
    if len(parts) == 1:
        return f"Meldcode — casus {referentie} — dossierstuk {parts[0].entry_id}"
    return f"Meldcode — casus {referentie} — {len(parts)} dossierstukken"


def render_html(referentie: str, parts: list[Part], today: date) -> str:
    css = CSS.replace("__CASUS__", _css_text(referentie)).replace("__DATUM__", format_date(today))
    title = html.escape(export_title(referentie, parts))
    articles = "\n".join(
        f'<article id="{html.escape(p.entry_id)}">\n{_body(p.markdown)}</article>' for p in parts
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f'<header class="export">{title}. Export uit meldcode op {format_date(today)}:'
        " een kopie voor het cliëntdossier. Het dossier zelf blijft in meldcode, met zijn"
        " controle.</header>\n"
        f"{articles}\n</body>\n</html>\n"
    )


def _css_text(text: str) -> str:
    """Text inside a CSS string: no quote, backslash or line break can end it."""
    return "".join(ch if ch.isprintable() and ch not in "\"'\\<>" else " " for ch in text)


def render_pdf(referentie: str, parts: list[Part], today: date) -> bytes:
    """The same document as a PDF, with an embedded font for ë, — and other scripts."""
    from fpdf import FPDF

    title = export_title(referentie, parts)
    fonts = resources.files("meldcode_cli").joinpath(FONT_DIR)

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("DejaVu", size=8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 6, f"Meldcode — casus {referentie} — export {format_date(today)}")
            self.set_x(-60)
            self.cell(42, 6, f"Pagina {self.page_no()} van {{nb}}", align="R")

    pdf = Document(format="A4")
    pdf.set_title(title)
    pdf.set_creator("meldcode")
    pdf.set_lang("nl")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=22)
    for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
        with resources.as_file(fonts.joinpath(name)) as path:
            pdf.add_font("DejaVu", style=style, fname=str(path))
    for part in parts:
        pdf.add_page()
        pdf.set_font("DejaVu", size=10)
        pdf.write_html(
            _body(part.markdown),
            font_family="DejaVu",
            tag_styles=_tag_styles(),
            li_prefix_color=(60, 60, 60),
        )
    return bytes(pdf.output())


def _tag_styles() -> dict[str, object]:
    from fpdf.fonts import FontFace, TextStyle

    return {
        "h1": TextStyle(font_family="DejaVu", font_style="B", font_size_pt=16, t_margin=2),
        "h2": TextStyle(font_family="DejaVu", font_style="B", font_size_pt=12.5, t_margin=5),
        "h3": TextStyle(font_family="DejaVu", font_style="B", font_size_pt=11, t_margin=4),
        "blockquote": TextStyle(font_family="DejaVu", color=(60, 60, 60), l_margin=6),
        "strong": FontFace(family="DejaVu", emphasis="BOLD"),
        "b": FontFace(family="DejaVu", emphasis="BOLD"),
    }


def write_export(path: Path, data: bytes) -> None:
    """A new file, private (0600), complete or not at all; never over an existing one."""
    from meldcode_cli.files import write_new

    write_new(path, data)
