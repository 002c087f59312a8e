"""The SOP plans the timeline lays out on dates: one template of steps per campaign type, drawn from the
playbooks (each step names its playbook by slug). Data only; the calculator places it (``__init__.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.site import site

KINDS = ("裂变拉新", "训练营", "线上活动")
SCAN_LIMIT = site().fact("wechat.group.scan_join_limit")
QR_VALID = site().fact("wechat.group.qr_valid_days")


@dataclass(frozen=True)
class Step:
    """One task of a plan template.

    ``when`` places it: ``prep`` (``at`` days before launch), ``day`` (campaign day ``at``,
    0 = launch), ``each`` (every campaign day from ``at`` on), ``mid`` (the middle day of a
    campaign of three days or more), ``last`` (the last campaign day) or ``after`` (``at``
    days after the last campaign day). ``sends`` is how many messages it puts in every group.
    """

    when: str
    at: int
    task: str
    owner: str
    message: str = ""
    sends: int = 0
    checks: tuple[str, ...] = ()
    slug: str = "fission-campaign-flow"


INVITE = (
    Step("prep", 7, "活动策划定稿：把目的、时间、奖励、流程和推广渠道写成一页纸，定下预算上限", "运营负责人",
         checks=("方案发给所有参与的同事", "预算有上限，并写明到了上限怎么办"), slug="fission-campaign-flow"),
    Step("prep", 6, "估算人数、群数和奖励：按正常和“爆了”两档，算各环节人数、要建的群和奖励成本", "运营负责人",
         checks=("奖励成本按最乐观的参与人数算过一遍", "算好要建几个群、几个活码"), slug="fission-launch-checklist"),
    Step("prep", 5, "海报文案和设计定稿：主标题、副标题、卖点、背书、促行动、活码六要素齐全", "运营负责人",
         checks=("海报六要素齐全", "海报上放的是活码，不是群二维码"), slug="fission-poster"),
    Step("prep", 4, "话术定稿：入群、审核、提醒、移出四套话术，加上常见问题的标准回答", "客服",
         checks=("四套话术客服人手一份", "常见问题覆盖奖励、时间、截图、群满四类"), slug="fission-scripts"),
    Step("prep", 3, "建群、配置活码后台：录入群二维码，设好切换人数、欢迎语和关键词回复", "管理员",
         checks=("录入的群够用，并有备用群", f"切换人数设在扫码入群的上限（{SCAN_LIMIT.text}）以下",
                 f"群二维码 {QR_VALID.text}后失效：记下到期日，到期前重新生成、上传", "用从没入过群的测试账号实测扫码"),
         slug="live-code-setup"),
    Step("prep", 2, "确认奖励兑换（库存、发放方式、到账时间、负责人）；私聊种子用户，约好发布时间和文案", "运营负责人",
         message="种子用户提前沟通（私聊）", checks=("奖励的库存和发放负责人已确认", "种子用户名单已确认"),
         slug="fission-launch-checklist"),
    Step("prep", 1, "自己人入群，用测试账号把整条流程再走一遍；建好数据记录表，写好应急预案", "管理员",
         message="内部上线通知（工作群）", checks=("每个群至少有 1 个自己人", "奖励发完、群满、海报失效、有人闹事各有负责人"),
         slug="fission-launch-checklist"),
    Step("day", 0, "上线：种子用户发布海报；当天每小时记一次数据，在群里看现场", "运营负责人",
         message="活动规则与截止时间（群公告）", sends=1,
         checks=("记录启动量、扫码、入群、完成任务人数", "值班表排到活动结束"), slug="campaign-monitoring"),
    Step("each", 0, "集中审核提交，在群里发批量审核通知，通过的人按时发奖", "客服",
         message="批量审核通知", sends=1, checks=("提交在约定时间前审核完",), slug="fission-scripts"),
    Step("each", 1, "每天记一次数据：启动量、扫码、入群、完成任务、待审核提交、奖励余量、剩余可用群；清理广告号", "运营负责人",
         checks=("奖励余量低于预计剩余需求时马上决策", "剩余可用群够用"), slug="campaign-monitoring"),
    Step("mid", 0, "第一次提醒：还没完成任务的朋友抓紧", "客服",
         message="提醒话术（入群后未提交）", sends=1, checks=("同一个问题被问 3 次以上，就改欢迎语或发群公告",),
         slug="fission-scripts"),
    Step("last", 0, "截止前最后一次提醒", "客服",
         message="提醒话术（截止前最后一次）", sends=1, checks=("提醒一共不超过 2 次",), slug="fission-scripts"),
    Step("after", 1, "活动结束公告：奖励领取截止时间，以及群接着运营还是约定解散", "管理员",
         message="活动结束公告（或清群话术）", sends=1, checks=("已完成任务的人奖励全部兑现",), slug="fission-scripts"),
    Step("after", 2, "汇总数据：启动量、扫码人数、入群人数、完成任务人数和各项成本", "运营负责人",
         checks=("四个原始数据按同一口径记录",), slug="campaign-review"),
    Step("after", 3, "复盘：算各环节转化率，找出瓶颈，定下不超过 3 条改进项", "运营负责人",
         checks=("找出转化率最低或与计划差距最大的一步", "每条改进项都有负责人"), slug="campaign-review"),
    Step("after", 7, "跟踪 1 周后的在群人数；把新踩的坑补进上线前检查清单", "新人运营",
         checks=("记下 1 周后在群人数", "新问题已补进检查清单"), slug="campaign-review"),
)

CAMP = (
    Step("prep", 7, "定营期、每天的课程和打卡方式，画出循环：体验 → 邀请 → 打卡分享 → 试听 → 付费", "运营负责人",
         checks=("终点目标写清楚（例如试听付费课）", "每一环结束时，学员知道下一环是什么"), slug="incentive-loop"),
    Step("prep", 6, "估算四类福利的成本：体验课、邀请和分享奖励、移出后的回访福利、全勤惊喜和试听课", "运营负责人",
         checks=("四类福利的成本已分别估算", "隐藏福利只写在内部文档里"), slug="incentive-loop"),
    Step("prep", 5, "准备每天内容不同的课程，以及学完弹出的分享海报", "KOL",
         checks=("每天的课程内容不同", "分享海报上放的是活码"), slug="case-baby-english"),
    Step("prep", 4, "学习规则、提醒和移出话术、回访话术定稿（如连续 2 天未打卡提醒，连续 3 天移出）", "客服",
         checks=("提醒和移出的天数写进学习规则", "移出后的回访话术已写好"), slug="case-baby-english"),
    Step("prep", 3, "建群、配置活码后台，用测试账号测试入群、欢迎语和打卡流程", "管理员",
         checks=("录入的群够用，并有备用群", "用从没入过群的测试账号走一遍"), slug="live-code-setup"),
    Step("prep", 2, "预热：发起签到或自我介绍接龙，配一点小福利", "新人运营",
         message="签到接龙", sends=1, checks=("前几位接龙的是自己人或核心成员",), slug="group-rituals"),
    Step("prep", 1, "开营倒计时预告，请大家先改好群昵称", "群主",
         message="开营倒计时预告", sends=1, checks=("写明开营时间和今晚要做的一件事",), slug="group-rituals"),
    Step("day", 0, "开营仪式：规则、课程、老师、学习安排、奖励、上课方式和有效期", "群主",
         message="开营公告", sends=1, checks=("开营公告一屏能看完",), slug="group-rituals"),
    Step("day", 0, "学习宣誓接龙：给好模板，成员只改自己的名字和信息", "新人运营",
         message="学习宣誓接龙", sends=1, checks=("接龙模板只需填空",), slug="group-rituals"),
    Step("each", 0, "发布当天的课程", "KOL", message="当天课程", sends=1,
         checks=("课程在约定时间发出",), slug="case-baby-english"),
    Step("each", 0, "晚上统计当天打卡，在群里公布", "管理员", message="打卡统计", sends=1,
         checks=("打卡格式固定，一条消息就能完成",), slug="group-rituals"),
    Step("each", 0, "登记当天打卡和心得，按公布的规则记下谁离全勤奖励还差几天", "客服",
         checks=("奖励只看学习和打卡，不看转发和邀请", "奖励按承诺的时间发出"), slug="incentive-loop"),
    Step("each", 2, "私聊提醒连续 2 天未打卡的学员；移出连续 3 天未打卡的学员，并一对一回访", "客服",
         message="提醒与回访（私聊）", checks=("提醒私聊发出，不在群里点名", "每个被移出的人都有人回访"),
         slug="case-baby-english"),
    Step("last", 0, "结营：公布全勤名单，发全勤惊喜，预告试听课", "群主",
         message="结营公告", sends=1, checks=("全勤惊喜按内部写好的标准发放",), slug="incentive-loop"),
    Step("after", 1, "引导学完的学员去听付费课的试听课", "运营负责人",
         message="试听课邀请", sends=1, checks=("试听课的时间和入口发在群里",), slug="case-baby-english"),
    Step("after", 2, "一对一跟进听过试听课的学员，解答付费疑问", "客服",
         message="付费跟进（私聊）", checks=("每位试听过的学员都有人跟进",), slug="case-baby-english"),
    Step("after", 3, "复盘：到课率、每日打卡率、移出人数、试听和付费人数，与计划对比", "运营负责人",
         checks=("每天的打卡人数都有记录",), slug="campaign-review"),
    Step("after", 7, "付费转化收尾，预告下一期，在群里说明群的去留", "运营负责人",
         message="下一期预告", sends=1, checks=("群的去留已在群里说明",), slug="incentive-loop"),
)

EVENT = (
    Step("prep", 7, "定主题、嘉宾和时间；固定活动日最好每周或每两周同一时间", "运营负责人",
         checks=("活动定在固定的活动日",), slug="group-rituals"),
    Step("prep", 5, "和嘉宾对好分享提纲、时长、问答环节和上课方式（群内语音、直播链接或小程序）", "运营负责人",
         checks=("嘉宾知道分享多长、问答怎么进行",), slug="group-rituals"),
    Step("prep", 3, "发活动预告，征集大家想问的问题", "管理员",
         message="活动预告", sends=1, checks=("预告写明主题、嘉宾和时间",), slug="group-rituals"),
    Step("prep", 2, "准备开场和结尾话术，安排自己人带头提问", "管理员",
         checks=("冷场时有人带话题",), slug="group-roles"),
    Step("prep", 1, "活动前一天再预告一次", "管理员",
         message="活动前一天预告", sends=1, checks=("问题已整理好交给嘉宾",), slug="group-rituals"),
    Step("each", 0, "开始前 1 小时提醒", "管理员", message="开始前提醒", sends=1, slug="group-rituals"),
    Step("each", 0, "开场：介绍嘉宾和活动规则，然后嘉宾分享、问答", "群主",
         message="开场介绍", sends=1, checks=("分享时段内管理员盯着广告和刷屏",), slug="group-rituals"),
    Step("each", 0, "结束：感谢嘉宾，总结要点，预告下一次", "群主",
         message="结束总结", sends=1, slug="group-rituals"),
    Step("after", 1, "整理分享纪要发到群里", "新人运营",
         message="分享纪要", sends=1, checks=("纪要一屏能看完，附完整内容链接",), slug="group-rituals"),
    Step("after", 3, "复盘：参加人数、发言人数、新成员发言和提问数，与上一期对比", "运营负责人",
         checks=("发言人数、消息数按同一口径记录",), slug="revive-silent-group"),
    Step("after", 7, "预告下一期；固定活动日至少连续做 4 次再评估效果", "管理员",
         message="下一期预告", sends=1, checks=("记下这是连续第几期",), slug="group-rituals"),
)

PLANS = dict(zip(KINDS, (INVITE, CAMP, EVENT), strict=True))
