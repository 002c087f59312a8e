"""Pages that touch a rule say so and link to it (issue 13): every page tagged 裂变, with a lottery, or
collecting members' information carries the rule in `compliance:`, and its page shows the warning box
linking to that section of 合规红线. Removing one fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from mkdocs.utils.meta import get_data

RULES = yaml.safe_load((ROOT / "compliance.yml").read_text(encoding="utf-8"))["rules"]
PLAYBOOKS = {path.stem: get_data(path.read_text(encoding="utf-8")) for path in sorted(ROOT.glob("playbooks/*.md"))}
PERSONAL_TAGS = {"昵称规则", "群昵称", "个人信息", "报名", "名单"}


def required(body: str, meta: dict[str, object]) -> set[str]:
    """The rules a page must name, from what it is about."""
    tags = set(meta.get("tags") or ())  # type: ignore[call-overload]
    rules = set()
    if "裂变" in tags:
        rules |= {"induced-sharing", "prize-promotion"}  # a referral campaign with rewards
    if "抽奖" in body or "抽奖" in tags:
        rules.add("prize-promotion")
    if tags & PERSONAL_TAGS or re.search(r"昵称格式|报名表", body):
        rules.add("personal-info")
    return rules


@pytest.mark.parametrize("slug", [slug for slug in PLAYBOOKS if slug != "compliance"])
def test_a_page_names_the_rules_it_touches(slug: str) -> None:
    body, meta = PLAYBOOKS[slug]
    missing = required(body, meta) - set(meta.get("compliance") or ())
    assert not missing, f"playbooks/{slug}.md should list {sorted(missing)} in compliance:"


def test_every_rule_has_its_section_on_the_compliance_page() -> None:
    body, _ = PLAYBOOKS["compliance"]
    for rule in RULES:
        assert re.search(rf"^##+ .*\{{#{rule}\}}", body, re.MULTILINE), f"no section {{#{rule}}} on compliance.md"


def test_fission_pages_are_many_and_all_covered() -> None:
    fission = [slug for slug, (_, meta) in PLAYBOOKS.items() if "裂变" in (meta.get("tags") or ())]
    assert len(fission) >= 6
    assert all("induced-sharing" in (PLAYBOOKS[slug][1].get("compliance") or ()) for slug in fission if slug != "compliance")


def test_each_page_shows_a_warning_box_linking_to_its_rules(site: Path) -> None:
    for slug, (_, meta) in PLAYBOOKS.items():
        html = (site / "playbooks" / slug / "index.html").read_text(encoding="utf-8")
        for rule in meta.get("compliance") or ():
            assert f'href="../compliance/#{rule}"' in html, f"{slug}: no link to 合规红线#{rule}"
        if meta.get("compliance"):
            assert "合规提醒" in html, slug


def test_no_built_page_shows_a_source_file_name(site: Path) -> None:
    names = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
    shown = [str(path.relative_to(site)) for path in site.rglob("*.html") if names.search(path.read_text(encoding="utf-8"))]
    assert shown == []
