"""The browser side of the contract: the form the build pre-renders and the worker's handler.

The page script posts ``{calc_id, inputs}``; the worker calls ``handle`` and posts back its
JSON. JavaScript never computes, formats or writes Chinese: everything shown comes from here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import CALCULATORS, get, run
from .errors import InputError, UnknownCalculatorError
from .fields import Field, Kind
from .markup import esc, headline
from .spellings import spellings

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


def handle(calc_id: str, inputs_json: str) -> str:
    """Answer one request: ``{"ok": true, "html", "headline", "outputs", "query"}`` or ``{"ok": false, "errors"}``.

    It never raises: an exception here would leave the page waiting for an answer forever.
    The answer is strict JSON (no NaN), which the page's JSON.parse requires.
    """
    try:
        raw = json.loads(inputs_json)
    except (ValueError, RecursionError):
        return failure(NOT_AN_OBJECT)
    if not isinstance(raw, dict):
        return failure(NOT_AN_OBJECT)
    try:
        result = run(str(calc_id), {str(key): value for key, value in raw.items()})
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


def failure(message: str) -> str:
    """An answer with one message that belongs to no field (shown in the status line)."""
    return json.dumps({"ok": False, "errors": [{"field": "", "message": message}]}, ensure_ascii=False)


def error_list(error: InputError) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in error.errors.items()]


def field_html(calc_id: str, field: Field, value: str) -> str:
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
    result = run(calc_id, values)
    fields = "".join(field_html(calc_id, field, values[field.name]) for field in calculator.fields)
    data = " ".join(f'data-{esc(key)}="{esc(root + path)}"' for key, path in sorted(runtime.items()))
    return (
        f'<div class="qc-calculator" data-calc="{esc(calc_id)}" {data}>'
        f'<form class="qc-form" aria-label="{esc(calculator.title)}的输入" novalidate>{fields}</form>'
        f"{result_bar(headline(result.html))}"
        '<p class="qc-status" role="status" data-loading="正在载入计算引擎，下面是示例数字的结果……" '
        'data-ready="计算引擎已就绪：改动输入，结果立即更新。" data-failed="计算引擎没能载入，下面是示例数字的结果。" '
        'data-offline="">下面是示例数字的结果；开启 JavaScript 后可以改数字，立即重算。</p>'
        '<div class="qc-actions">'
        '<button type="button" class="qc-button qc-pin" hidden>固定这个方案，与新方案对比</button>'
        '<button type="button" class="qc-button qc-unpin" hidden>取消固定</button>'
        f"{COPY_LINK}"
        "</div>"
        '<div class="qc-results">'
        f'<div class="qc-result" aria-live="polite">{result.html}</div>'
        '<div class="qc-pinned" hidden><p class="qc-pinned-title">已固定的方案</p><div class="qc-pinned-body"></div></div>'
        "</div></div>"
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
    """Every calculator's id, title and summary, for the command line and the index page."""
    return [{"id": c.id, "title": c.title, "summary": c.summary} for c in CALCULATORS.values()]
