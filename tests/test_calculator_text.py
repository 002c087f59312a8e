"""What the calculators say follows the handbook's writing rules (issue 13): “” quotes in the Simplified
source (the zh-Hant build gives 「」), one word per concept (terms.yml), no words about how the handbook
is made. Checked on everything a reader sees: titles, labels, hints, results, downloads and messages."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import pytest
import yaml
from conftest import ROOT
from html_text import text_pieces

from calculators import CALCULATORS, InputError, run

TERMS = yaml.safe_load((ROOT / "terms.yml").read_text(encoding="utf-8"))
CORNER = re.compile(r"[「」『』]")
MENTION = re.compile(r"“[^”]*”")
DATA_URL = re.compile(r'href="data:[^;]+;charset=utf-8;base64,([^"]+)"')
SCENARIOS: dict[str, list[dict[str, str]]] = {
    "review": [{"counts": "1000,900,100", "stages": "启动量,扫码,入群", "plan_rates": ""}, {"counts": "100,90,80,10"},
               {"counts": "100,90,10,9", "plan_rates": ""}, {"counts": "1000,500,100", "stages": "", "plan_rates": "0.5,0.2"}],
    "fission": [{"join_route": "邀请入群"}, {"group_cap": "150"}, {"invites": "0"}, {"market": "5000", "invites": "10"}],
    "reward_cost": [{"budget": "100", "fraud_rate": "0.2", "value_per_user": "1"}],
    "rules": [{"quiet_hours": "无", "task": "无", "ad_packet_amount": "0"}, {"invite_policy": "仅管理员"},
              {"invite_policy": "所有成员"}],
    "capacity": [{"qr_date": "2026-11-27", "switch_at": "500", "per_admin": "1000"}],
    "timeline": [{"kind": "裂变拉新", "limit": "1"}, {"kind": "线上活动", "days": "1"}, {"kind": "长期运营", "days": "28"},
                 {"kind": "长期运营", "days": "7"}],
    "health": [{"speakers": "1", "messages": "1", "top_messages": "", "new_speakers": "0", "left": "300"}],
    "tiered_task": [{"stock1": "0"}, {"distribution": "泊松分布"}],
    "camp": [{"convert": "0"}, {"cost_per_signup": "0", "fixed_cost": "0"}],
}


def reader_text(calc_id: str) -> Iterator[str]:
    """Every piece of text a reader of this calculator can see."""
    calculator = CALCULATORS[calc_id]
    yield calculator.title
    yield calculator.summary
    for field in calculator.fields:
        yield from (field.label, field.hint, field.allowed(), *field.choices)
        for bad in ("", "abc", "-1", "1.5", "x" * 200):
            try:
                run(calc_id, {**calculator.example_inputs(), field.name: bad})
            except InputError as error:
                yield from error.errors.values()
    for changes in [{}, *SCENARIOS.get(calc_id, [])]:
        html = run(calc_id, {**calculator.example_inputs(), **changes}).html
        yield from text_pieces(html)
        yield from (base64.b64decode(data).decode("utf-8") for data in DATA_URL.findall(html))  # CSV, .ics, Markdown


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_simplified_text_quotes_with_curly_quotes(calc_id: str) -> None:
    found = sorted({text for text in reader_text(calc_id) if CORNER.search(text)})
    assert found == [], found[:5]


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_one_word_per_concept_and_no_words_about_the_handbook(calc_id: str) -> None:
    text = "\n".join(reader_text(calc_id))
    bare = MENTION.sub("", text)  # a word in quotes is mentioned, not used
    used = {word: term["use"] for term in TERMS["terms"] for word in term["not"] if word in bare}
    jargon = [word for word in TERMS["jargon"] if word in text]
    assert used == {} and jargon == [], f"write {used} (terms.yml); no {jargon}"
