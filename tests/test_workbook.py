"""活动计划: one plan across the calculators — the plan file, the links between parts, the page's pieces,
the link that carries a plan, the worker's answers and the command line."""

from __future__ import annotations

import base64
import datetime
import json
import math
import re
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import run
from calculators.kit.cli import main
from calculators.kit.fields import raw_text
from calculators.web import handle
from calculators.workbook import LINKS, Document, PlanFileError, example, read
from calculators.workbook.document import FORMAT, MAX_FILE_BYTES, VERSION
from calculators.workbook.plan import LINK_DEFAULTS, PlanResult, campaign_days, new_members, plan, spread, whole
from calculators.workbook.render import actions_html, body, print_html, slots
from calculators.workbook.share import BROKEN, MAX_LINK, decode, encode
from qunce_site import progress

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "calculators" / "workbook" / "example.json"


def changed(document: Document, part: str = "", links: dict[str, bool] | None = None, **values: object) -> Document:
    """The document with some of one part's typed values (or the header's, part "plan") and links changed."""
    parts = {name: dict(entries) for name, entries in document.parts.items()}
    header = {"name": document.name, "start": document.start}
    if part == "plan":
        header |= {name: str(value) for name, value in values.items()}
    elif part:
        parts[part] = {**parts.get(part, {}), **{name: raw_text(value) if not isinstance(value, str) else value  # type: ignore[arg-type]
                                                 for name, value in values.items()}}
    return Document(header["name"], header["start"], parts, {**document.links, **(links or {})})


def inputs_of(result: PlanResult, part: str) -> Any:
    scenario = result.scenario(part)
    assert scenario is not None, result.errors
    return scenario.inputs


# --- the example and the file ----------------------------------------------------------


def test_the_example_plan_computes_every_part_and_is_the_file_the_docs_name() -> None:
    result = plan(example())
    assert result.errors == {}
    assert all(part.scenario is not None for part in result.parts.values())
    assert "calculators/workbook/example.json" in (ROOT / "docs/calculators/plan.md").read_text(encoding="utf-8")
    assert result.title == "元旦体验课裂变"


def test_an_exported_plan_reads_back_as_the_same_plan() -> None:
    document = changed(example(), "fission", invites="4.5", links={"fission.seeds": False})
    assert read(document.text()) == document
    assert json.loads(document.text())["format"] == FORMAT and json.loads(document.text())["version"] == VERSION
    assert read(EXAMPLE.read_text(encoding="utf-8")) == example()


def test_the_package_entry_point_is_the_workbooks_plan() -> None:
    assert calculators.plan is plan


# --- links -----------------------------------------------------------------------------


def test_new_members_arrive_generation_by_generation_over_the_days() -> None:
    """Hand-worked: 30 new members in generation 1 and 9 in generation 2, two days a generation: 15 a day for
    two days, then 4.5 a day, rounded on the running total (34.5 → 35, 39)."""
    assert spread([100, 30, 9], 2, 39) == (15, 15, 5, 4)
    # half-day generations: days hold two of them
    assert spread([10, 4, 2, 1], 0.5, 7) == (6, 1)
    assert campaign_days(6, 1) == 6 and campaign_days(3, 0.5) == 2 and campaign_days(10, 0.3) == 3


@st.composite
def fission_values(draw: st.DrawFn) -> dict[str, str]:
    return {
        "seeds": str(draw(st.integers(min_value=20, max_value=1000))),  # at least 2 new members
        "invites": str(draw(st.floats(min_value=0.5, max_value=4).map(lambda x: round(x, 2)))),
        "conversion": str(draw(st.floats(min_value=0.2, max_value=0.5).map(lambda x: round(x, 3)))),
        "generations": str(draw(st.integers(min_value=1, max_value=8))),
        "cycle_days": str(draw(st.sampled_from(["0.5", "1", "1.5", "2", "3", "7"]))),
        "join_route": draw(st.sampled_from(["扫码入群", "邀请入群"])),
        "group_cap": draw(st.sampled_from(["", "0", "150", "500"])),
    }


@settings(max_examples=60)
@given(values=fission_values(), start=st.dates(min_value=datetime.date(2001, 1, 1), max_value=datetime.date(2099, 1, 1)),
       typed=st.integers(min_value=1, max_value=99))
def test_a_linked_input_always_equals_its_sources_output(values: dict[str, str], start: datetime.date, typed: int) -> None:
    """Whatever was typed into a linked input (here ``typed``), the part uses its source's value."""
    document = changed(example(), "fission", links={"fission.seeds": False}, **values)
    document = changed(document, "reward_cost", completers="0", joiners=str(typed))
    document = changed(document, "capacity", daily=str(typed), switch_at="2", start="2000-01-01", qr_date="")
    document = changed(document, "timeline", days=str(typed), launch="2000-01-01", name="别的名字")
    document = changed(document, "plan", start=start.isoformat())
    result = plan(document)
    assert result.errors == {}
    fission = result.scenario("fission")
    assert fission is not None
    joiners = new_members(fission)
    assert joiners == whole(fission.outputs.total - fission.inputs.seeds)
    assert inputs_of(result, "reward_cost").joiners == joiners
    capacity = inputs_of(result, "capacity")
    assert sum(capacity.daily) == joiners
    assert len(capacity.daily) == math.ceil(round(fission.inputs.generations * fission.inputs.cycle_days, 9))
    assert capacity.switch_at == fission.outputs.group_size
    assert capacity.start == start == inputs_of(result, "timeline").launch
    assert inputs_of(result, "timeline").days == len(capacity.daily)
    assert inputs_of(result, "timeline").name == result.title
    assert {link_id: state.on for link_id, state in result.links.items()} == {**LINK_DEFAULTS, "fission.seeds": False}


@given(reach=st.integers(min_value=100, max_value=1_000_000), rate=st.floats(min_value=0.01, max_value=1))
def test_the_funnels_last_step_seeds_fission_when_the_plan_says_so(reach: int, rate: float) -> None:
    document = changed(example(), "funnel", reach=str(reach), rates=f"{rate:.4f}", stages="完成任务",
                       links={"fission.seeds": True})
    result = plan(document)
    funnel = result.scenario("funnel")
    assert funnel is not None
    assert result.links["fission.seeds"].resolved.value == whole(funnel.outputs.counts[-1])  # type: ignore[union-attr]
    assert inputs_of(result, "fission").seeds == whole(funnel.outputs.counts[-1])


TYPED = {
    "fission.seeds": st.integers(min_value=1, max_value=100_000).map(str),
    "reward_cost.joiners": st.integers(min_value=800, max_value=10_000_000).map(str),
    "capacity.daily": st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=60).map(
        lambda days: ",".join(map(str, days))),
    "capacity.switch_at": st.integers(min_value=2, max_value=500).map(str),
    "capacity.start": st.dates(min_value=datetime.date(2001, 1, 1), max_value=datetime.date(2099, 1, 1)).map(str),
    "timeline.name": st.text(alphabet="群策活动周年庆 ABC123", min_size=1, max_size=30).map(str.strip).filter(bool),
    "timeline.launch": st.dates(min_value=datetime.date(2001, 1, 1), max_value=datetime.date(2099, 1, 1)).map(str),
    "timeline.days": st.integers(min_value=1, max_value=60).map(str),
}


@settings(max_examples=80)
@given(data=st.data(), link=st.sampled_from(LINKS))
def test_cutting_a_link_keeps_the_typed_value(data: st.DataObject, link: Any) -> None:
    typed = data.draw(TYPED[link.id])
    document = changed(example(), link.part, links={link.id: False}, **{link.name: typed})
    result = plan(changed(document, "reward_cost", completers="0"))
    assert result.errors == {}
    field = next(item for item in result.parts[link.part].calculator.fields if item.name == link.name)
    from calculators.kit.fields import parse_value

    assert getattr(inputs_of(result, link.part), link.name) == parse_value(field, typed)
    assert result.parts[link.part].form[link.name] == typed
    assert not result.links[link.id].on


def test_a_bad_part_is_reported_by_part_and_field_and_the_parts_that_follow_it_wait() -> None:
    result = plan(changed(example(), "fission", links={"fission.seeds": False}, seeds="很多"))
    assert list(result.errors) == ["fission.seeds"]
    assert result.labelled_errors()["fission.seeds"].startswith("裂变增长：“种子用户”应为 1 到 10,000,000 人之间的整数")
    assert result.parts["reward_cost"].waiting == ("fission",) and result.parts["capacity"].waiting == ("fission",)
    assert result.parts["timeline"].waiting == ("capacity",)
    assert result.scenario("funnel") is not None
    assert result.links["reward_cost.joiners"].note == "等裂变增长算出结果（那里有要改的输入）"


def test_a_bad_start_date_is_the_plans_own_error_and_the_dates_that_follow_it_wait() -> None:
    result = plan(changed(example(), "plan", start="下周一"))
    assert list(result.errors) == ["plan.start"]
    assert result.labelled_errors()["plan.start"].startswith("计划：“开始日期”应为 2000-01-01 到 2100-12-31 之间的日期")
    assert result.parts["capacity"].waiting == ("plan",) and result.scenario("timeline") is None
    assert result.scenario("reward_cost") is not None


def test_a_linked_value_the_target_refuses_is_reported_at_the_target_with_where_it_came_from() -> None:
    document = changed(example(), "fission", seeds="1", invites="0", links={"fission.seeds": False})
    result = plan(changed(document, "reward_cost", completers="0"))
    assert list(result.errors) == ["capacity.daily"]
    assert result.errors["capacity.daily"] == (
        "“每天入群人数”每一项都是 0：至少要有一天有人入群，才算得出要几个群。"
        "（这一项跟随裂变增长：改裂变增长里的输入，或取消跟随自己填。）"
    )


def test_more_days_than_capacity_can_lay_out_are_explained_at_the_linked_input() -> None:
    result = plan(changed(example(), "fission", generations="10", cycle_days="7"))
    assert result.errors == {"capacity.daily": (
        "裂变增长的 10 代 × 每代 7 天 = 70 天，超过了群容量规划能排的 60 天：减少裂变代数或每代天数，或取消跟随自己填每天入群人数。"
    )}


# --- reading plan files ----------------------------------------------------------------


def file_with(**changes: object) -> str:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(("text", "message"), [
    ("{bad", "文件不是有效的 JSON（第 1 行第 2 列附近）：可能被改坏了，或不是群策导出的计划文件。"),
    ("[1, 2]", "这不是群策的计划文件：计划文件是一个 JSON 对象（以 { 开头）。"),
    ('{"format": "qunce-progress", "version": 1}', "这是学习进度文件，不是计划文件：请到学习路径页导入它。"),
    (file_with(format=None), '这不是群策的计划文件：文件里应写着 "format": "qunce-plan"。'),
    (file_with(version=2), "这份计划文件是第 2 版格式，比这个页面新（第 1 版）：请刷新页面，或用新版页面打开。"),
    (file_with(version="1"), '计划文件的“version”应是整数 1（不加引号），收到的是 "1"。'),
    (file_with(extra=1), "计划文件里有不认识的一项“extra”，可用的有：format、version、name、start、links、parts。"),
    (file_with(parts={"budget": {}}), "计划文件里有不认识的部分“budget”，可用的有：funnel、fission、reward_cost、capacity、timeline。"),
    (file_with(parts={"fission": {"seed": "1"}}),
     "计划文件里“裂变增长”（fission）没有“seed”这一项，可用的有：seeds、invites、conversion、generations、cycle_days、market、"
     "join_route、group_cap。"),
    (file_with(parts={"fission": {"seeds": True}}), "计划文件里“裂变增长”的“种子用户”（fission.seeds）应是文字或数字，收到的是“true”。"),
    (file_with(parts={"fission": {"seeds": "1" * 501}}), "计划文件里“裂变增长”的“种子用户”（fission.seeds）有 501 个字，超过了 500 个字。"),
    (file_with(links={"fission.seeds": "yes"}), "计划文件里链接“fission.seeds”应是 true 或 false，收到的是“yes”。"),
    (file_with(links={"capacity.cap": True}), "计划文件里有不认识的链接“capacity.cap”，可用的有：fission.seeds、reward_cost.joiners、"
     "capacity.daily、capacity.switch_at、capacity.start、timeline.name、timeline.launch、timeline.days。"),
    ("{" + " " * MAX_FILE_BYTES + "}", "文件有 101 KB，计划文件最多 100 KB：这不像是群策导出的计划文件。"),
])
def test_a_bad_plan_file_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(PlanFileError) as error:
        read(text)
    assert str(error.value) == message


def test_numbers_lists_and_missing_entries_are_read_as_typed() -> None:
    document = read(file_with(parts={"funnel": {"reach": 5000, "rates": [0.4, "25%"]}}, links={}, name=None))
    assert document.parts == {"funnel": {"reach": "5000", "rates": "0.4,25%"}}
    assert document.links == LINK_DEFAULTS and document.name == ""
    result = plan(document)
    assert result.title == "未命名计划"
    assert inputs_of(result, "funnel").rates == (0.4, 0.25)
    assert "fission.invites" in result.errors  # a part left out is blank: its required fields say so


# --- the page's pieces -----------------------------------------------------------------


def test_linked_inputs_are_read_only_and_say_where_they_come_from() -> None:
    html = body(plan(example()), "")
    assert '<input readonly id="qc-reward_cost-joiners" name="joiners"' in html
    assert ('<span class="qc-link-note" data-slot="link:reward_cost.joiners">来自裂变增长：2,530 人（新成员：累计人数减去种子用户）'
            "</span>") in html
    assert '<input type="checkbox" id="qc-link-reward_cost-joiners" data-link="reward_cost.joiners" checked>' in html
    cut = body(plan(changed(example(), links={"reward_cost.joiners": False})), "")
    assert '<input id="qc-reward_cost-joiners" name="joiners"' in cut
    assert "没有跟随，用你填的值；裂变增长算出的是 2,530 人" in cut
    assert '<input type="checkbox" id="qc-link-reward_cost-joiners" data-link="reward_cost.joiners">' in cut


def test_each_section_holds_the_calculators_own_form_and_result() -> None:
    result = plan(example())
    html = body(result, "")
    for part in result.parts.values():
        assert part.scenario is not None
        assert part.scenario.result().html in html
        assert f'<section class="qc-plan-part" id="plan-{part.id}" data-part="{part.id}"' in html
        assert all(f'id="qc-{part.id}-{item.name}"' in html for item in part.calculator.fields)


def test_the_summary_reads_reach_new_members_groups_cost_and_days() -> None:
    pieces = slots(plan(example()), "")
    text = re.sub(r"<[^>]+>", " ", pieces["summary"])
    words = [word for word in text.split() if word]
    assert words[:6] == ["触达", "20,000", "人", "活动漏斗", "新成员", "2,530"]
    for label in ("群", "总成本", "每位新成员成本", "活动天数"):
        assert f"<dt>{label}</dt>" in pieces["summary"]
    assert "<dd>6 天" in pieces["summary"]


def test_the_warnings_collect_every_parts_messages_and_what_needs_attention() -> None:
    result = plan(changed(example(), "reward_cost", budget="100", completers="5000"))
    html = slots(result, "")["warnings"]
    assert '<a href="#plan-reward_cost">奖励成本</a>：“完成任务人数”（5,000 人）多于“入群人数”' in html
    assert '<a href="#plan-fission">裂变增长</a>：K = 0.9，小于 1' in html
    over = slots(plan(changed(example(), "reward_cost", budget="100")), "")["warnings"]
    assert "超出预算" in over


def test_the_printout_has_the_summary_each_parts_key_figures_and_the_first_week() -> None:
    result = plan(example())
    html = print_html(result)
    assert "<caption>上线第一周（D0 到 D+6）</caption>" in html
    timeline = result.scenario("timeline")
    assert timeline is not None
    days = {task.offset for task in timeline.outputs.tasks if 0 <= task.offset < 7}
    week = html.split("上线第一周")[1]
    assert week.count("<tr><th scope=\"row\">12 月") == len(days) == 7  # one row a day
    assert "<tr><th scope=\"row\">12 月 7 日（周一）</th><td>上线：种子用户发布海报" in week
    assert "（运营负责人）；集中审核提交" in week
    assert "12 月 6 日" not in week  # D−1 is preparation, not the first week
    for title in ("活动漏斗", "裂变增长", "奖励成本", "群容量与活码规划", "活动排期"):
        assert f'<th scope="row">{title}</th>' in html


def test_the_review_link_carries_the_plans_stages_and_rates_and_the_review_compares_against_them() -> None:
    html = actions_html(plan(example()), "x")
    href = re.search(r'href="\.\./review/\?([^"]+)"', html)
    assert href is not None
    query = {key: values[0] for key, values in parse_qs(href.group(1).replace("&amp;", "&")).items()}
    assert query == {"counts": "20000,2000,1200,600", "stages": "触达,扫码,入群,完成任务", "plan_rates": "0.1,0.6,0.5"}
    actual = run("review", {**query, "counts": "20000,1500,1000,450"})
    assert actual.outputs["attainment"] == [0.75, pytest.approx(1.111111111111), pytest.approx(0.9)]
    assert actual.outputs["bottleneck"] == 0


def test_the_export_link_holds_the_plan_file() -> None:
    result = plan(example())
    html = actions_html(result, "")
    found = re.search(r'download="群策计划-元旦体验课裂变.json" href="data:application/json;charset=utf-8;base64,([^"]+)"', html)
    assert found is not None
    assert read(base64.b64decode(found.group(1)).decode("utf-8")) == example()
    assert "这份计划太长，放不进链接（最多 2000 个字符）：请用计划文件分享。" in html


# --- the plan in a link ----------------------------------------------------------------


@given(name=st.text(min_size=0, max_size=30), invites=st.floats(min_value=0, max_value=100))
def test_a_plan_travels_in_a_link_and_back(name: str, invites: float) -> None:
    document = changed(changed(example(), "plan", name=name), "fission", invites=invites)
    text = encode(document)
    assert text and len(text) <= MAX_LINK and re.fullmatch(r"[A-Za-z0-9_-]+", text)
    assert decode(text, LINK_DEFAULTS) == document


def test_a_plan_too_long_for_a_link_is_not_put_in_one() -> None:
    noise = "".join(chr(0x4E00 + (index * 7919) % 20000) for index in range(500))
    document = changed(example(), "funnel", stages=noise[:500], reach=noise[:200])
    document = changed(document, "timeline", name=noise[100:400])
    assert encode(document) == ""


@pytest.mark.parametrize("text", ["", "2abc", "1!!!", "1" + base64.urlsafe_b64encode(b"not zlib").decode(),
                                  "1" + base64.urlsafe_b64encode(zlib.compress(b"[1]")).decode(),
                                  "1" + base64.urlsafe_b64encode(zlib.compress(b"\0" * 5_000_000)).decode()])
def test_a_damaged_link_is_refused_without_inflating_it(text: str) -> None:
    with pytest.raises(PlanFileError) as error:
        decode(text, LINK_DEFAULTS)
    assert str(error.value) in (BROKEN, "这不是群策的计划文件：计划文件是一个 JSON 对象（以 { 开头）。")


# --- the worker's answers --------------------------------------------------------------


def ask(request: object) -> dict[str, Any]:
    return dict(json.loads(handle("plan", json.dumps(request, ensure_ascii=False))))


def form_of(document: Document) -> dict[str, Any]:
    data = document.as_json()
    return {"form": {"plan": {"name": data["name"], "start": data["start"]}, **data["parts"]}, "links": data["links"]}


def test_an_edit_is_answered_with_the_pieces_to_swap_and_the_plan_to_keep() -> None:
    document = changed(example(), "fission", invites="4")
    answer = ask(form_of(document))
    assert answer["ok"] and "html" not in answer
    assert read(json.dumps(answer["plan"])) == document
    assert set(answer["slots"]) == {"summary", "warnings", "actions", "print"} | {f"part:{p}" for p in document.parts} | {
        f"link:{link.id}" for link in LINKS}
    assert answer["values"]["reward_cost.joiners"] == str(new_members(plan(document).scenario("fission")))  # type: ignore[arg-type]
    assert answer["errors"] == [] and answer["stale"] == []
    assert decode(answer["share"], LINK_DEFAULTS) == document
    assert answer["filename"] == "群策计划-元旦体验课裂变.json"


def test_an_answer_names_each_bad_field_by_part_and_marks_the_parts_without_a_result() -> None:
    answer = ask(form_of(changed(example(), "plan", start="明天")))
    assert [(e["part"], e["field"]) for e in answer["errors"]] == [("plan", "start")]
    assert answer["stale"] == ["capacity", "timeline"]
    assert "part:capacity" not in answer["slots"]  # the page keeps the old result, marked stale


def test_a_copy_is_the_same_plan_under_a_copys_name() -> None:
    answer = ask({**form_of(example()), "copy": True})
    assert answer["plan"]["name"] == "元旦体验课裂变（副本）" and "html" in answer
    long = ask({**form_of(changed(example(), "plan", name="名" * 30)), "copy": True})
    assert long["plan"]["name"] == "名" * 26 + "（副本）"


def test_opening_a_kept_plan_a_file_a_link_or_the_example_answers_with_the_whole_page() -> None:
    document = changed(example(), "capacity", reserve="0.5")
    for request in ({"plan": document.as_json()}, {"file": document.text()}, {"share": encode(document)}):
        answer = ask(request)
        assert answer["ok"] and read(json.dumps(answer["plan"])) == document
        assert answer["html"] == body(plan(document), answer["share"])
    assert read(json.dumps(ask({"example": True})["plan"])) == example()


@pytest.mark.parametrize("request_", [{"file": "{"}, {"plan": []}, {"share": "x"}, {"nothing": 1}, [], "text"])
def test_a_request_that_cannot_be_read_is_refused_with_a_message(request_: object) -> None:
    answer = ask(request_)
    assert answer["ok"] is False and answer["message"]


@given(request_=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                             lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                                 st.sampled_from(["form", "links", "plan", "file", "share", "example", "copy", "fission",
                                                  "seeds", "plan"]), inner, max_size=4), max_leaves=12))
def test_the_handler_always_answers_json(request_: object) -> None:
    answer = json.loads(handle("plan", json.dumps(request_)))
    assert isinstance(answer["ok"], bool)


# --- the command line ------------------------------------------------------------------


def test_the_command_line_gives_the_same_numbers_as_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    result = plan(example())
    for part in result.parts.values():
        alone = run(part.id, part.form)  # each part on its own calculator, with the inputs the links gave it
        assert data["parts"][part.id] == {"inputs": alone.as_json()["inputs"], "outputs": alone.as_json()["outputs"]}
    assert data["links"]["reward_cost.joiners"] == {
        "linked": True, "value": 2530, "note": "来自裂变增长：2,530 人（新成员：累计人数减去种子用户）"}
    assert data["summary"]["new_members"] == 2530 and data["summary"]["days"] == 6
    assert main(["plan", str(EXAMPLE)]) == 0
    assert "reward_cost.joiners: 跟随，来自裂变增长：2,530 人" in capsys.readouterr().out


def test_the_command_line_names_the_part_and_field_of_a_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.json"
    path.write_text(changed(example(), "fission", invites="很多").text(), encoding="utf-8")
    assert main(["plan", str(path), "--json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [error["field"] for error in errors] == ["fission.invites"]
    assert errors[0]["message"].startswith("裂变增长：“人均发出邀请数”应为")
    assert main(["plan", str(path)]) == 2
    assert capsys.readouterr().err.startswith("输入有误：裂变增长：“人均发出邀请数”应为")


@pytest.mark.parametrize(("words", "stream", "start"), [
    (["plan"], "err", "用法有误：plan 后面要跟一个计划文件"),
    (["plan", "a.json", "b.json"], "err", "用法有误：plan 后面要跟一个计划文件"),
    (["plan", "a.json", "--fast"], "err", "用法有误：不认识的选项“--fast”。"),
    (["plan", "/no/such/plan.json"], "err", "输入有误：计划文件“/no/such/plan.json”有误：找不到文件“/no/such/plan.json”。"),
    (["plan", "/no/such/plan.json", "--json"], "out", '{"errors": [{"field": "", "message": "计划文件“/no/such/plan.json”有误'),
])
def test_command_line_usage_and_file_errors_exit_2(words: list[str], stream: str, start: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(words) == 2
    captured = capsys.readouterr()
    assert getattr(captured, stream).startswith(start)


def test_a_file_that_is_not_a_plan_exits_2_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "progress.json"
    path.write_text('{"format": "qunce-progress", "version": 1}', encoding="utf-8")
    assert main(["plan", str(path)]) == 2
    assert "这是学习进度文件，不是计划文件" in capsys.readouterr().err
    assert main(["plan", str(tmp_path)]) == 2
    assert "是一个文件夹，不是计划文件" in capsys.readouterr().err


# --- where the page keeps plans --------------------------------------------------------


def test_plan_keys_are_declared_once_and_are_never_progress() -> None:
    key = re.compile(f"^(role|name|({'|'.join(progress.KINDS)}):{progress.ID_PATTERN})$")
    plan_id = re.compile(f"^{progress.PLAN_ID_PATTERN}$")
    assert plan_id.match("mj3k2a9xq1") and not plan_id.match("../x")
    for stored in (progress.plan_key("mj3k2a9xq1"), progress.PLAN_CURRENT):
        assert not key.match(stored)
    script = (ROOT / "docs/assets/js/workbook.js").read_text(encoding="utf-8")
    assert '"plan:' not in script and "plan-current" not in script  # the script takes them from qunce-protocol.js


def test_the_example_document_is_unchanged_by_a_round_trip_through_replace() -> None:
    document = example()
    assert replace(document) == document


# --- the words -------------------------------------------------------------------------


def workbook_text() -> list[str]:
    """Every piece of text the workbook shows, for the example and a plan with messages and cut links."""
    from html_text import text_pieces

    from calculators.workbook.render import STATUS, bar, block

    broken = changed(example(), "fission", invites="很多", links={"reward_cost.joiners": False, "fission.seeds": False})
    busy = changed(example(), "reward_cost", budget="100", value_per_user="0")
    pieces: list[str] = list(STATUS.values())
    for document in (example(), broken, busy, changed(example(), "plan", start="")):
        result = plan(document)
        pieces += text_pieces(block(result, encode(document), "../../", {"worker": "w.js"}))
        pieces += list(result.labelled_errors().values())
    pieces += text_pieces(bar())
    return pieces


def test_the_workbooks_words_pass_the_typography_linter_and_the_terms_list() -> None:
    import yaml

    autocorrect = pytest.importorskip("autocorrect_py")
    terms = yaml.safe_load((ROOT / "terms.yml").read_text(encoding="utf-8"))
    pieces = workbook_text()
    assert [piece for piece in pieces if autocorrect.format(piece) != piece] == []
    text = "\n".join(pieces)
    assert not re.search(r"[「」『』]", text)
    bare = re.sub(r"“[^”]*”", "", text)
    assert {word for term in terms["terms"] for word in term["not"] if word in bare} == set()


@pytest.mark.parametrize(("changed_parts", "links", "rendered"), [
    (["reward_cost"], {}, {"reward_cost"}),
    (["fission"], {}, {"fission", "reward_cost", "capacity", "timeline"}),
    (["fission"], {"reward_cost.joiners": False, "capacity.daily": False, "capacity.switch_at": False},
     {"fission"}),
    (["funnel"], {}, {"funnel", "fission", "reward_cost", "capacity", "timeline"}),  # the example seeds from the funnel
    (["funnel"], {"fission.seeds": False}, {"funnel"}),
    (["plan"], {}, {"capacity", "timeline"}),
    (["plan"], {"capacity.start": False}, {"timeline"}),  # the timeline follows the date itself
    (["timeline", "funnel"], {"fission.seeds": False}, {"timeline", "funnel"}),
])
def test_an_edit_renders_again_only_the_parts_it_can_change(changed_parts: list[str], links: dict[str, bool],
                                                            rendered: set[str]) -> None:
    answer = ask({**form_of(changed(example(), links=links)), "changed": changed_parts})
    assert {name.split(":")[1] for name in answer["slots"] if name.startswith("part:")} == rendered
    everything = ask({**form_of(changed(example(), links=links)), "changed": "not a list"})
    assert {name for name in everything["slots"] if name.startswith("part:")} == {f"part:{part}" for part in example().parts}
