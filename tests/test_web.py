"""The worker's handler and the pre-rendered form: same answers as run(), errors as data, markup escaped."""

from __future__ import annotations

import json

from calculators import run
from calculators.web import handle, page_html

RUNTIME = {"worker": "w.js", "pyodide": "py/", "wheel": "x.whl"}


def test_handle_returns_the_same_html_as_run() -> None:
    inputs = {"reach": "1000", "rates": "0.5"}
    answer = json.loads(handle("funnel", json.dumps(inputs)))
    assert answer["ok"] is True
    assert answer["html"] == run("funnel", inputs).html
    assert answer["outputs"]["counts"] == [1000, 500]


def test_handle_returns_field_errors_not_exceptions() -> None:
    answer = json.loads(handle("funnel", json.dumps({"reach": "", "rates": "2"})))
    assert answer["ok"] is False
    assert {e["field"] for e in answer["errors"]} == {"reach", "rates"}


def test_handle_survives_tampered_requests() -> None:
    for calc_id, body in [("nope", "{}"), ("funnel", "[]"), ("funnel", "not json"), ("funnel", '{"reach": {"a": 1}}')]:
        answer = json.loads(handle(calc_id, body))
        assert answer["ok"] is False and answer["errors"][0]["message"]


def test_user_text_is_escaped_in_the_result() -> None:
    html = run("funnel", {"reach": "100", "rates": "0.5,0.5", "stages": '<script>x</script>,"a"&b'}).html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&quot;a&quot;&amp;b" in html


def test_page_html_holds_the_form_and_the_default_result() -> None:
    html = page_html("funnel", "../../", RUNTIME)
    assert 'data-calc="funnel"' in html and 'data-wheel="../../x.whl"' in html
    assert 'name="reach"' in html and 'value="50000"' in html
    assert run("funnel", {"reach": "50000", "rates": "0.4,0.25,0.1", "stages": "扫码,入群,完成任务", "target": "1000"}).html in html
    assert 'aria-describedby="qc-funnel-reach-hint qc-funnel-reach-error"' in html
