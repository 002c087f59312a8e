"""群规与话术生成 — a group notice and the welcome, review, reminder and removal scripts, ready to paste.

The scripts are plain text. The templates are ours (spaced for Chinese typography); the
reader's words are inserted as typed and escaped once, when the text is put into HTML.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from .kit import format as fmt
from .kit import markup
from .kit.errors import InputError
from .kit.fields import Kind, field, shown
from .kit.spec import Calculator
from .kit.typography import spaced

INVITE_POLICIES = ("仅管理员", "成员申请后由管理员邀请", "所有成员")
NONE_WORDS = ("无", "不设", "没有", "不限")
CLOCK = re.compile(r"(\d{1,2}):(\d{2})\s*(?:-|~|—|–|至|到)\s*(?:次日)?\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class RulesInputs:
    group_name: str = field("群名称", Kind.TEXT, default="合肥香蜜群", max_length=40,
                            hint="群的名字，会出现在群公告和欢迎语里。")
    purpose: str = field("建群宗旨", Kind.TEXT, default="以商业互助会友，定期交流商业、管理、营销、运营和活动策划",
                         max_length=120, hint="一句话说清这个群为谁、做什么。")
    nickname_format: str = field(
        "群昵称格式", Kind.TEXT, default="称呼-行业", max_length=40,
        hint="例如“称呼-行业”或“称呼-城市”。只问群里用得上的信息：用不用真名由成员自己决定，"
             "不要求填孩子的年级、学校或手机号。")
    self_intro: str = field("自我介绍模板", Kind.TEXT, max_length=150,
                            default="我是【称呼】，在【城市】做【行业】，可以提供【资源】，想认识【什么样的朋友】。",
                            hint="新成员照着填空的自我介绍格式。")
    invite_policy: str = field("谁可以拉人入群", Kind.CHOICE, choices=INVITE_POLICIES, default="成员申请后由管理员邀请",
                               hint="决定群公告里的邀请规则。")
    quiet_hours: str = field("休息时间", Kind.TEXT, default="24:00-07:00", max_length=40,
                             hint="这段时间请大家不在群里发言，写成“22:00-08:00”；不设就填“无”。")
    ad_packet_amount: float = field(
        "广告红包金额", Kind.NUMBER, unit="元", minimum=0, maximum=10_000, default=50.0,
        hint="推送与群有关的文章或广告时，要同时发的红包总额；填 0 表示一律不许发广告。")
    ad_packet_count: int = field("广告红包个数", Kind.INTEGER, unit="个", minimum=1, maximum=1_000, default=20,
                                 hint="这个红包要分成几个。")
    ad_grace_minutes: int = field("补发红包时限", Kind.INTEGER, unit="分钟", minimum=1, maximum=1_440, default=3,
                                  hint="发了广告却没发红包，几分钟后移出。")
    task: str = field("活动任务", Kind.TEXT, default="学完第 1 课，在群里发一句收获", max_length=80,
                      hint="新成员入群后要完成的任务；没有活动就填“无”。")
    reward: str = field("任务奖励", Kind.TEXT, default="课程讲义一份", max_length=40, hint="完成任务后领到的奖励。")
    admin_name: str = field("管理员称呼", Kind.TEXT, default="群管理员", max_length=20,
                            hint="话术里署名和让成员联系的人，例如“小助手”。")


@dataclass(frozen=True)
class Script:
    key: str
    title: str
    note: str
    text: str


@dataclass(frozen=True)
class RulesOutputs:
    markdown: str
    html: str


def fill(template: str, **values: object) -> str:
    """Format a template of ours with the reader's values.

    Only the template's own text is spaced; a value is inserted as typed, with one space
    added where its first or last character meets the template's text across a Han/Latin
    boundary, as Chinese copy wants ('领取 99 元专题课').
    """
    out = ""
    for literal, name, _, _ in string.Formatter().parse(template):
        for piece in (spaced(literal), None if name is None else str(values[name])):
            if not piece:
                continue
            if out and spaced(out[-1] + piece[0]) != out[-1] + piece[0]:
                out += " "
            out += piece
    return out


def quiet_text(raw: str) -> str | None:
    """'22:00-08:00' → '22:00 至次日 08:00'; None when there are no quiet hours."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if text in NONE_WORDS:
        return None
    match = CLOCK.fullmatch(text)
    if match:
        start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
        times = ((start_h, start_m), (end_h, end_m))
        if all((h < 24 and m < 60) or (h, m) == (24, 0) for h, m in times):
            start, end = start_h * 60 + start_m, end_h * 60 + end_m
            if start % 1440 != end % 1440:
                overnight = end <= start or start == 1440
                return f"{start_h:02d}:{start_m:02d} 至{'次日 ' if overnight else ' '}{end_h:02d}:{end_m:02d}"
    raise InputError({"quiet_hours": (
        "“休息时间”应写成起止时间，如“22:00-08:00”（时 0 到 24，分 0 到 59，起止不能相同），"
        "不设就填“无”，收到的是" + shown(raw) + "。"
    )})


def has_task(inputs: RulesInputs) -> bool:
    return inputs.task.strip() not in NONE_WORDS


def values(inputs: RulesInputs) -> dict[str, object]:
    """What the templates may name: the reader's words and our formatted numbers."""
    return {
        "group": inputs.group_name,
        "purpose": inputs.purpose,
        "nickname": inputs.nickname_format,
        "intro": inputs.self_intro,
        "task": inputs.task,
        "reward": inputs.reward,
        "admin": inputs.admin_name,
        "amount": fmt.number(inputs.ad_packet_amount, 2),
        "count": inputs.ad_packet_count,
        "minutes": inputs.ad_grace_minutes,
    }


def invite_rule(inputs: RulesInputs) -> str:
    if inputs.invite_policy == "仅管理员":
        template = "只由管理员拉人入群，请不要自行邀请。想推荐朋友，请把他的名片发给{admin}。"
    elif inputs.invite_policy == "所有成员":
        template = "欢迎邀请志同道合的朋友入群；请提醒新朋友入群后先看群公告、做自我介绍。"
    else:
        template = "想邀请朋友入群，请先向{admin}申请，审核通过后由管理员邀请；谢绝私自拉人。"
    return fill(template, **values(inputs))


def ad_rule(inputs: RulesInputs) -> str:
    if inputs.ad_packet_amount == 0:
        return "不发与本群无关的广告、二维码和链接，发现即移出本群。"
    return fill(
        "不发与本群无关的广告、二维码和链接。确实想推送和本群有关的好文章或活动，请同时发一个"
        "{amount}元、{count}个的红包；{minutes}分钟内没有补发的，管理员会将你移出本群。",
        **values(inputs),
    )


def notice(inputs: RulesInputs, quiet: str | None) -> str:
    v = values(inputs)
    lines = [
        fill("【{group}】群公告", **v),
        fill("欢迎加入{group}！本群宗旨：{purpose}。", **v),
        "",
        fill("1. 入群后请先做自我介绍，并把群昵称改为“{nickname}”。自我介绍可以这样写：{intro}", **v),
        "2. 邀请：" + invite_rule(inputs),
        "3. 广告：" + ad_rule(inputs),
        "4. 不刷屏，不连发语音和无关的图片、视频；不做人身攻击，不辱骂群友。",
        "5. 底线：发诈骗信息、违法违规内容或恶意广告的，立即移出，不再提醒；管理员会截图留证，并在群里简短说明。",
    ]
    number = 6
    if quiet is not None:
        lines.append(fill(
            "{n}. 休息时间：每天{quiet}请不要在群里发言，大家好好休息。休息时间里遇到诈骗和违法违规内容，管理员照样立即处理。",
            n=number, quiet=quiet,
        ))
        number += 1
    lines.append(fill("{n}. 有问题随时找{admin}。其他违反群规的，管理员先提醒一次；再犯将移出本群。", n=number, **v))
    return "\n".join(lines)


def welcome(inputs: RulesInputs) -> str:
    v = values(inputs)
    lines = [
        fill("欢迎 @【新成员昵称】 加入{group}！", **v),
        fill("请先把群昵称改为“{nickname}”，再照这个格式做个自我介绍：{intro}", **v),
    ]
    if has_task(inputs):
        lines.append(fill("本期活动：{task}。完成后按要求在群里提交，审核通过就能领取{reward}。", **v))
    lines.append(fill("群规在群公告里，请花一分钟看完；有问题随时找{admin}。", **v))
    return "\n".join(lines)


def review(inputs: RulesInputs) -> str:
    v = values(inputs)
    if has_task(inputs):
        return "\n".join([
            fill("通过：@【昵称】 审核通过！你已完成“{task}”，{reward}会在24小时内私信发给你，请留意。", **v),
            fill("未通过：@【昵称】 还差一点：还没看到【缺少的内容】。请按要求完成“{task}”后，再在群里提交一次。", **v),
        ])
    return "\n".join([
        "通过：@【昵称】 欢迎！昵称和自我介绍都没问题，大家可以多和他交流。",
        fill("未通过：@【昵称】 请把群昵称改为“{nickname}”，并补一段自我介绍，谢谢配合。", **v),
    ])


def reminder(inputs: RulesInputs, quiet: str | None) -> str:
    v = values(inputs)
    lines = [fill("改昵称：@【昵称】 请把群昵称改为“{nickname}”，方便大家认识你。", **v)]
    if has_task(inputs):
        lines.append(fill("做任务：还没完成“{task}”的朋友抓紧了，【截止时间】前完成并在群里提交，就能领取{reward}。", **v))
    if inputs.ad_packet_amount > 0:
        lines.append(fill(
            "发广告：@【昵称】 按群规，推送文章或广告要同时发{amount}元、{count}个的红包，"
            "请在{minutes}分钟内补发，否则将移出本群。", **v,
        ))
    else:
        lines.append("发广告：@【昵称】 本群不允许发广告，请撤回；再发将移出本群。")
    if quiet is not None:
        lines.append(fill("休息时间：现在是休息时间（每天{quiet}），有事明天再聊，晚安。", quiet=quiet))
    return "\n".join(lines)


def removal(inputs: RulesInputs) -> str:
    """Two tiers, as the group notice has them: remind first, then remove; and remove at once."""
    v = values(inputs)
    reason = fill("发广告后{minutes}分钟内没有补发红包", **v) if inputs.ad_packet_amount > 0 else "在群里发了广告"
    return "\n".join([
        "一般违规，先提醒、再移出：",
        fill("移出前：@【昵称】 你{reason}，按群规第3条，现在将你移出本群。如有误会，请私聊{admin}。", reason=reason, **v),
        fill("移出后（发在群里）：刚才有成员违反群规被移出。再提醒一次：{rule}谢谢大家一起维护{group}。",
             rule=ad_rule(inputs), **v),
        fill("私聊回访：你好，我是{group}的{admin}。刚才按群规将你移出了群聊，"
             "如果是误会或你愿意遵守群规，回复我就可以重新邀请你。", **v),
        "",
        "底线行为（诈骗、违法违规内容、恶意广告），立即移出：先截图留证，不提醒，移出后在群里说明。",
        fill("移出后（发在群里）：刚才移出了一位发【诈骗信息/违法违规内容/恶意广告】的成员，截图已留存。"
             "如果有人私聊向你推销、借钱或要求转账，请不要理会，可以截图发给{admin}。", **v),
    ])


def scripts(inputs: RulesInputs) -> tuple[Script, ...]:
    quiet = quiet_text(inputs.quiet_hours)
    return (
        Script("notice", "群公告", "建群后第一时间发布并置顶。", notice(inputs, quiet)),
        Script("welcome", "欢迎语（入群话术）", "有人入群时发，或设为自动欢迎语。", welcome(inputs)),
        Script("review", "审核话术", "成员提交任务或自我介绍后回复，通过和未通过各一条。", review(inputs)),
        Script("reminder", "提醒话术", "有人没改昵称、没做任务、发了广告没发红包，或在休息时间发言时用。",
               reminder(inputs, quiet)),
        Script("removal", "移出话术",
               "一般违规先提醒、再移出，移出前后各发一条，再私聊回访；诈骗、违法违规内容和恶意广告立即移出，截图留证后在群里简短说明。",
               removal(inputs)),
    )


def fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks inside the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def to_markdown(inputs: RulesInputs, parts: tuple[Script, ...]) -> str:
    blocks = [fill("# {group}：群规与话术", group=" ".join(inputs.group_name.split()))]
    for part in parts:
        mark = fence(part.text)
        blocks.append(f"## {part.title}\n\n{part.note}\n\n{mark}text\n{part.text}\n{mark}")
    return "\n\n".join(blocks) + "\n"


def to_html(parts: tuple[Script, ...]) -> str:
    return "".join(
        f'<section class="qc-part qc-script" data-script="{part.key}"><h2>{markup.esc(part.title)}</h2>'
        f"<p>{markup.esc(part.note)}</p><pre><code>{markup.esc(part.text)}</code></pre></section>"
        for part in parts
    )


def compute(inputs: RulesInputs) -> RulesOutputs:
    parts = scripts(inputs)
    return RulesOutputs(markdown=to_markdown(inputs, parts), html=to_html(parts))


def render(inputs: RulesInputs, out: RulesOutputs) -> str:
    intro = (
        "<p>下面每一段都可以直接复制到群里；【】里的内容发送前换成实际的昵称或时间。"
        f'群规怎么定、三类规则各管什么，见{markup.playbook_link("group-rules")}；'
        f'哪些行为立即移出、怎样留证和说明，见{markup.playbook_link("bottom-line-removal")}；'
        f'裂变活动里四种话术怎么配合，见{markup.playbook_link("fission-scripts")}。'
        f'群昵称和自我介绍只问群里用得上的信息（见{markup.playbook_link("compliance", anchor="personal-info")}）。</p>'
    )
    download = markup.download(f"{inputs.group_name}-群规与话术.md", "text/markdown", out.markdown, "下载 Markdown")
    return intro + out.html + download


CALCULATOR = Calculator(
    id="rules",
    title="群规与话术生成",
    summary="填上群名、昵称格式、休息时间、广告红包和邀请规则，生成可直接粘贴的群公告，以及欢迎、审核、提醒、移出话术。",
    inputs=RulesInputs,
    compute=compute,
    render=render,
)
