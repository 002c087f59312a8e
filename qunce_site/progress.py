"""The progress protocol: how the pages and the page scripts agree on the reader's saved progress.

Declared once, here. The templates take their keys from these functions, and the page scripts take
theirs from ``docs/assets/js/qunce-protocol.js``, which is generated from this module
(``python -m qunce_site protocol``; a test keeps it current).

Storage: localStorage, on the reader's device only. Every key starts with ``PREFIX``; after it comes
``role`` (the chosen role path's id), ``name`` (the name the trainee gave when exporting, kept to fill the
box next time) or ``<kind>:<id>``:

==============  ===================================  ===============================================
kind            id                                   value
==============  ===================================  ===============================================
``read``        a playbook's slug                    the date it was marked read (YYYY-MM-DD)
``used``        a calculator's id                    the date it was marked used
``drill``       a drill's id                         JSON ``{"choice": n, "score": n, "tries": n}``
``checklist``   a playbook's slug                    JSON ``{"<item index>": 1, …}`` (ticked items)
``quiz``        a self-test question's id (``m1-q2``:  ``right`` or ``wrong``: the trainee's own judgement
                module 1, question 2; qunce_site/data/  after opening the answer
                questions.py)
==============  ===================================  ===============================================

Export file (``qunce-progress.json``): ``{"format": FORMAT, "version": VERSION, "exported": ISO time,
"name": text or null, "role": id or null, "read": {slug: date}, "used": {id: date}, "checklists": {slug:
[indexes]}, "drills": {id: {choice, score, tries}}, "quiz": {id: "right" | "wrong"}}``. An import accepts
this shape in any of ``READ_VERSIONS``: version 1 files have no name and no quiz answers. The trainer's view
(calculators/cohort.py) reads the same files and keeps its own copy of these rules: it runs in the
calculators' package, which cannot import this one (a test holds the two to each other).

Campaign plans (the 活动计划 page) are kept under the same ``PREFIX`` but are not progress: the progress
export, import and counts never see them (``KEY`` does not match them).

==================  ==============================================================================
key                 value
==================  ==============================================================================
``plan:<id>``       one saved plan: the plan file's JSON, exactly as an export writes it (the format
                    is declared with the code that reads and checks it: calculators/workbook/document.py)
``plan-current``    the id of the plan the page opened last
==================  ==============================================================================

A plan's id (``PLAN_ID_PATTERN``) is made by the page when it first saves the plan; ids sort in the order
the plans were made.
"""

from __future__ import annotations

import json

PREFIX = "qunce:"
FORMAT = "qunce-progress"
VERSION = 2
READ_VERSIONS = (1, 2)  # what an import accepts
KINDS = ("read", "used", "drill", "checklist", "quiz")
QUIZ_ANSWERS = ("right", "wrong")
MAX_NAME = 40
ID_PATTERN = "[a-z0-9][a-z0-9_-]{0,79}"
MAX_FILE_BYTES = 200_000  # a real progress file is a few kilobytes
MAX_ENTRIES = 2000
EXPORT_NAME = "qunce-progress.json"
PLAN_KEY = "plan:"  # + a plan's id
PLAN_CURRENT = "plan-current"
PLAN_ID_PATTERN = "[a-z0-9]{1,40}"
# The data attributes the rendered pages carry for the scripts (without "data-").
ATTRIBUTES = (
    "key", "item", "path", "steps", "drills", "max", "count", "when", "drill", "choice", "score",
    "checklist", "total", "msg", "slot", "needs-js", "quiz", "answer",
)


def read_key(slug: str) -> str:
    return f"read:{slug}"


def used_key(calc_id: str) -> str:
    return f"used:{calc_id}"


def drill_key(drill_id: str) -> str:
    return f"drill:{drill_id}"


def checklist_key(slug: str) -> str:
    return f"checklist:{slug}"


def quiz_key(question_id: str) -> str:
    return f"quiz:{question_id}"


def plan_key(plan_id: str) -> str:
    return f"{PLAN_KEY}{plan_id}"


def javascript() -> str:
    """docs/assets/js/qunce-protocol.js: the same declaration as an ES module."""
    constants = {
        "PREFIX": PREFIX, "FORMAT": FORMAT, "VERSION": VERSION, "READ_VERSIONS": list(READ_VERSIONS),
        "KINDS": list(KINDS), "QUIZ_ANSWERS": list(QUIZ_ANSWERS), "MAX_NAME": MAX_NAME, "ID_PATTERN": ID_PATTERN,
        "MAX_FILE_BYTES": MAX_FILE_BYTES, "MAX_ENTRIES": MAX_ENTRIES, "EXPORT_NAME": EXPORT_NAME,
        "ATTRIBUTES": list(ATTRIBUTES), "PLAN_KEY": PLAN_KEY, "PLAN_CURRENT": PLAN_CURRENT,
        "PLAN_ID_PATTERN": PLAN_ID_PATTERN,
    }
    lines = [
        "// Generated from qunce_site/progress.py by `python -m qunce_site protocol`; do not edit.",
        "// The progress protocol shared by the rendered pages and the page scripts: see that module.",
        "",
    ]
    lines += [f"export const {name} = {json.dumps(value, ensure_ascii=False)};" for name, value in constants.items()]
    lines += [
        "",
        "// A progress key (without PREFIX): role, name, or <kind>:<id>.",
        'export const KEY = new RegExp(`^(role|name|(${KINDS.join("|")}):${ID_PATTERN})$`);',
        'export const ID = new RegExp(`^${ID_PATTERN}$`);',
        "// A saved plan's id (its key is PREFIX + PLAN_KEY + id).",
        'export const PLAN_ID = new RegExp(`^${PLAN_ID_PATTERN}$`);',
        "",
    ]
    return "\n".join(lines)
