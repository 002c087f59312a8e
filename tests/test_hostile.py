"""Hostile input, for every calculator and every field: through run(), the command line (in
process and as a real subprocess, with and without --json), the worker's handler (hypothesis)
and the page.

Every case must end in a result whose outputs hold no NaN or infinity and whose HTML carries no
markup of the reader's, or in a Chinese message naming the field (InputError, exit status 2,
``ok: false``): never a traceback, never exit status 1, never an exception out of the handler,
never a page that stops answering. The module ends with a line counting the cases it ran.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_browser import LOAD_TIMEOUT, READY, text_of

from calculators import CALCULATORS, InputError, run
from calculators.kit.cli import main as cli_main
from calculators.kit.fields import Field, Kind, named, raw_text
from calculators.web import handle

NUMERIC = {Kind.INTEGER, Kind.NUMBER, Kind.RATE, Kind.INTEGERS, Kind.RATES}
SINGLE_NUMBER = {Kind.INTEGER, Kind.NUMBER, Kind.RATE}
RATES = {Kind.RATE, Kind.RATES}

HOSTILE: dict[str, str] = {
    "empty": "",
    "spaces": "   ",
    "ideographic spaces": "\u3000\u3000",
    "negative": "-1",
    "zero": "0",
    "negative zero": "-0",
    "non-numeric": "abc",
    "full-width digits": "１２３",
    "thousands separator": "1,234",
    "full-width thousands": "１，２３４",
    "1e308": "1e308",
    "1e309": "1e309",
    "10**400": "1" + "0" * 400,
    "4,000 nines": "9" * 4000,
    "tiny": "1e-320",
    "rate 1.5": "1.5",
    "rate 150%": "150%",
    "full-width percent": "４０％",
    "full-width decimal": "０．５",
    "NaN": "NaN",
    "nan": "nan",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "inf": "inf",
    "script tag": "<script>alert(1)</script>",
    "quotes and img": "\"'><img src=x onerror=alert(1)>",
    "ampersand entity": "&lt;b&gt;&amp;",
    "10,000 chars": "x" * 10_000,
    "10,000-item list": ",".join(["1"] * 5_000),
    "control characters": "\x00\x01\x07\x1b[31m\x7f\x9b",
    "bidi and zero-width": "\u202eabc\u200b\u200d",
    "emoji": "😀🎉👨‍👩‍👧",
    "undecodable bytes": "\udcff\udcfe",  # what Python makes of non-UTF-8 bytes in argv
}
FORBIDDEN_TAGS = {"script", "img", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "input"}
CJK = re.compile(r"[\u4e00-\u9fff]")
TALLY: Counter[str] = Counter()


# ---------------------------------------------------------------- checks shared by every path

class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> in the result")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in ("href", "src", "xlink:href") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def markup_problems(html: str) -> list[str]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    lowered = html.lower()
    for raw in ("<script", "<img"):
        if raw in lowered and not parser.problems:
            parser.problems.append(f"raw {raw!r} in the HTML")
    return parser.problems


def non_finite(value: Any, path: str = "") -> list[str]:
    """Paths of NaN or infinite numbers in a JSON-like value."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [path or "."]
    if isinstance(value, Mapping):
        return [p for key, item in value.items() for p in non_finite(item, f"{path}.{key}")]
    if isinstance(value, (list, tuple)):
        return [p for index, item in enumerate(value) for p in non_finite(item, f"{path}[{index}]")]
    return []


def reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    """Parse as a browser's JSON.parse would: NaN and Infinity are errors."""
    return json.loads(text, parse_constant=reject_constant)


def message_problems(calc_id: str, errors: Mapping[str, str]) -> list[str]:
    """Every message is Chinese, names its own field's label, is short and prints anywhere."""
    calculator = CALCULATORS[calc_id]
    labels = {field.name: field.label for field in calculator.fields}
    problems = []
    if not errors:
        problems.append("an error without messages")
    for name, message in errors.items():
        if name not in labels:
            problems.append(f"message for unknown field {name!r}: {message}")
            continue
        if named(labels[name]) not in message:
            problems.append(f"{name}: message does not name {named(labels[name])}: {message}")
        if not CJK.search(message) or len(message) > 400:
            problems.append(f"{name}: not a short Chinese message: {message[:100]}")
        if any(0xD800 <= ord(c) <= 0xDFFF or (ord(c) < 32) or 0x7F <= ord(c) < 0xA0 for c in message):
            problems.append(f"{name}: control characters or surrogates echoed: {message!r}")
    return problems


def outcome(calc_id: str, inputs: Mapping[str, str]) -> tuple[str, Any]:
    """('ok', outputs) or ('error', the fields named); with every check of a single run."""
    try:
        result = run(calc_id, inputs)
    except InputError as error:
        problems = message_problems(calc_id, error.errors)
        assert not problems, problems
        return "error", frozenset(error.errors)
    problems = non_finite(result.as_json()) + markup_problems(result.html)
    assert not problems, problems
    json.dumps(result.as_json(), allow_nan=False)
    return "ok", result.as_json()["outputs"]


def every_case() -> Iterator[tuple[str, Field, str, str]]:
    for calc_id, calculator in CALCULATORS.items():
        for field in calculator.fields:
            for label, value in HOSTILE.items():
                yield calc_id, field, label, value


CASES = list(every_case())
FIELDS = [(calc_id, field) for calc_id, c in CALCULATORS.items() for field in c.fields]


def field_id(item: tuple[str, Field]) -> str:
    return f"{item[0]}.{item[1].name}"


# ---------------------------------------------------------------- run()

@pytest.mark.parametrize("item", FIELDS, ids=field_id)
def test_run_gives_a_result_or_chinese_messages(item: tuple[str, Field]) -> None:
    calc_id, field = item
    example = CALCULATORS[calc_id].example_inputs()
    failures = []
    for label, value in HOSTILE.items():
        TALLY["run()"] += 1
        try:
            kind, detail = outcome(calc_id, {**example, field.name: value})
        except AssertionError as problem:
            failures.append(f"{label}: {problem}")
            continue
        except Exception as error:  # the point is to catch anything at all
            failures.append(f"{label}: {type(error).__name__}: {error}")
            continue
        must_fail = (
            field.kind in NUMERIC
            and label in {"non-numeric", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "10**400",
                          "4,000 nines", "script tag", "quotes and img", "10,000 chars", "control characters",
                          "emoji", "undecodable bytes", "10,000-item list"}
        ) or (field.kind in RATES and field.bounds()[1] == 1 and label in {"rate 1.5", "rate 150%"}) or (
            field.kind in (Kind.TEXT, Kind.TEXTS, Kind.DATE) and label in {"control characters", "undecodable bytes"}
        ) or (field.kind in (Kind.CHOICE, Kind.DATE) and label not in {"empty", "spaces", "ideographic spaces"})
        if must_fail and (kind != "error" or field.name not in detail):
            failures.append(f"{label}: accepted, should be a message for {field.name}")
    assert not failures, "\n".join(failures)


def same_outcome(calc_id: str, field: Field, typed: str, plain: str) -> bool:
    example = CALCULATORS[calc_id].example_inputs()
    return outcome(calc_id, {**example, field.name: typed}) == outcome(calc_id, {**example, field.name: plain})


@pytest.mark.parametrize("item", [f for f in FIELDS if f[1].kind in NUMERIC], ids=field_id)
def test_full_width_and_grouped_numbers_mean_the_same_as_ascii(item: tuple[str, Field]) -> None:
    """Full-width digits are accepted wherever the number itself is valid, and so are thousands
    separators in single-number fields: the outcome (outputs, or the fields named) is the same."""
    calc_id, field = item
    pairs = [("１２３", "123"), ("\u3000１２３ ", "123"), ("０．５", "0.5"), ("－２", "-2")]
    if field.kind in RATES:
        pairs += [("４０％", "40%"), ("40%", "0.4"), ("１００％", "1")]
    if field.kind in SINGLE_NUMBER:
        pairs += [("1,234", "1234"), ("１，２３４", "1234"), ("12,345.5", "12345.5")]
    low, high = field.bounds()
    if low is not None and high is not None:  # the ends of the range, written both ways
        for end in (low, high):
            text = raw_text(int(end) if float(end).is_integer() else end)
            pairs.append((text.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－")), text))
    for typed, plain in pairs:
        TALLY["run() equivalences"] += 1
        assert same_outcome(calc_id, field, typed, plain), f"{typed!r} and {plain!r} differ for {calc_id}.{field.name}"


def test_text_fields_take_tabs_as_spaces_and_refuse_other_control_characters() -> None:
    from calculators.kit.fields import FieldProblem, parse_value

    field = Field("name", "群名称", Kind.TEXT)
    assert parse_value(field, " 一群\t二群\n三群 ") == "一群 二群 三群"
    for raw in ("a\x00b", "a\x1b[2Jb", "a\x9bb", "a\udcffb"):
        with pytest.raises(FieldProblem) as problem:
            parse_value(field, raw)
        assert str(problem.value).startswith("“群名称”里有控制字符或无法识别的字符")
        assert "\ufffd" in str(problem.value) and raw[1] not in str(problem.value)


# ---------------------------------------------------------------- the command line

def run_cli_in_process(words: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = cli_main(words)
        except SystemExit as exit_:  # pragma: no cover - main returns, it does not exit
            status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def cli_problems(calc_id: str, status: int, out: str, err: str, as_json: bool) -> list[str]:
    """What is wrong with one command line run (empty when it behaved)."""
    problems = []
    if "Traceback" in err or "Traceback" in out:
        return [f"traceback: {err[-500:]}"]
    if status not in (0, 2):
        return [f"exit status {status}: {err[-300:]}"]
    labels = {f.name: f.label for f in CALCULATORS[calc_id].fields}
    if status == 0:
        if as_json:
            payload = strict_json(out)
            problems += non_finite(payload)
        else:
            lines = out.strip().splitlines()
            assert lines and CALCULATORS[calc_id].title in lines[0]
            for line in lines[1:]:
                name, _, value = line.strip().partition(": ")
                problems += non_finite(strict_json(value), name)
    elif as_json:
        errors = {e["field"]: e["message"] for e in strict_json(out)["errors"]}
        problems += message_problems(calc_id, errors)
    else:
        lines = err.strip().splitlines()
        if not lines or not all(line.startswith("输入有误：") for line in lines):
            problems.append(f"unexpected error output: {err[:300]}")
        found = [label for label in labels.values() if named(label) in err]
        if not found:
            problems.append(f"no field named in: {err[:300]}")
    return problems


@pytest.mark.parametrize("item", FIELDS, ids=field_id)
def test_command_line_exits_0_or_2_with_chinese_messages(item: tuple[str, Field]) -> None:
    """The whole matrix through cli.main (what `python -m calculators` runs), in this process."""
    calc_id, field = item
    example = CALCULATORS[calc_id].example_inputs()
    failures = []
    for label, value in HOSTILE.items():
        inputs = {**example, field.name: value}
        words = [f"{name}={text}" for name, text in inputs.items()]
        try:
            run(calc_id, inputs)
            expected = "ok"
        except InputError:
            expected = "error"
        for as_json in (True, False):
            TALLY["command line (in process)"] += 1
            status, out, err = run_cli_in_process(["run", calc_id, *(["--json"] if as_json else []), *words])
            problems = cli_problems(calc_id, status, out, err, as_json)
            if label != "undecodable bytes" and status != (0 if expected == "ok" else 2):
                problems.append(f"exit {status}, but run() gives {expected}")
            if problems:
                failures.append(f"{label} ({'--json' if as_json else 'plain'}): {problems}")
    assert not failures, "\n".join(failures)


def subprocess_cases() -> list[tuple[str, Field, str, str, bool]]:
    """(calculator, field, label, value, --json?) for real processes: every field of every
    calculator once, the hostile values dealt out in turn, so every value goes through a real
    process both with and without --json. QUNCE_HOSTILE_FULL=1: every pair, both ways."""
    chosen: list[tuple[str, Field, str, str, bool]] = []
    if os.environ.get("QUNCE_HOSTILE_FULL"):
        chosen = [(c, f, label, value, as_json) for c, f, label, value in CASES for as_json in (True, False)]
    else:
        labels = list(HOSTILE)
        for index in range(max(len(FIELDS), 2 * len(labels))):
            calc_id, field = FIELDS[index % len(FIELDS)]
            label = labels[index % len(labels)]
            chosen.append((calc_id, field, label, HOSTILE[label], (index // len(labels)) % 2 == 0))
    # argv cannot carry NUL: the OS ends the word there. Everything else goes as is.
    return [(c, f, label, value.replace("\x00", ""), as_json) for c, f, label, value, as_json in chosen]


def test_command_line_as_a_real_process() -> None:
    """`python -m calculators run …` with and without --json; stdout is strict UTF-8, as under
    PYTHONIOENCODING=utf-8, so anything unprintable would end in a traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    jobs = []
    for calc_id, field, label, value, as_json in subprocess_cases():
        words = [f"{name}={text}" for name, text in {**CALCULATORS[calc_id].example_inputs(), field.name: value}.items()]
        jobs.append((calc_id, field, label, as_json, ["run", calc_id, *(["--json"] if as_json else []), *words]))

    def one(job: tuple[str, Field, str, bool, list[str]]) -> str:
        calc_id, field, label, as_json, words = job
        done = subprocess.run(
            [sys.executable, "-m", "calculators", *words], cwd=ROOT, env=env, capture_output=True, timeout=60
        )
        out = done.stdout.decode("utf-8")
        err = done.stderr.decode("utf-8", "backslashreplace")
        problems = cli_problems(calc_id, done.returncode, out, err, as_json)
        return f"{calc_id}.{field.name} {label} ({'--json' if as_json else 'plain'}): {problems}" if problems else ""

    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [line for line in pool.map(one, jobs) if line]
    TALLY["command line (subprocess)"] += len(jobs)
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------- the worker's handler

def answer_problems(calc_id: str, body: str, answer_text: str) -> list[str]:
    answer = strict_json(answer_text)  # raises on NaN/Infinity or broken JSON
    if answer.get("ok") is True:
        return non_finite(answer["outputs"]) + markup_problems(answer["html"])
    if answer.get("ok") is False:
        errors = {e["field"]: e["message"] for e in answer["errors"]}
        if "" in errors:  # only for a request that is not a form at all
            return [] if not isinstance(json.loads(body), dict) or calc_id not in CALCULATORS else [
                f"a message that names no field: {errors['']}"
            ]
        return message_problems(calc_id, errors)
    return [f"no ok flag: {answer_text[:200]}"]


def boundary_texts(field: Field) -> list[str]:
    """Values near the edges of the field's range, to reach the compute code's extremes."""
    texts = [field.form_value, raw_text(field.default), "0", "1", "-1"]
    for end in field.bounds():
        if end is not None:
            texts += [raw_text(end), raw_text(end * 1.0000001), raw_text(end * 0.9999999), raw_text(end + 1)]
    texts += list(field.choices)
    if field.kind in (Kind.INTEGERS, Kind.RATES, Kind.TEXTS):
        texts.append(",".join([field.form_value.split(",")[0] or "1"] * field.max_items))
    return texts


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_handle_answers_any_text_with_json(calc_id: str, data: st.DataObject) -> None:
    """st.text() (and the range's edges) for every field: always strict JSON with ok true/false."""
    inputs: dict[str, str] = {}
    for field in CALCULATORS[calc_id].fields:
        value = data.draw(
            st.one_of(st.text(), st.sampled_from(boundary_texts(field)), st.sampled_from(list(HOSTILE.values()))),
            label=field.name,
        )
        if data.draw(st.booleans(), label=f"send {field.name}"):
            inputs[field.name] = value
    body = json.dumps(inputs)
    TALLY["handle() (hypothesis)"] += 1
    problems = answer_problems(calc_id, body, handle(calc_id, body))
    assert not problems, problems


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    calc_id=st.one_of(st.sampled_from(list(CALCULATORS)), st.text(max_size=20)),
    inputs=st.dictionaries(st.one_of(st.sampled_from([f.name for c in CALCULATORS.values() for f in c.fields]),
                                     st.text(max_size=10)), JSON_VALUES, max_size=8),
)
def test_handle_survives_tampered_requests(calc_id: str, inputs: dict[str, Any]) -> None:
    """Values of any JSON type, unknown keys and unknown calculators: an answer, never an exception."""
    body = json.dumps(inputs)  # may hold NaN: a page never sends it, the handler must still cope
    TALLY["handle() (hypothesis)"] += 1
    problems = answer_problems(calc_id, body, handle(calc_id, body))
    assert not problems, problems


@pytest.mark.parametrize(
    "body",
    ["", "not json", "[]", "null", "1e999", '"text"', "[" * 50_000 + "]" * 50_000,
     '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}", '{"reach": ' + "9" * 5000 + "}"],
    ids=["empty", "not-json", "array", "null", "number", "string", "deep-array", "deep-object", "5000-digit-int"],
)
def test_handle_survives_bodies_that_are_not_forms(body: str) -> None:
    for calc_id in CALCULATORS:
        TALLY["handle() (fixed)"] += 1
        answer = strict_json(handle(calc_id, body))
        assert answer["ok"] is False and CJK.search(answer["errors"][0]["message"])


# ---------------------------------------------------------------- the page

def page_state(page: Any, calc_id: str) -> dict[str, Any]:
    return dict(page.evaluate(
        """() => {
             const calc = document.querySelector('.qc-calculator');
             const values = {}, errors = {};
             calc.querySelectorAll('.qc-form [name]').forEach(el => { values[el.name] = el.value; });
             calc.querySelectorAll('.qc-field').forEach(f => {
               const m = f.querySelector('.qc-error'); if (!m.hidden) errors[f.dataset.field] = m.textContent; });
             return {values, errors, result: calc.querySelector('.qc-result').textContent,
                     stale: calc.querySelector('.qc-result').classList.contains('qc-stale'),
                     injected: calc.querySelectorAll('script, img, iframe, object, embed').length};
           }"""
    ))


def settled(page: Any, before: int) -> None:
    page.wait_for_function(
        """n => { const c = document.querySelector('.qc-calculator');
                  return Number(c.dataset.answered || 0) > n && c.dataset.busy !== '1' && c.dataset.dirty !== '1'; }""",
        arg=before, timeout=15_000,
    )


def answers(page: Any) -> int:
    return int(page.evaluate("() => Number(document.querySelector('.qc-calculator').dataset.answered || 0)"))


def matches_python(page: Any, calc_id: str) -> None:
    """The page shows what run() gives for the values its form holds now."""
    state = page_state(page, calc_id)
    assert state["injected"] == 0
    try:
        expected = run(calc_id, state["values"])
    except InputError as error:
        assert state["errors"] == error.errors
        assert state["stale"]
    else:
        assert state["errors"] == {}
        assert state["result"] == text_of(expected.html)
        assert not state["stale"]


def typed_fields(calc_id: str) -> tuple[Field, Field]:
    """A number field (single number if there is one) and a text field (or the number field again)."""
    fields = [f for f in CALCULATORS[calc_id].fields if f.kind is not Kind.CHOICE]
    number = next((f for f in fields if f.kind in SINGLE_NUMBER), next((f for f in fields if f.kind in NUMERIC), fields[0]))
    text = next((f for f in fields if f.kind in (Kind.TEXT, Kind.TEXTS, Kind.DATE)), number)
    return number, text


@pytest.mark.browser
@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_the_page_survives_hostile_links_and_typing(page: Any, base_url: str, calc_id: str) -> None:
    number, text = typed_fields(calc_id)
    query = urlencode([
        ("bogus", "1"), ("__proto__", "x"), ("constructor", "y"),
        (number.name, "<script>alert(1)</script>"), (number.name, "2"),  # repeated: the first one counts
        (text.name if text is not number else "unknown", "长" * 5000),
    ])
    page.goto(f"{base_url}calculators/{calc_id}/?{query}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    settled(page, 0)
    TALLY["page"] += 1
    state = page_state(page, calc_id)
    assert state["values"][number.name] == "<script>alert(1)</script>"
    if text is not number:
        assert state["values"][text.name] == "长" * 500  # the page keeps 500 characters of a URL value
    matches_python(page, calc_id)

    for value in ("abc", "１２３", "1e309", "\"'><img src=x onerror=alert(1)>"):
        before = answers(page)
        page.fill(f"#qc-{calc_id}-{number.name}", value)
        settled(page, before)
        TALLY["page"] += 1
        matches_python(page, calc_id)
        assert page_state(page, calc_id)["values"][number.name] == value

    # Still alive: the examples give the example result.
    before = answers(page)
    for field in (number, text):
        page.fill(f"#qc-{calc_id}-{field.name}", CALCULATORS[calc_id].example_inputs()[field.name])
    settled(page, before)
    TALLY["page"] += 1
    matches_python(page, calc_id)
    assert page_state(page, calc_id)["result"] == text_of(run(calc_id, CALCULATORS[calc_id].example_inputs()).html)


# ---------------------------------------------------------------- the count

@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    total = sum(TALLY.values())
    parts = ", ".join(f"{name} {count}" for name, count in TALLY.items())
    line = f"hostile input: {total} cases ({parts})"
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:  # pragma: no cover - plugins switched off
        print(line)
        return
    with capture.global_and_fixture_disabled():  # past pytest's output capture, so it is always seen
        reporter.write_line("")
        reporter.write_line(line)


def test_the_matrix_covers_every_field_and_value() -> None:
    """The plan, independent of which tests were selected: all fields × all values, every path."""
    assert len(CASES) == sum(len(c.fields) for c in CALCULATORS.values()) * len(HOSTILE)
    assert len(CASES) >= 1_000, len(CASES)
    planned = subprocess_cases()
    assert {(c, field.name) for c, field, _, _, _ in planned} == {(c, f.name) for c, f in FIELDS}
    assert {(label, as_json) for _, _, label, _, as_json in planned} == {(label, j) for label in HOSTILE for j in (True, False)}
