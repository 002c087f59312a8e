"""Where a campaign design meets the rules: the sentences the incentive calculators add to their advice,
each linked to its section of the compliance playbook (slug ``compliance``)."""

from __future__ import annotations

from . import markup

INDUCED_SHARING = "induced-sharing"
PRIZE_PROMOTION = "prize-promotion"


def induced_sharing(what: str) -> str:
    """``what`` (a design that rewards sharing or inviting) is 诱导分享: an HTML sentence with its link."""
    return (
        f"{markup.esc(what)}，属于诱导分享：《微信外部链接内容管理规范》禁止用红包、优惠券、奖品、抽奖机会等奖励"
        "换取转发、集赞或邀请好友助力，活动链接、域名和账号都可能被限制。奖励给入群、学习、完成任务本身，不给“分享”"
        f"（见{markup.playbook_link('compliance', anchor=INDUCED_SHARING)}）。"
    )


def prize_promotion(what: str) -> str:
    """``what`` (prizes given to win people) is 有奖销售: an HTML sentence with its link."""
    return (
        f"{markup.esc(what)}，属于有奖销售（《规范促销行为暂行规定》）：奖品种类、数量、参与条件和兑奖方式，"
        "包括“送完即止”，要在活动开始前公布；活动中途只能朝对参与者有利的方向改"
        f"（见{markup.playbook_link('compliance', anchor=PRIZE_PROMOTION)}）。"
    )


def note(*sentences: str) -> str:
    """The compliance paragraph of a result."""
    return f'<p class="qc-compliance">合规提醒：{"".join(sentences)}</p>'
