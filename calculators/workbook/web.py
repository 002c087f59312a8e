"""The worker's side of the workbook page: the page posts one request, gets one JSON answer.

Requests (the ``inputs`` the page posts under the id ``plan``), one of:

- ``{"form": {part: {field: text}}, "links": {link id: bool}, "changed": [part, …]}``: the page's forms as
  they are now (``part`` ``plan`` holds the name and start date) and the parts edited since the last answer
  (only their results and those that follow them are rendered again; all without it); ``"copy": true``
  makes it a new plan's copy;
- ``{"plan": {…}}``: a plan the page kept (the file's JSON);
- ``{"file": "…"}``: a file the reader chose to import (its text);
- ``{"share": "…"}``: the ``plan`` parameter of a link;
- ``{"example": true}``: the example plan (a new plan starts from it).

Answers: ``{"ok": true, "plan": the file's JSON, "title", "share", "filename", "errors": [{part, field,
message}], "stale": [parts without a result], "values": {link id: text}, "slots": {name: html}}``, with
``"html"`` (the whole body) for every request but a form's (``"whole": true`` asks for it there too); or
``{"ok": false, "message"}`` when the plan cannot be read, and nothing else happened.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .document import FORMAT, PARTS, VERSION, Document, PlanFileError, from_json
from .document import read as read_file
from .plan import HEADER, HEADER_FIELDS, LINK_DEFAULTS, plan
from .render import block, body, export_name, slots, values
from .share import decode, encode

ID = "plan"
COPY_SUFFIX = "（副本）"
UNEXPECTED = "这份计划没能算出结果（程序出了意外的错误），请换一组数字再试。"
NOT_A_REQUEST = "页面发来的请求看不懂，请刷新页面再试。"


def from_form(form: object, links: object) -> Document:
    """The page's forms as a document, checked like a file."""
    if not isinstance(form, dict):
        raise PlanFileError(NOT_A_REQUEST)
    header = form.get(HEADER, {})
    if not isinstance(header, dict):
        raise PlanFileError(NOT_A_REQUEST)
    data = {
        "format": FORMAT, "version": VERSION,
        "name": header.get("name", ""), "start": header.get("start", ""),
        "links": links if isinstance(links, dict) else {},
        "parts": {part: form[part] for part in PARTS if part in form},
    }
    return from_json(data, LINK_DEFAULTS)


def copied(document: Document) -> Document:
    """The same plan under a copy's name (shortened so the name stays within its limit)."""
    room = (HEADER_FIELDS[0].max_length or 30) - len(COPY_SUFFIX)
    name = (document.name.strip() or str(HEADER_FIELDS[0].default))[:room]
    return Document(name + COPY_SUFFIX, document.start, document.parts, document.links)


def changed_parts(request: Mapping[str, Any]) -> list[str] | None:
    """The parts a form request says were edited; None (render every part) when it says nothing usable."""
    changed = request.get("changed")
    known = {HEADER, *PARTS}
    if not isinstance(changed, list) or not all(isinstance(part, str) and part in known for part in changed):
        return None
    return changed


def document_of(request: Mapping[str, Any]) -> tuple[Document, bool]:
    """The document a request names, and whether the answer carries the whole body."""
    if "form" in request:
        found = from_form(request["form"], request.get("links"))
        if request.get("copy") is True:
            return copied(found), True
        return found, request.get("whole") is True
    if "plan" in request:
        return from_json(request["plan"], LINK_DEFAULTS), True
    if isinstance(request.get("file"), str):
        return read_file(request["file"], LINK_DEFAULTS), True
    if isinstance(request.get("share"), str):
        return decode(request["share"], LINK_DEFAULTS), True
    if request.get("example") is True:
        from . import example

        return example(), True
    raise PlanFileError(NOT_A_REQUEST)


def answer(document: Document, whole: bool, changed: list[str] | None = None) -> dict[str, Any]:
    result = plan(document)
    share = encode(document)
    found: dict[str, Any] = {
        "ok": True,
        "plan": document.as_json(),
        "title": result.title,
        "share": share,
        "filename": export_name(result),
        "errors": [{"part": key.split(".", 1)[0], "field": key.split(".", 1)[1], "message": message}
                   for key, message in result.errors.items()],
        "stale": [part.id for part in result.parts.values() if part.scenario is None],
        "values": values(result),
    }
    if whole:
        found["html"] = body(result, share)
    else:
        found["slots"] = slots(result, share, changed)
    return found


def handle(inputs_json: str) -> str:
    """One answer, as JSON; it never raises (the page would wait for ever)."""
    try:
        request = json.loads(inputs_json)
    except (ValueError, RecursionError):
        return refusal(NOT_A_REQUEST)
    if not isinstance(request, dict):
        return refusal(NOT_A_REQUEST)
    try:
        document, whole = document_of(request)
        return json.dumps(answer(document, whole, changed_parts(request)), ensure_ascii=False, allow_nan=False)
    except PlanFileError as error:
        return refusal(str(error))
    except (ArithmeticError, ValueError, TypeError, RecursionError, LookupError):
        return refusal(UNEXPECTED)


def refusal(message: str) -> str:
    return json.dumps({"ok": False, "message": message}, ensure_ascii=False)


def page_block(root: str, runtime: Mapping[str, str]) -> str:
    """The workbook as the build pre-renders it, with the example plan."""
    from . import example

    document = example()
    return block(plan(document), encode(document), root, runtime)


__all__ = ["ID", "handle", "page_block"]
