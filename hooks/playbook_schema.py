"""The playbook front matter schema and the reader for a playbooks folder.

Validated with MkDocs' own Config machinery (as Material's blog plugin does); unknown keys
arrive as warnings and are treated as errors, so a typo never passes silently.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

STAGES = ("定位", "建群", "规则", "分层", "激励", "拉新", "促活", "转化", "复盘", "职业")
ROLES = ("群主", "管理员", "客服", "运营负责人", "新人运营", "KOL")
# The source articles (shared/seeds) a playbook may cite, with what each covers.
SOURCES = {
    "000_ccc474566176ec26.txt": "扩张节奏、上线清单、新世相案例、用户分层、四类福利、宝宝学英语打卡课、岗位职级、群规与仪式",
    "001_95e8f27b92e704a1.txt": "两种建群方式、定位、入群门槛、固定节奏、KOL 与分群、社群类型",
    "002_6ed395482b5c7241.txt": "微信群的特点、临时群与长期群、群角色、用户圈层、代理群与 KOL 粉丝群案例",
    "003_3b0df2394fd6f89c.txt": "一个群活了四年：价值观、审核、昵称标签、清理广告号、底线与自治",
    "004_cfec6f481a4ef13c.txt": "完整的裂变活动方案：成本、流程、海报、话术、后台设置、复盘；五要素、群规模板",
}


class PlaybookMeta(Config):
    title = c.Type(str)
    summary = c.Type(str)
    stage = c.Choice(STAGES)
    roles = c.ListOfItems(c.Choice(ROLES))
    tags = c.ListOfItems(c.Type(str))
    calculators = c.ListOfItems(c.Type(str), default=[])
    sources = c.ListOfItems(c.Type(str))
    reviewed = c.Type(datetime.date)
    platform_limits = c.ListOfItems(c.Type(str), default=[])
    checklist = c.Optional(c.ListOfItems(c.Type(str)))


@dataclass(frozen=True)
class Playbook:
    slug: str
    path: Path
    meta: dict[str, Any]

    @property
    def src_uri(self) -> str:
        return f"playbooks/{self.slug}.md"


def validate(path: Path, data: dict[str, Any], *, calculators: set[str]) -> dict[str, Any]:
    """Check one playbook's front matter; raise PluginError naming the file and the field."""
    meta = PlaybookMeta(config_file_path=str(path))
    meta.load_dict(data)
    errors, warnings = meta.validate()
    problems = [f"{key}: {error}" for key, error in errors]
    problems += [f"{key}: unknown field ({warning})" for key, warning in warnings]
    if not problems:
        for name in meta["calculators"]:
            if name not in calculators:
                problems.append(f"calculators: unknown calculator id {name!r}; known: {sorted(calculators)}")
        for name in meta["sources"]:
            if name not in SOURCES:
                problems.append(f"sources: unknown seed file {name!r}")
        if not meta["title"].strip():
            problems.append("title: must not be empty")
    if problems:
        raise PluginError(f"Playbook front matter in {path}: " + "; ".join(problems))
    return dict(meta)


def read_playbooks(folder: Path, *, calculators: set[str]) -> list[Playbook]:
    """Every playbook in ``folder``, validated, in file-name order."""
    books = []
    for path in sorted(folder.glob("*.md")):
        _, data = get_data(path.read_text(encoding="utf-8"))
        if not data:
            raise PluginError(f"Playbook front matter in {path}: missing (the file must start with '---')")
        meta = validate(path, data, calculators=calculators)
        books.append(Playbook(path.stem, path, meta))
    return books
