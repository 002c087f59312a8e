"""Small HTML builders shared by the calculators' renderers. Every text is escaped here."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from .site import site


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Figure:
    """A headline number: label, value already formatted, optional note."""

    label: str
    value: str
    note: str = ""


def figures(items: Iterable[Figure]) -> str:
    cells = "".join(
        f'<div class="qc-figure"><dt>{esc(item.label)}</dt><dd>{esc(item.value)}'
        + (f'<span class="qc-figure-note">{esc(item.note)}</span>' if item.note else "")
        + "</dd></div>"
        for item in items
    )
    return f'<dl class="qc-figures">{cells}</dl>'


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], *, numeric_from: int = 1) -> str:
    """A data table; columns from ``numeric_from`` on are right-aligned numbers."""
    num = ' class="qc-num"'
    head = "".join(
        f'<th scope="col"{num if index >= numeric_from else ""}>{esc(text)}</th>'
        for index, text in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for index, text in enumerate(row):
            if index == 0:
                cells.append(f'<th scope="row">{esc(text)}</th>')
            elif index >= numeric_from:
                cells.append(f'<td class="qc-num">{esc(text)}</td>')
            else:
                cells.append(f"<td>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="qc-table-wrap"><table class="qc-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def data_url(mime: str, text: str) -> str:
    """``text`` as a UTF-8 data URL, in base64: a Chinese character takes 4 characters of the
    page, not the 9 of percent-encoding, and results travel from the worker as HTML."""
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def download(filename: str, mime: str, text: str, label: str) -> str:
    """A download link (styled as a button) whose data URL holds ``text``."""
    href = data_url(mime, text)
    return f'<a class="qc-csv qc-button" download="{esc(filename)}" href="{esc(href)}">{esc(label)}</a>'


def csv_link(filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]], label: str = "下载 CSV") -> str:
    """A download link whose data URL holds the table as CSV (with a BOM so Excel reads UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return download(filename, "text/csv", "\ufeff" + buffer.getvalue(), label)


def paragraph(text: str, kind: str = "") -> str:
    css = f' class="qc-{kind}"' if kind else ""
    return f"<p{css}>{esc(text)}</p>"


def link(text: str, href: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def playbook_link(slug: str, text: str | None = None, *, anchor: str = "") -> str:
    """A link from a calculator page (``calculators/<id>/``) to a playbook, named by its title in the site
    data unless ``text`` is given; ``anchor`` opens a section (``compliance``, ``induced-sharing``)."""
    ref = site().playbook(slug)
    return link(ref.title if text is None else text, "../../" + ref.url + (f"#{anchor}" if anchor else ""))


def section(title: str, body: str) -> str:
    return f'<section class="qc-part"><h2>{esc(title)}</h2>{body}</section>'
