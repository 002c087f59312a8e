"""Where a calculator's advice points: the playbook that fixes a weak step.

Calculator pages live at ``calculators/<id>/`` and playbooks at ``playbooks/<slug>/``, so
the relative link from a result to a playbook is always ``../../playbooks/<slug>/``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Advice:
    keywords: tuple[str, ...]
    text: str
    slug: str
    title: str


# Matched against the name of the stage a step leads to, in order.
STEP_ADVICE: tuple[Advice, ...] = (
    Advice(("扫码", "点击", "看到", "关注"), "看到海报的人不扫码，多半是海报没说清“我能得到什么”。先改主标题和卖点。",
           "fission-poster", "裂变海报六要素"),
    Advice(("入群", "进群", "加群", "加好友"), "扫了码却没进群，多半卡在活码、群满或加好友的验证上。把入群路径用小号走一遍。",
           "live-code-setup", "活码与后台设置"),
    Advice(("完成", "任务", "转发", "分享", "邀请"), "进了群却不做任务，多半是欢迎语里的任务说明太长、太难，或奖励不够诱人。",
           "fission-scripts", "裂变活动群内话术"),
    Advice(("付费", "购买", "下单", "转化", "成交"), "来了却不买，回头看福利设计：先给用户一个马上能用上的好处。",
           "incentive-loop", "循环体结构与四类福利"),
)
FALLBACK = (
    Advice((), "第一步流失最多，通常要先改海报和投放渠道。", "fission-poster", "裂变海报六要素"),
    Advice((), "中间环节流失最多，把每一步用小号亲自走一遍，找出卡住的地方。", "live-code-setup", "活码与后台设置"),
    Advice((), "最后一步流失最多，检查任务是否简单、奖励是否值得。", "fission-scripts", "裂变活动群内话术"),
)


def advice_for_step(stage_name: str, index: int, steps: int) -> Advice:
    """The advice for the step that leads into ``stage_name`` (step ``index`` of ``steps``)."""
    for advice in STEP_ADVICE:
        if any(word in stage_name for word in advice.keywords):
            return advice
    if index == 0:
        return FALLBACK[0]
    if index == steps - 1:
        return FALLBACK[2]
    return FALLBACK[1]


def playbook_href(slug: str) -> str:
    return f"../../playbooks/{slug}/"
