"""The handbook's content on the built site: every topic of issue 4 has its page, every playbook
has the sections a procedure needs, the learning path and glossary are complete, tags are shown
and indexed, and every internal link (with its #anchor) leads somewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import ROOT
from mkdocs.utils.meta import get_data

from calculators import CALCULATORS

PLAYBOOKS = sorted(ROOT.glob("playbooks/*.md"))
SLUGS = [path.stem for path in PLAYBOOKS]

# Every topic of the issue, as key terms, on the page that covers it.
TOPICS: dict[str, list[str]] = {
    # Positioning
    "community-positioning": ["为什么建", "为谁建", "两种创建方式", "目标成员"],
    "five-elements": ["同好", "结构", "输出", "运营", "复制", "五要素"],
    "community-types": ["分享型", "销售型", "赋能型", "产品型", "兴趣型", "知识型", "资源人脉型", "营销型",
                        "服务群", "资源对接群", "VIP 群", "普通群"],
    # Building
    "build-methods": ["灵魂人物", "核心产品", "软性服务", "临时群", "长期群", "1 周", "30 天"],
    "group-roles": ["群主", "管理员", "客服", "KOL", "分群"],
    "entry-threshold": ["入群门槛", "定向邀请", "活动筛选", "用户圈层", "深度服务"],
    # Rules
    "group-rules": ["昵称规则", "言行规则", "惩罚规则", "自我介绍", "姓名", "行业", "闭群", "红包", "向管理员申请"],
    "bottom-line-removal": ["底线", "踢人", "移出"],
    "clear-spam-accounts": ["红包测速", "机器人", "批量加人", "广告号"],
    "self-governance": ["自治", "无为而治"],
    # Tiers
    "member-tiers": ["外围用户", "适应用户", "核心用户", "付费", "免费", "活跃", "不活跃", "铁粉群", "金粉群", "传销"],
    # Incentives
    "incentive-loop": ["循环体结构", "吸引福利", "引导福利", "老用户福利", "隐藏福利", "后置"],
    "bait-design": ["价值", "边际成本", "虚拟奖励", "实物奖励", "工具", "奖励", "人力"],
    # Fission campaigns
    "fission-campaign-flow": ["用户裂变流程", "用户参与流程", "运营操作流程", "K 因子"],
    "fission-poster": ["六要素", "主标题", "副标题", "背书", "活码"],
    "fission-scripts": ["欢迎语", "审核话术", "提醒话术", "移出话术"],
    "live-code-setup": ["活码", "群二维码", "扫码入群", "邀请入群", "7 天", "可能已"],
    "fission-launch-checklist": ["系统测试", "种子用户", "奖励兑换", "客服话术", "测试账号"],
    "expansion-rhythm": ["扩张节奏", "扩张范围", "点状", "网状", "片状"],
    "campaign-monitoring": ["数据监控", "应急"],
    # Engagement
    "revive-silent-group": ["沉默社群", "激活"],
    "group-rituals": ["开营仪式", "接龙", "宣誓", "签到", "打卡", "活动日"],
    "group-emergencies": ["突发事件"],
    "case-four-years": ["四年", "价值", "审核", "昵称", "清理", "底线", "自治"],
    # Review
    "campaign-review": ["AARRR", "启动量", "扫码人数", "入群人数", "完成任务人数", "转化率"],
    # The job
    "operator-career": ["初级", "高级", "行业", "招聘"],
    # Cases
    "case-xinshixiang": ["新世相", "逃离北上广", "机票"],
    "case-baby-english": ["宝宝学英语", "7 天", "打卡", "警告", "移出", "复活"],
    "case-agent-kol-groups": ["代理", "KOL", "粉丝群", "散群"],
    "case-facebook-7-friends": ["Facebook", "10 天", "7 个好友"],
    # The pages added in 2026 (issue 13 and after)
    "why-groups": ["短信", "邮件", "精准流量", "反馈", "交易平台", "品牌", "退出条件"],
    "wecom-customer-groups": ["客户群", "群活码", "欢迎语", "防骚扰", "群发", "客户标签", "在职继承", "离职继承", "会话存档"],
    "admin-team": ["值班表", "主班", "备班", "夜间", "交班", "离岗", "带一位新管理员"],
    "compliance": ["诱导分享", "有奖销售", "好评返现", "个人信息", "谁建群谁负责", "广告法", "传销", "非法集资", "送完即止",
                   "推荐奖励"],
    "account-risk": ["外挂", "申诉", "预案卡", "备份", "解封", "诱导分享"],
    "points-and-levels": ["积分", "会员等级", "兑换", "有效期", "诱导分享", "传销", "入会费"],
    "content-calendar": ["每天", "每周", "每月", "固定栏目", "@所有人", "内容池", "4 周"],
    "join-channels": ["朋友圈", "收银台", "包裹卡", "公众号", "视频号", "小红书", "渠道码", "好评返现"],
    "private-domain-sales": ["私聊", "朋友圈", "团购", "接龙", "复购", "原价", "无理由退货"],
    "after-sales-complaints": ["公开投诉", "10 分钟", "私聊", "退款", "上报", "决定表", "好评返现"],
    "weekly-report": ["发言率", "流失率", "净增长", "新人发言率", "发言集中度", "口径", "去重"],
}
# The issue's own words for its topics: each must be somewhere in the built site.
KEY_TERMS = [
    "同好", "结构", "输出", "运营", "复制", "分享型", "赋能型", "销售", "临时群", "长期群", "昵称", "红包测速",
    "外围用户", "适应用户", "核心用户", "铁粉群", "金粉群", "吸引福利", "引导福利", "老用户福利", "隐藏福利",
    "点状", "网状", "片状", "六要素", "活码", "开营仪式", "接龙", "AARRR", "启动量", "扫码人数", "入群人数",
    "完成任务人数", "新世相", "宝宝学英语", "代理", "Facebook", "KOL", "VIP", "自治", "群规", "底线", "机器人",
    "边际成本", "虚拟奖励", "工具", "人力", "种子用户", "客服话术", "测试账号", "沉默", "签到", "打卡", "活动日",
    "突发事件", "初级", "高级", "行业", "入群门槛", "定向邀请", "深度服务", "用户圈层", "群二维码",
]


class Page(HTMLParser):
    """Text, headings, links, ids and details blocks of one built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.article: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[tuple[str, str]] = []  # (tag, text)
        self._heading: tuple[str, list[str]] | None = None
        self._article_depth = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("name") and tag == "a":
            self.ids.add(values["name"] or "")
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        if tag == "article":
            self._article_depth += 1
        if tag in ("script", "style"):
            self._skip += 1
        if tag in ("h1", "h2", "h3") and self._article_depth:
            self._heading = (tag, [])
        if tag == "a" and "headerlink" in (values.get("class") or "") and self._heading:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article_depth -= 1
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "a" and self._skip and self._heading:
            self._skip -= 1
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, "".join(self._heading[1]).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._article_depth:
            self.article.append(data)
        if self._heading:
            self._heading[1].append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def built(site: Path, url: str) -> Path:
    return site / url / "index.html" if url else site / "index.html"


def article_text(site: Path, url: str) -> str:
    return "".join(parse(built(site, url)).article)


def front_matter(path: Path) -> dict[str, object]:
    return get_data(path.read_text(encoding="utf-8"))[1]


# --- every topic has a page ---------------------------------------------------------------------


def test_at_least_twenty_playbooks(site: Path) -> None:
    assert len(PLAYBOOKS) >= 20
    for slug in SLUGS:
        assert built(site, f"playbooks/{slug}").exists(), slug


def test_every_topic_page_exists() -> None:
    assert set(TOPICS) <= set(SLUGS), set(TOPICS) - set(SLUGS)


@pytest.mark.parametrize("slug", list(TOPICS))
def test_topic_terms_are_on_their_page(site: Path, slug: str) -> None:
    text = article_text(site, f"playbooks/{slug}")
    missing = [term for term in TOPICS[slug] if term not in text]
    assert missing == [], f"{slug} lacks {missing}"


def test_key_terms_appear_in_the_site(site: Path) -> None:
    text = "\n".join("".join(parse(path).article) for path in site.rglob("*.html"))
    missing = [term for term in KEY_TERMS if term not in text]
    assert missing == []


# --- each playbook is a procedure -----------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_playbook_has_when_steps_and_pitfalls(site: Path, slug: str) -> None:
    headings = [text for tag, text in parse(built(site, f"playbooks/{slug}")).headings if tag == "h2"]
    for section in ("什么时候用", "步骤", "常见坑"):
        assert any(section in heading for heading in headings), f"{slug}: no {section} section in {headings}"


@pytest.mark.parametrize("path", PLAYBOOKS, ids=SLUGS)
def test_playbook_links_its_calculators(site: Path, path: Path) -> None:
    meta = front_matter(path)
    page = parse(built(site, f"playbooks/{path.stem}"))
    assert isinstance(meta["calculators"], list)
    for calc_id in meta["calculators"]:
        assert calc_id in CALCULATORS, f"{path.name}: unknown calculator {calc_id}"
        assert f"../../calculators/{calc_id}/" in page.links, f"{path.name} does not link {calc_id}"
        assert built(site, f"calculators/{calc_id}").exists()


# --- learning path and glossary -------------------------------------------------------------------


def learning_modules(site: Path) -> dict[str, str]:
    """The learning path's modules: heading → the HTML up to the next module."""
    html = built(site, "learning-path").read_text(encoding="utf-8")
    parts = re.split(r"<h2[^>]*>", html)[1:]
    modules = {}
    for part in parts:
        title = re.sub(r"<[^>]+>", "", part.split("</h2>", 1)[0]).rstrip("#").strip()
        if title.startswith("模块"):
            modules[title] = part
    return modules


def test_learning_path_covers_every_playbook(site: Path) -> None:
    modules = learning_modules(site)
    assert len(modules) >= 5
    linked = {slug for body in modules.values() for slug in re.findall(r'href="\.\./playbooks/([a-z0-9-]+)/', body)}
    assert linked == set(SLUGS), f"not in the learning path: {set(SLUGS) - linked}"


def test_each_module_has_three_self_test_questions(site: Path) -> None:
    for title, body in learning_modules(site).items():
        questions = re.findall(r'<details class="question">\s*<summary>(.*?)</summary>\s*(.*?)</details>', body, re.DOTALL)
        assert len(questions) >= 3, title
        for question, answer in questions:
            assert question.strip() and re.sub(r"<[^>]+>", "", answer).strip(), f"{title}: empty question or answer"


def test_glossary_has_thirty_terms(site: Path) -> None:
    entries = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    assert len(entries) >= 30
    headings = [text for tag, text in parse(built(site, "glossary")).headings if tag == "h2"]
    assert headings == [entry["term"] for entry in entries]


def test_glossary_terms_explain_themselves_on_other_pages(site: Path) -> None:
    html = built(site, "playbooks/live-code-setup").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+" tabindex="0"[^>]*>活码</abbr>', html)


# --- tags ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PLAYBOOKS, ids=SLUGS)
def test_tags_show_on_the_playbook_and_lead_to_the_index(site: Path, path: Path) -> None:
    tags = front_matter(path)["tags"]
    assert isinstance(tags, list) and tags
    html = built(site, f"playbooks/{path.stem}").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-tags"\s*>(.*?)</nav>', html, re.DOTALL)
    assert nav, f"{path.name}: no tags shown"
    shown = re.findall(r'<a href="\.\./\.\./tags/#([^"]+)" class="md-tag">([^<]+)</a>', nav.group(1))
    assert sorted(name for _, name in shown) == sorted(tags)
    index = parse(built(site, "tags"))
    for anchor, _ in shown:
        assert unquote(anchor) in index.ids, anchor


def test_tag_index_lists_every_tag_with_its_pages(site: Path) -> None:
    index = built(site, "tags").read_text(encoding="utf-8")
    sections = re.split(r'<h2 id="tag:', index)[1:]
    listed: dict[str, set[str]] = {}
    for section in sections:
        name = re.search(r'<span class="md-tag">([^<]+)</span>', section)
        assert name
        listed[name.group(1)] = set(re.findall(r'href="\.\./playbooks/([a-z0-9-]+)/"', section))
    for path in PLAYBOOKS:
        for tag in front_matter(path)["tags"]:  # type: ignore[attr-defined]
            assert path.stem in listed.get(tag, set()), f"tag {tag} does not list {path.stem}"


def test_tag_headings_keep_their_anchors_without_permalinks(site: Path) -> None:
    """~350 permalinks, each mounted as a tooltip, were most of the page's start-up work (qunce_site/features/material.py)."""
    html = built(site, "tags").read_text(encoding="utf-8")
    anchors = re.findall(r'<h2 id="(tag:[^"]+)"', html)
    assert len(anchors) > 100
    assert 'class="headerlink" href="#tag:' not in html
    playbook = built(site, "playbooks/fission-launch-checklist").read_text(encoding="utf-8")
    linked = re.findall(r'href="\.\./\.\./tags/#(tag:[^"]+)"', playbook)
    assert linked and set(linked) <= set(anchors)


def test_the_tags_page_writes_no_contents_it_hides(site: Path) -> None:
    """Its front matter hides the contents; Material only hid them and still wrote ~700 links (~2,100
    elements, Lighthouse performance ~80). The title's skip link stays."""
    html = built(site, "tags").read_text(encoding="utf-8")
    assert 'data-md-component="toc"' not in html and 'href="#tag:' not in html
    title = re.search(r'<h1 id="([^"]+)"', html)
    assert title and f'<a href="#{title.group(1)}" class="md-skip">' in html
    # A page that shows its contents keeps them.
    playbook = built(site, "playbooks/fission-launch-checklist").read_text(encoding="utf-8")
    assert playbook.count('data-md-component="toc"') >= 1


def test_heading_permalinks_are_named_by_label_not_title(site: Path) -> None:
    """Material mounts a tooltip for every titled element at start-up: 76 on the glossary were ~120 ms of
    blocking time (qunce_site/features/material.py). The link keeps its name for screen readers."""
    links = re.findall(r'<a class="headerlink"[^>]*>', built(site, "glossary").read_text(encoding="utf-8"))
    assert len(links) > 50 and all('aria-label="本节链接"' in link and "title=" not in link for link in links)
    titled = [path for path in site.rglob("*.html") if re.search(r'<a class="headerlink"[^>]*title=', path.read_text(encoding="utf-8"))]
    assert titled == []


def test_tag_index_is_in_the_nav(site: Path) -> None:
    html = built(site, "").read_text(encoding="utf-8")
    assert re.search(r'<a href="tags/" class="md-nav__link">\s*<span class="md-ellipsis">\s*标签', html)


# --- links --------------------------------------------------------------------------------------------


def test_every_internal_link_resolves(site: Path) -> None:
    """Every <a href> into the site, on every page, points at a file of the site, and its #anchor at an id there."""
    root = site.resolve()
    pages = {path.resolve(): parse(path) for path in site.rglob("*.html")}
    assert len(pages) > 40
    broken = []
    checked = 0
    for path, page in pages.items():
        base = PurePosixPath(path.relative_to(root).as_posix()).parent
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("data:", "blob:")):
                continue
            checked += 1
            where = f"{path.relative_to(root)}: {href}"
            target = path
            if parts.path:
                # 404.html links from the site root (site_url's path is / in the tests)
                relative = PurePosixPath(unquote(parts.path).lstrip("/")) if parts.path.startswith("/") else base / unquote(parts.path)
                target = Path(root, *relative.parts).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if root != target and root not in target.parents:
                    broken.append(f"{where} leaves the site")
                    continue
                if not target.is_file():
                    broken.append(f"{where} → missing {target.relative_to(root)}")
                    continue
            anchor = unquote(parts.fragment)
            if anchor and target in pages and anchor not in pages[target].ids:
                broken.append(f"{where} → no id {anchor!r}")
    assert checked > 1000
    assert broken == [], "\n".join(broken[:40])
