"""群规与话术生成: the article's template as defaults, the choices that change the scripts, and escaping."""

from __future__ import annotations

import base64
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import CALCULATORS, InputError, run

TEXT_FIELDS = ("group_name", "purpose", "nickname_format", "self_intro", "task", "reward", "admin_name")
TITLES = ("群公告", "欢迎语（入群话术）", "审核话术", "提醒话术", "移出话术")


def markdown(**inputs: object) -> str:
    return str(run("rules", inputs).outputs["markdown"])


def html(**inputs: object) -> str:
    return run("rules", inputs).html


def script(text: str, title: str) -> str:
    """One script's text out of the Markdown."""
    block = text.split(f"## {title}\n", 1)[1]
    return block.split("```text\n", 1)[1].split("\n```", 1)[0]


def error_of(**inputs: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("rules", inputs)
    return error.value.errors


def texts() -> st.SearchStrategy[str]:
    """Reader text full of markup characters (no leading/trailing space, which is trimmed)."""
    alphabet = st.sampled_from(list("<>&\"'`/=群规a1 \u3000【】"))
    return st.text(alphabet, min_size=1, max_size=20).map(str.strip).filter(bool)


# --- defaults from the articles' rule templates ---------------------------------------


def test_defaults_follow_the_article_template() -> None:
    notice = script(markdown(), "群公告")
    assert "群昵称改为“称呼-行业”" in notice
    assert "请先向群管理员申请，审核通过后由管理员邀请；谢绝私自拉人" in notice
    assert "请同时发一个 50 元、20 个的红包；3 分钟内没有补发的，管理员会将你移出本群" in notice
    assert "每天 24:00 至次日 07:00 请不要在群里发言" in notice


def test_markdown_has_every_script_in_its_own_fenced_block() -> None:
    text = markdown()
    assert text.startswith("# 合肥香蜜群：群规与话术\n")
    for title in TITLES:
        assert f"\n## {title}\n" in text
    assert text.count("```text\n") == 5


def test_html_has_every_script_in_a_pre_block_under_a_heading() -> None:
    page = html()
    for title in TITLES:
        assert f"<h2>{title}</h2>" in page
    assert page.count("<pre><code>") == 5
    assert 'download="合肥香蜜群-群规与话术.md"' in page


def test_html_output_is_the_scripts_the_page_shows() -> None:
    result = run("rules", {})
    assert result.outputs["html"] in result.html


# --- choices change the scripts -------------------------------------------------------


@pytest.mark.parametrize(("policy", "words"), [
    ("仅管理员", "只由管理员拉人入群"),
    ("成员申请后由管理员邀请", "审核通过后由管理员邀请"),
    ("所有成员", "欢迎邀请志同道合的朋友入群"),
])
def test_who_may_invite_sets_the_invitation_rule(policy: str, words: str) -> None:
    assert words in script(markdown(invite_policy=policy), "群公告")


def test_no_red_packet_means_no_advertising_at_all() -> None:
    text = markdown(ad_packet_amount="0")
    assert "发现即移出本群" in script(text, "群公告")
    assert "红包" not in script(text, "群公告")
    assert "本群不允许发广告" in script(text, "提醒话术")
    assert "你在群里发了广告" in script(text, "移出话术")


def test_red_packet_amount_count_and_time_reach_every_script() -> None:
    text = markdown(ad_packet_amount="88.8", ad_packet_count="8", ad_grace_minutes="5")
    assert "88.8 元、8 个的红包；5 分钟内" in script(text, "群公告")
    assert "请在 5 分钟内补发" in script(text, "提醒话术")
    assert "你发广告后 5 分钟内没有补发红包" in script(text, "移出话术")


@pytest.mark.parametrize(("typed", "shown"), [
    ("22:00-08:00", "每天 22:00 至次日 08:00"),
    ("8:00~12:30", "每天 08:00 至 12:30"),
    ("２３：００－０７：００", "每天 23:00 至次日 07:00"),
    ("23:00 至 次日 7:00", "每天 23:00 至次日 07:00"),
])
def test_quiet_hours_are_read_and_written_the_same_way(typed: str, shown: str) -> None:
    assert shown in script(markdown(quiet_hours=typed), "群公告")


def test_the_notice_has_two_tiers_remove_at_once_and_remind_first() -> None:
    notice = script(markdown(), "群公告")
    at_once = next(line for line in notice.splitlines() if "立即移出" in line)
    assert all(word in at_once for word in ("诈骗", "违法违规内容", "恶意广告", "截图留证", "说明"))
    assert "先提醒一次；再犯将移出本群" in notice
    removal = script(markdown(), "移出话术")
    assert "先提醒、再移出" in removal and "立即移出" in removal and "截图" in removal


def test_quiet_hours_do_not_stop_admins_acting_on_scams_and_illegal_content() -> None:
    quiet = next(line for line in script(markdown(), "群公告").splitlines() if "休息时间" in line)
    assert "诈骗" in quiet and "违法违规内容" in quiet and "立即处理" in quiet


def test_the_nickname_format_asks_for_no_more_than_the_group_needs() -> None:
    field = CALCULATORS["rules"].field("nickname_format")
    assert "姓名" not in str(field.default) and "孩子" not in str(field.default)
    assert "真名" in field.hint and "孩子的年级" in field.hint  # named as what not to ask for
    assert "【姓名】" not in str(CALCULATORS["rules"].field("self_intro").default)


def test_no_quiet_hours_drops_that_rule_and_renumbers() -> None:
    notice = script(markdown(quiet_hours="无"), "群公告")
    assert "休息时间" not in notice
    assert "\n6. 有问题随时找群管理员" in notice
    assert "休息时间" not in script(markdown(quiet_hours="无"), "提醒话术")


def test_no_task_turns_the_review_into_a_profile_check() -> None:
    text = markdown(task="无")
    assert "本期活动" not in script(text, "欢迎语（入群话术）")
    assert "并补一段自我介绍" in script(text, "审核话术")
    assert "做任务" not in script(text, "提醒话术")


def test_task_and_reward_appear_in_welcome_review_and_reminder() -> None:
    text = markdown(task="转发海报到朋友圈", reward="电子资料包")
    for title in ("欢迎语（入群话术）", "审核话术", "提醒话术"):
        assert "转发海报到朋友圈" in script(text, title)
        assert "电子资料包" in script(text, title)


# --- typography: templates spaced, reader text untouched ------------------------------


def test_reader_text_is_spaced_only_where_it_meets_the_template() -> None:
    text = markdown(group_name="ABC群", reward="99元课", admin_name="Amy")
    assert "欢迎加入 ABC群！" in text  # space at the seam, none inside the reader's words
    assert "就能领取 99元课。" in text
    assert "请先向 Amy 申请" in text


def test_backticks_in_reader_text_get_a_longer_fence() -> None:
    text = markdown(purpose="用 ``` 写代码")
    assert "\n````text\n" in text and "\n````" in text


# --- rules of the fields --------------------------------------------------------------


@pytest.mark.parametrize(("typed",), [("25:00-01:00",), ("22:00-22:00",), ("晚上",), ("22:61-08:00",)])
def test_quiet_hours_must_be_a_time_span_or_none(typed: str) -> None:
    assert error_of(quiet_hours=typed) == {"quiet_hours": (
        "“休息时间”应写成起止时间，如“22:00-08:00”（时 0 到 24，分 0 到 59，起止不能相同），"
        f"不设就填“无”，收到的是“{typed}”。"
    )}


@pytest.mark.parametrize(("field", "value"), [
    ("invite_policy", "随便"),
    ("group_name", "群" * 41),
    ("admin_name", "管" * 21),
    ("ad_packet_amount", "-1"),
    ("ad_packet_amount", "五十"),
    ("ad_packet_count", "0"),
    ("ad_packet_count", "2.5"),
    ("ad_grace_minutes", "1441"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "rules", field, value)


def test_blank_fields_take_the_template_defaults() -> None:
    assert markdown(**{name: "" for name in TEXT_FIELDS}) == markdown()


# --- escaping -------------------------------------------------------------------------


def test_script_tags_and_quotes_in_reader_text_are_escaped() -> None:
    page = html(group_name='<script>alert("x")</script>', admin_name="O'Neil & <b>")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "O&#x27;Neil &amp; &lt;b&gt;" in page
    assert run("rules", {"group_name": "<i>"}).outputs["markdown"].startswith("# <i>：")  # Markdown keeps it raw


@given(field=st.sampled_from(TEXT_FIELDS), text=texts())
def test_html_never_contains_an_unescaped_reader_angle_bracket_or_quote(field: str, text: str) -> None:
    page = html(**{field: text})
    tame = html(**{field: text.replace("<", "_").replace(">", "_").replace('"', "_")})
    # every tag and attribute quote comes from our markup, so they do not depend on what the reader typed
    assert page.count("<") == tame.count("<")
    assert page.count(">") == tame.count(">")
    assert page.count('"') == tame.count('"')
    # the tags are our markup's own (the scripts and the copy/view box), in the same order as for tame text
    assert re.findall(r"</?(\w+)", page) == re.findall(r"</?(\w+)", tame)
    assert not re.search(r"<(?!/?(?:p|a|h2|pre|code|section|div|span|button|textarea)\b)", page)


def test_the_markdown_download_holds_the_same_text_as_the_result() -> None:
    result = run("rules", {})
    href = re.search(r'download="[^"]*-群规与话术\.md" href="data:text/markdown;charset=utf-8;base64,([^"]+)"', result.html)
    assert href, "no Markdown download"
    assert base64.b64decode(href.group(1)).decode("utf-8") == result.outputs["markdown"]
