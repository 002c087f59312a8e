"""The worker's handler and the pre-rendered form: same answers as run(), errors as data, markup escaped."""

from __future__ import annotations

import base64
import json

from conftest import ROOT

from calculators import CALCULATORS, run
from calculators.kit import sensitivity
from calculators.kit.sensitivity import Cell
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


def test_buttons_are_the_projects_own_class_not_materials() -> None:
    """Material's md-button is the theme's; our markup names qc-button, which qunce.css styles."""
    for calc_id in CALCULATORS:
        html = page_html(calc_id, "../../", RUNTIME)
        assert "md-button" not in html
        assert '<button type="button" class="qc-button qc-pin" hidden>' in html
        assert html.count('class="qc-csv qc-button" download=') >= 1
    css = (ROOT / "docs" / "assets" / "css" / "qunce.css").read_text(encoding="utf-8")
    assert ".md-typeset .qc-button {" in css


def test_sensitivity_sections_share_one_shape() -> None:
    rows = sensitivity.steps(lambda change: [Cell(f"{100 * (1 + change):.0f} 人", round(100 * (1 + change)))])
    section = sensitivity.section("敏感性：人数", ["变动", "人数"], rows, csv_name="x-敏感性.csv")
    assert [name for name, _ in rows] == ["−20%", "−10%", "当前", "+10%", "+20%"]
    assert '<th scope="row">当前</th><td class="qc-num">100 人</td>' in section.table
    csv = base64.b64decode(section.csv.split("base64,", 1)[1].split('"', 1)[0]).decode("utf-8")
    assert csv == "\ufeff变动,人数\r\n−20%,80\r\n−10%,90\r\n当前,100\r\n+10%,110\r\n+20%,120\r\n"
    assert 'download="x-敏感性.csv"' in section.csv and ">下载敏感性 CSV</a>" in section.csv
