"""The browser side of the contract: the form the build pre-renders and the worker's handler.

The page script posts ``{calc_id, inputs}``; the worker calls ``handle`` and posts back its
JSON. JavaScript never computes, formats or writes Chinese: everything shown comes from here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import CALCULATORS, READERS, get, run
from .errors import InputError, UnknownCalculatorError
from .fields import Field, Kind
from .files import PAGE_LIMIT, Upload, megabytes, too_large
from .markup import esc, headline
from .spellings import spellings
from .startup import problem_messages, status_attributes, time_limit_attribute

# The phone keyboard each kind needs: digits only for counts, digits and a point for amounts and rates.
# Lists need a comma, dates a hyphen, and a field that takes a negative number a minus sign, which
# neither number pad has (iPhone's): those get the full keyboard.
INPUT_MODES = {
    Kind.INTEGER: "numeric",
    Kind.NUMBER: "decimal",
    Kind.RATE: "decimal",
}


def input_mode(field: Field) -> str:
    mode = INPUT_MODES.get(field.kind, "text")
    low, _ = field.bounds()
    return "text" if low is None or low < 0 else mode


NOT_AN_OBJECT = "输入应是一个 JSON 对象（字段名对应填写的文字）。"
UNEXPECTED = "这组输入没能算出结果（程序出了意外的错误），请换一组数字再试。"


def handle(calc_id: str, inputs_json: str, files: object = None) -> str:
    """Answer one request: ``{"ok": true, "html", "headline", "outputs", "query"}`` or ``{"ok": false, "errors"}``.

    ``files`` are the files the reader chose, for a calculator that reads files: in the browser the page's
    list of ``{name, bytes}`` (an ArrayBuffer each), as Pyodide hands it over; elsewhere ``Upload``s.
    It never raises: an exception here would leave the page waiting for an answer forever.
    The answer is strict JSON (no NaN), which the page's JSON.parse requires.
    """
    try:
        raw = json.loads(inputs_json)
    except (ValueError, RecursionError):
        return failure(NOT_AN_OBJECT)
    if not isinstance(raw, dict):
        return failure(NOT_AN_OBJECT)
    raw = {str(key): value for key, value in raw.items()}
    if files is not None and hasattr(files, "__iter__"):  # Pyodide's jsnull is no list of files
        try:
            name = file_field(get(str(calc_id)))
        except UnknownCalculatorError as error:
            return failure(str(error))
        uploads = received(files)
        total = sum(upload.size for upload in uploads)
        if total > PAGE_LIMIT:
            message = too_large([upload.name for upload in uploads], total, PAGE_LIMIT, page=True)
            return json.dumps({"ok": False, "errors": [{"field": name, "message": message}]}, ensure_ascii=False)
        raw[name] = uploads
    try:
        result = run(str(calc_id), raw)
    except InputError as error:
        return json.dumps({"ok": False, "errors": error_list(error)}, ensure_ascii=False)
    except UnknownCalculatorError as error:
        return failure(str(error))
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return failure(UNEXPECTED)
    try:
        return json.dumps(
            {"ok": True, "html": result.html, "headline": headline(result.html), "outputs": result.as_json()["outputs"],
             "query": result.query()},
            ensure_ascii=False, allow_nan=False,
        )
    except ValueError:
        return failure(UNEXPECTED)


def received(files: object) -> tuple[Upload, ...]:
    """The page's files as Uploads. In Pyodide each item is a proxy of ``{name, bytes}``, whose ArrayBuffer
    becomes Python bytes with ``to_bytes()`` (one copy); Uploads and (name, bytes) pairs pass as they are."""
    found: list[Upload] = []
    for item in files:  # type: ignore[attr-defined]
        if isinstance(item, Upload):
            found.append(item)
        elif isinstance(item, (tuple, list)):
            found.append(Upload(str(item[0]), bytes(item[1])))
        else:
            data = item.bytes
            found.append(Upload(str(item.name), data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)))
    return tuple(found)


def file_field(calculator: Any) -> str:
    """The name of a calculator's file field ('' when it has none)."""
    return next((item.name for item in calculator.fields if item.kind is Kind.FILES), "")


def failure(message: str) -> str:
    """An answer with one message that belongs to no field (shown in the status line)."""
    return json.dumps({"ok": False, "errors": [{"field": "", "message": message}]}, ensure_ascii=False)


def error_list(error: InputError) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in error.errors.items()]


FILE_TYPES = ".csv,.json,.txt,text/csv,application/json"


def files_html(calc_id: str, field: Field) -> str:
    """A file field: a file input (several files at once) in a box that files can be dropped on.

    The input has no ``name``: the form's values (and so the URL) never carry a file. ``data-too-large`` is
    the message the page shows, without reading a byte, when the files are over ``data-max-bytes``.
    """
    ident = f"qc-{calc_id}-{field.name}"
    described = f'aria-describedby="{ident}-hint {ident}-error"'
    refused = (
        f"选的文件一共超过了页面一次能分析的 {megabytes(PAGE_LIMIT)}，没有读取。可以在电脑上用命令行分析"
        "（见本页“在命令行里分析”），或者在导出工具里按日期分几次导出，每次分析一段。"
    )
    return (
        f'<div class="qc-field qc-files" data-field="{esc(field.name)}" data-max-bytes="{PAGE_LIMIT}" '
        f'data-too-large="{esc(refused)}" data-unreadable="读不了选的文件：它可能已被移动、改名或删除，请重新选择。">'
        f'<label for="{ident}">{esc(field.label)}</label>'
        f'<div class="qc-drop"><input id="{ident}" type="file" multiple accept="{FILE_TYPES}" {described}>'
        '<p class="qc-drop-note">也可以把文件拖到这个框里。</p></div>'
        f'<p class="qc-hint" id="{ident}-hint">{esc(field.hint)}文件只在你的浏览器里读取，不会上传；'
        f"一次最多 {megabytes(PAGE_LIMIT)}。</p>"
        f'<p class="qc-error" id="{ident}-error" role="alert" hidden></p>'
        "</div>"
    )


def field_html(calc_id: str, field: Field, value: str) -> str:
    if field.kind is Kind.FILES:
        return files_html(calc_id, field)
    ident = f"qc-{calc_id}-{field.name}"
    unit = f'<span class="qc-unit">{esc(field.unit)}</span>' if field.unit and not field.is_list else ""
    hint = field.hint + ("" if field.is_list else f"范围：{field.allowed()}。")
    optional = '<span class="qc-optional">（选填）</span>' if field.optional else ""
    described = f'aria-describedby="{ident}-hint {ident}-error"'
    if field.kind is Kind.CHOICE:
        options = "".join(
            f'<option value="{esc(choice)}" data-spellings="{esc(" ".join(spellings(choice)))}"'
            f'{" selected" if choice == value else ""}>{esc(choice)}</option>'
            for choice in field.choices
        )
        control = f'<select id="{ident}" name="{esc(field.name)}" {described}>{options}</select>'
    else:
        control = (
            f'<input id="{ident}" name="{esc(field.name)}" type="text" inputmode="{input_mode(field)}" '
            f'autocomplete="off" value="{esc(value)}" {described}>'
        )
    return (
        f'<div class="qc-field" data-field="{esc(field.name)}">'
        f'<label for="{ident}">{esc(field.label)}{optional}</label>'
        f'<div class="qc-control">{control}{unit}</div>'
        f'<p class="qc-hint" id="{ident}-hint">{esc(hint)}</p>'
        f'<p class="qc-error" id="{ident}-error" role="alert" hidden></p>'
        "</div>"
    )


def page_html(calc_id: str, root: str, runtime: Mapping[str, str]) -> str:
    """The whole calculator block as the build writes it: form, status line and default result.

    ``root`` is the relative path from the page to the site root; ``runtime`` names the
    worker script, the Pyodide folder and the wheel, relative to the root.
    """
    calculator = get(calc_id)
    values = calculator.example_inputs()
    reads_files = calc_id in READERS
    body = empty_state(calculator) if reads_files else run(calc_id, values).html
    fields = "".join(field_html(calc_id, field, values[field.name]) for field in calculator.fields)
    data = " ".join(f'data-{esc(key)}="{esc(root + path)}"' for key, path in sorted(runtime.items()))
    status = READER_STATUS if reads_files else (
        '<p class="qc-status" role="status" data-loading="正在载入计算引擎，下面是示例数字的结果……" '
        f'data-ready="计算引擎已就绪：改动输入，结果立即更新。" {status_attributes(problem_messages("下面是示例数字的结果。"))} '
        'data-offline="">下面是示例数字的结果；开启 JavaScript 后可以改数字，立即重算。</p>'
    )
    return (
        f'<div class="qc-calculator{" qc-reader" if reads_files else ""}" data-calc="{esc(calc_id)}" {data} '
        f"{time_limit_attribute()}>"
        f'<form class="qc-form" aria-label="{esc(calculator.title)}的输入" novalidate>{fields}</form>'
        f"{'' if reads_files else result_bar(headline(body))}"
        f"{status}"
        '<div class="qc-actions">'
        '<button type="button" class="qc-button qc-pin" hidden>固定这个方案，与新方案对比</button>'
        '<button type="button" class="qc-button qc-unpin" hidden>取消固定</button>'
        f"{'' if reads_files else COPY_LINK}"
        "</div>"
        '<div class="qc-results">'
        f'<div class="qc-result" aria-live="polite">{body}</div>'
        '<div class="qc-pinned" hidden><p class="qc-pinned-title">已固定的方案</p><div class="qc-pinned-body"></div></div>'
        "</div></div>"
    )


READER_PROBLEMS = problem_messages("没有它就分析不了文件；手册各页照常可读。", engine="分析程序", verb="分析")
READER_STATUS = (
    '<p class="qc-status" role="status" data-loading="正在载入分析程序，选好的文件会在载入后马上分析……" '
    'data-ready="分析程序已就绪：选择文件，或把文件拖到上面的框里。" data-reading="正在你的浏览器里分析文件……" '
    'data-done="分析完成。文件只在这个页面里读取过，没有上传，也没有保存；关掉页面就不留痕迹。" '
    f'{status_attributes(READER_PROBLEMS)} data-offline="">'
    "选择文件后，分析在你的浏览器里进行；这需要开启 JavaScript。</p>"
)


def empty_state(calculator: Any) -> str:
    """What a file calculator's result shows before any file is chosen."""
    return (
        '<div class="qc-empty">'
        f"<p>还没有选择文件。选好以后，{esc(calculator.title)}的结果会显示在这里：数字、图表、表格和可下载的 CSV。</p>"
        "<p>文件不会离开你的设备：这个网站没有服务器接收文件，分析程序和网页一起下载到你的浏览器里，"
        "在这台设备上读取文件、算出结果。结果也不会保存，除非你自己下载 CSV。</p>"
        "</div>"
    )


def result_bar(headline_html: str) -> str:
    """On a phone the result sits below the form, out of sight while typing: this bar keeps the first
    headline figure at the bottom of the screen and opens the whole result over the page. The page
    script shows it (narrow screens, result out of view) and puts each new headline in it."""
    return (
        '<div class="qc-resultbar" data-search-exclude hidden>'
        '<button type="button" class="qc-resultbar-toggle" aria-expanded="false">'
        f'<span class="qc-resultbar-headline">{headline_html}</span>'
        '<span class="qc-resultbar-open">看完整结果</span><span class="qc-resultbar-close" hidden>收起结果</span>'
        "</button></div>"
    )


# A link to the scenario (the form's values are in the address), to paste into a chat.
COPY_LINK = (
    '<button type="button" class="qc-button qc-copy-link" hidden>复制链接</button>'
    '<span class="qc-copy-link-status" role="status" data-search-exclude>'
    '<span data-msg="copied" hidden>链接已复制：粘贴到聊天里，对方打开就是这组数字。</span>'
    '<span data-msg="failed" hidden>这个浏览器不让网页直接复制：请复制地址栏里的地址；在微信里点右上角“···”选“复制链接”。</span>'
    "</span>"
)


def describe() -> list[dict[str, Any]]:
    """Every calculator's id, title and summary (those that read files last), for the command line and the
    index page."""
    return [{"id": c.id, "title": c.title, "summary": c.summary} for c in (*CALCULATORS.values(), *READERS.values())]
