"""Small HTML builders shared by the calculators' renderers. Every text is escaped here."""

from __future__ import annotations

import base64
import csv
import io
import re
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


# The first figure as figures() writes it: its label and value, already escaped.
FIRST_FIGURE = re.compile(r'<div class="qc-figure"><dt>([^<]*)</dt><dd>([^<]*)')


def headline(html: str) -> str:
    """The result's first headline figure, compact (the result bar on phones); empty if it has none."""
    found = FIRST_FIGURE.search(html)
    if found is None:
        return ""
    return f'<span class="qc-headline-label">{found.group(1)}</span> <strong class="qc-headline-value">{found.group(2)}</strong>'


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


# Copy and view beside every download. WeChat's in-app browser on iPhone (and some Android web views)
# saves no file from a data: link; copying the text or selecting it in the view box works everywhere.
# docs/assets/js/share.js shows these controls and moves them first inside WeChat; it only copies and
# shows: every word here is rendered by Python.
COPY = "复制"
VIEW = "查看"
COPIED = "已复制，可以粘贴到聊天、表格或文档里。"
COPY_FAILED = "这个浏览器不让网页直接复制：文字已在下面的框里选中，长按选择“拷贝”。"
WECHAT_HINT = "在微信里下载可能存不了文件：点“复制”或“查看”取用文字；要文件，点右上角“···”选“在浏览器打开”，再下载。"


def share(download_control: str, name: str) -> str:
    """A download control with 复制 and 查看 beside it, grouped under the file's name (its words repeat on
    every result, so search leaves them out).

    The controls stay hidden until the page script binds them (nothing to copy without it); the view
    box is filled with the file's text when opened, so the result's text is not doubled."""
    return (
        f'<div class="qc-share" role="group" aria-label="{esc(name)}" data-search-exclude>'
        f'<p class="qc-share-row">{download_control}'
        f'<button type="button" class="qc-button qc-copy" hidden>{COPY}</button>'
        f'<button type="button" class="qc-button qc-view" aria-expanded="false" hidden>{VIEW}</button></p>'
        f'<p class="qc-share-status" role="status"><span data-msg="copied" hidden>{esc(COPIED)}</span>'
        f'<span data-msg="failed" hidden>{esc(COPY_FAILED)}</span></p>'
        f'<textarea class="qc-share-text" readonly rows="8" aria-label="{esc(name)} 的内容" hidden></textarea>'
        f'<p class="qc-wechat-hint" hidden>{esc(WECHAT_HINT)}</p>'
        "</div>"
    )


def download(filename: str, mime: str, text: str, label: str) -> str:
    """A download link (styled as a button) whose data URL holds ``text``, with copy and view beside it."""
    href = data_url(mime, text)
    return share(f'<a class="qc-csv qc-button" download="{esc(filename)}" href="{esc(href)}">{esc(label)}</a>', filename)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The table as CSV text (what 复制 puts on the clipboard); the file adds a BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_link(filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]], label: str = "下载 CSV") -> str:
    """A download link whose data URL holds the table as CSV (with a BOM so Excel reads UTF-8)."""
    return download(filename, "text/csv", "\ufeff" + csv_text(headers, rows), label)


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
