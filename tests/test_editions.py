"""The zh-Hant edition: converted with OpenCC phrase by phrase, built strict beside the zh-Hans one,
one switch on every page to the same page in the other edition, calculators that answer in Traditional.

The whole-site link checker (tests/test_content.py) and the typography linter
(tests/test_typography.py) walk the built site, so they cover the zh-Hant pages too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from conftest import ROOT
from html_text import text_pieces
from test_browser import READY, answered, text_of

from calculators import CALCULATORS, run
from calculators.kit.fields import Kind
from calculators.kit.spellings import CHOICE_SPELLINGS, as_spelled_in
from qunce_site.traditional import Converter, read_fixed

CONVERTER = Converter(read_fixed(ROOT / "zh-Hant.yml"))
to_hant = CONVERTER.convert

HANT = "zh-Hant"
# Common characters that only the Simplified script uses: none may be left in zh-Hant copy.
SIMPLIFIED_ONLY = set("这们个说为时对来过还没关门页计设进让样种点应该发现务动态从当网络讲组织员级")


# --- conversion ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("simplified", "expected", "opencc_alone"),
    [
        ("循环体结构", "循環體結構", "迴圈體結構"),
        ("扫码率", "掃碼率", "掃位元速率"),
        ("社群类型", "社群類型", "社群型別"),
        ("收到审核通过的消息", "收到審核通過的訊息", "收到稽核通過的訊息"),
        ("收集成员反馈", "收集成員反饋", "收整合員反饋"),
    ],
)
def test_fixed_words_override_opencc_taiwan_phrases(simplified: str, expected: str, opencc_alone: str) -> None:
    assert Converter({}).convert(simplified) == opencc_alone  # what zh-Hant.yml is there to prevent
    assert to_hant(simplified) == expected


def test_conversion_is_by_phrase_not_by_character() -> None:
    assert to_hant("默认的软件信息") == "預設的軟體資訊"
    assert to_hant("打印检查清单") == "列印檢查清單"


def test_latin_letters_digits_and_code_are_left_as_they_are() -> None:
    text = "`python -m calculators run funnel reach=50000 rates=0.4,0.25` 触达人数 K = 1.5，QQ 群与 SOP"
    converted = to_hant(text)
    assert re.findall(r"[ -~]+", converted) == re.findall(r"[ -~]+", text)
    assert "觸達人數" in converted


def test_quotation_marks_become_corner_brackets() -> None:
    assert to_hant("写成“姓名+行业”或‘名称’") == "寫成「姓名+行業」或『名稱』"


def test_opencc_off_regions_stay_as_written() -> None:
    text = "计算器\n# opencc: off (names)\n简体中文\n# opencc: on\n计算器\n"
    assert to_hant(text) == "計算器\n# opencc: off (names)\n简体中文\n# opencc: on\n計算器\n"


def test_every_fixed_word_is_in_the_sources() -> None:
    """zh-Hant.yml stays a list of words the site really uses."""
    sources = [*ROOT.glob("playbooks/*.md"), *ROOT.glob("docs/**/*.md"), *ROOT.glob("calculators/**/*.py"),
               *ROOT.glob("qunce_site/**/*.py"), *ROOT.glob("qunce_site/templates/*.html"), ROOT / "glossary.yml", ROOT / "training.yml", ROOT / "drills.yml"]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    unused = [word for word in read_fixed(ROOT / "zh-Hant.yml") if word not in text]
    assert unused == [], f"in zh-Hant.yml but not in the sources: {unused}"


def test_choice_spellings_table_matches_opencc() -> None:
    """calculators/spellings.py lists each choice in both editions' spelling; it must follow OpenCC."""
    choices = {choice for calc in CALCULATORS.values() for field in calc.fields if field.kind is Kind.CHOICE
               for choice in field.choices}
    expected = {(choice, to_hant(choice)) for choice in choices if to_hant(choice) != choice}
    assert set(CHOICE_SPELLINGS) == expected, "update CHOICE_SPELLINGS in calculators/spellings.py"


def test_a_choice_in_the_other_spelling_is_the_same_choice() -> None:
    inputs = CALCULATORS["rules"].example_inputs()
    assert as_spelled_in("僅管理員", ("仅管理员", "所有成员")) == "仅管理员"
    assert run("rules", {**inputs, "invite_policy": "僅管理員"}) == run("rules", {**inputs, "invite_policy": "仅管理员"})


# --- the converted calculators package -----------------------------------------------------------------


def hant_python(tree: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(tree), "PYTHONSAFEPATH": "1"})


def hant_handle(tree: Path, calc_id: str, inputs: dict[str, str]) -> dict[str, Any]:
    code = f"import json; from calculators.web import handle; print(handle({calc_id!r}, {json.dumps(inputs)!r}))"
    result = hant_python(tree, code)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def numbers(value: Any) -> list[float]:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    items = value.values() if isinstance(value, dict) else value
    return [number for item in items for number in numbers(item)]


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_converted_calculators_give_the_same_numbers_in_traditional(hant_calculators: Path, calc_id: str) -> None:
    inputs = CALCULATORS[calc_id].example_inputs()
    args = [f"{name}={value}" for name, value in inputs.items()]
    hant_args = [to_hant(arg) for arg in args]  # a zh-Hant reader types Traditional text (stage names)
    code = f"import sys; from calculators.kit.cli import main; sys.exit(main(['run', {calc_id!r}, '--json', *{hant_args!r}]))"
    result = hant_python(hant_calculators, code)
    assert result.returncode == 0, result.stderr
    hans = json.loads(subprocess.run([sys.executable, "-m", "calculators", "run", calc_id, "--json", *args],
                                     cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    hant = json.loads(result.stdout)
    assert numbers(hant) == numbers(hans)
    assert not SIMPLIFIED_ONLY & set(result.stdout), sorted(SIMPLIFIED_ONLY & set(result.stdout))


def test_converted_calculators_refuse_bad_input_in_traditional(hant_calculators: Path) -> None:
    code = "import sys; from calculators.kit.cli import main; sys.exit(main(['run', 'funnel', 'reach=abc']))"
    result = hant_python(hant_calculators, code)
    assert result.returncode == 2
    assert "「觸達人數」應為" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not SIMPLIFIED_ONLY & set(result.stderr)


# --- the built site ------------------------------------------------------------------------------------


def pages(site: Path) -> tuple[set[str], set[str]]:
    hans = {str(p.relative_to(site)) for p in site.rglob("*.html") if p.relative_to(site).parts[0] != HANT}
    hant = {str(p.relative_to(site / HANT)) for p in (site / HANT).rglob("*.html")}
    return hans, hant


def test_every_page_exists_in_both_editions(site: Path) -> None:
    hans, hant = pages(site)
    assert len(hans) > 40
    assert hans == hant


def article_text(html: str) -> str:
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL)
    assert match
    return "".join(text_pieces(match.group(1)))


def test_zh_hant_pages_are_in_traditional_characters(site: Path) -> None:
    _, hant = pages(site)
    leftovers = {}
    for name in sorted(hant):
        html = (site / HANT / name).read_text(encoding="utf-8")
        if name != "404.html":
            assert '<html lang="zh-Hant"' in html, name
            assert '<html lang="zh-Hans"' in (site / name).read_text(encoding="utf-8"), name
        found = SIMPLIFIED_ONLY & set(article_text(html))
        if found:
            leftovers[name] = "".join(sorted(found))
    assert leftovers == {}
    home = (site / HANT / "index.html").read_text(encoding="utf-8")
    assert "社群運營手冊與計算器" in home and "搜尋" in home  # our copy and Material's own words


# Characters whose Simplified form is also a Traditional character with another meaning (后 queen,
# 里 a unit of length): OpenCC keeps them unless a phrase it knows says otherwise. In this handbook
# they always mean 後 (after), 裡 (inside), 幹 (do), 採 (gather), 夥 (partner), 準 (prepare).
AMBIGUOUS = {"后": (), "里": (), "干": ("若干",), "采": (), "伙": (), "准": ()}


def test_zh_hant_pages_resolve_characters_opencc_leaves_ambiguous(site: Path) -> None:
    _, hant = pages(site)
    found: dict[str, set[str]] = {}
    for name in sorted(hant):
        text = article_text((site / HANT / name).read_text(encoding="utf-8"))
        for char, allowed in AMBIGUOUS.items():
            for match in re.finditer(char, text):
                context = text[max(0, match.start() - 3):match.end() + 3]
                if not any(word in context for word in allowed):
                    found.setdefault(char, set()).add(context)
    assert found == {}, f"add the phrase to zh-Hant.yml: {found}"


def switch_targets(site: Path, root: Path, name: str) -> list[Path]:
    html = (root / name).read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]*)" hreflang="zh-Han[st]" lang="zh-Han[st]" class="qc-edition"', html)
    assert len(hrefs) == 2, f"{name}: header and footer switch"
    here = PurePosixPath((root / name).relative_to(site).as_posix()).parent
    return [Path(site, *(here / href).parts).resolve() / "index.html" for href in hrefs]


def test_the_switch_on_every_page_leads_to_the_same_page_in_the_other_edition(site: Path) -> None:
    hans, _ = pages(site)
    checked = 0
    for name in sorted(hans):
        if name == "404.html":
            continue
        for target in switch_targets(site, site, name):
            assert target == (site / HANT / name).resolve(), name
        for target in switch_targets(site, site / HANT, name):
            assert target == (site / name).resolve(), name
        checked += 1
    assert checked > 40


def test_zh_hant_shares_python_but_has_its_own_wheel(site: Path) -> None:
    import zipfile

    hans = json.loads((site / "assets" / "runtime.json").read_text())
    hant = json.loads((site / HANT / "assets" / "runtime.json").read_text())
    assert not (site / HANT / "assets" / "pyodide").exists(), "Pyodide is served once, from the zh-Hans root"
    assert (site / HANT / hant["pyodide"]).resolve() == (site / hans["pyodide"]).resolve()
    assert hant["wheel"] != hans["wheel"]
    with zipfile.ZipFile(site / HANT / hant["wheel"]) as wheel:
        funnel = wheel.read("calculators/funnel.py").decode()
    assert "觸達人數" in funnel and "触达人数" not in funnel


def test_zh_hant_search_index_is_traditional(site: Path) -> None:
    data = json.loads((site / HANT / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"].replace("\u200b", "") for doc in data["docs"]}
    assert titles["playbooks/live-code-setup/"] == "活碼與後臺設定"
    text = "".join(doc["text"] for doc in data["docs"])
    assert not SIMPLIFIED_ONLY & set(re.sub(r"<[^>]+>", "", text))


# --- in the browser --------------------------------------------------------------------------------------

@pytest.mark.browser
def test_switching_on_a_calculator_page_keeps_the_scenario_and_answers_in_traditional(
    page: Any, base_url: str, hant_calculators: Path
) -> None:
    page.goto(f"{base_url}calculators/funnel/")
    page.wait_for_selector(READY, timeout=60_000)
    page.fill("#qc-funnel-reach", "80000")
    page.fill("#qc-funnel-rates", "0.5,0.2")
    page.fill("#qc-funnel-stages", "扫码,入群")
    answered(page, 3)
    page.locator(".qc-edition-switch a").click()
    page.wait_for_url(f"{base_url}{HANT}/calculators/funnel/?*")
    page.wait_for_selector(READY, timeout=60_000)
    answered(page, 1)
    inputs = {name: page.input_value(f"#qc-funnel-{name}") for name in ("reach", "rates", "stages", "target")}
    assert inputs["reach"] == "80000" and inputs["rates"] == "0.5,0.2"
    assert page.locator("label[for=qc-funnel-reach]").inner_text().startswith("觸達人數")
    expected = hant_handle(hant_calculators, "funnel", inputs)
    assert expected["ok"], expected
    assert page.locator(".qc-result").text_content() == text_of(expected["html"])
    # Python's words are Traditional; what the reader typed (the stage names) stays as typed.
    assert "整體轉化率" in page.locator(".qc-result").inner_text()
    # and back: the zh-Hans page with the same scenario
    page.locator(".qc-edition-switch a").click()
    page.wait_for_url(f"{base_url}calculators/funnel/?*")
    assert parse_qs(urlsplit(page.url).query)["reach"] == ["80000"]


@pytest.mark.browser
def test_a_choice_survives_the_switch_in_its_other_spelling(page: Any, base_url: str) -> None:
    inputs = {**CALCULATORS["rules"].example_inputs(), "invite_policy": "所有成员"}
    page.goto(f"{base_url}calculators/rules/?{urlencode(inputs)}")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator(".qc-edition-switch a").click()
    page.wait_for_url(f"{base_url}{HANT}/calculators/rules/?*")
    page.wait_for_selector(READY, timeout=60_000)
    answered(page, 1)
    assert page.input_value("#qc-rules-invite_policy") == "所有成員"
    assert page.get_attribute("#qc-rules-invite_policy", "aria-invalid") == "false"


@pytest.mark.browser
def test_the_header_switch_follows_instant_navigation(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}{HANT}/")
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate("() => { window.qcSamePage = true; }")  # survives instant navigation, not a reload
    page.locator("a[href$='learning-path/']:visible").first.click()
    page.wait_for_url(f"{base_url}{HANT}/learning-path/")
    assert page.evaluate("() => window.qcSamePage === true"), "Material's instant navigation swapped the page in"
    page.wait_for_function(
        "() => document.querySelector('.qc-edition-switch a').href.endsWith('/learning-path/')"
        " && !document.querySelector('.qc-edition-switch a').href.includes('zh-Hant')",
        timeout=10_000,
    )
    page.locator(".qc-edition-switch a").click()
    # Material's navigation.tracking may have put the section in view into the address: it comes along.
    page.wait_for_url(re.compile(re.escape(f"{base_url}learning-path/") + r"(#[\w-]+)?$"))
    assert page.get_attribute("html", "lang") == "zh-Hans"


@pytest.fixture
def hant_search(page: Any, base_url: str) -> Iterator[Any]:
    from test_search import open_search

    open_search(page, f"{base_url}{HANT}/")  # the worker's "initialising" in Traditional is 初始化 too
    yield page


@pytest.mark.browser
@pytest.mark.parametrize(("query", "slug"), [("活碼", "live-code-setup"), ("踢人", "bottom-line-removal"),
                                             ("隱藏福利", "incentive-loop"), ("裂變海報", "fission-poster")])
def test_zh_hant_search_finds_the_right_playbook_first(hant_search: Any, base_url: str, query: str, slug: str) -> None:
    hant_search.keyboard.insert_text(query)
    hant_search.locator(".md-search__input").press("End")
    hant_search.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0",
                                  timeout=30_000)
    first = hant_search.eval_on_selector(".md-search-result__item > a.md-search-result__link", "a => a.href")
    assert urlsplit(first).path.endswith(f"/{HANT}/playbooks/{slug}/"), first


def test_zh_hant_search_keeps_glossary_terms_whole(site: Path) -> None:
    """The zh-Hant build teaches jieba the converted glossary terms, so they are single words in its index."""
    from test_search import index_tokens

    from qunce_site.data.glossary import load_terms

    words = {to_hant(name) for term in load_terms(ROOT / "glossary.yml") for name in term.names}
    tokens, text = index_tokens(site / HANT)
    present = [word for word in words if re.fullmatch(r"[\u4e00-\u9fff]+", word) and word in text]
    assert len(present) > 30
    assert [word for word in present if word not in tokens] == []


@pytest.mark.browser
def test_zh_hant_calculator_pages_refuse_bad_input_in_traditional(page: Any, base_url: str, hant_calculators: Path) -> None:
    page.goto(f"{base_url}{HANT}/calculators/funnel/")
    page.wait_for_selector(READY, timeout=60_000)
    page.fill("#qc-funnel-reach", "abc")
    message = page.locator("#qc-funnel-reach-error")
    message.wait_for(state="visible", timeout=30_000)
    inputs = {name: page.input_value(f"#qc-funnel-{name}") for name in ("reach", "rates", "stages", "target")}
    expected = hant_handle(hant_calculators, "funnel", inputs)
    assert not expected["ok"]
    assert message.inner_text() == {e["field"]: e["message"] for e in expected["errors"]}["reach"]
    assert message.inner_text().startswith("「觸達人數」應為")


@pytest.mark.browser
@pytest.mark.parametrize(("typed", "spaced"), [("K因子", "K 因子"), ("QQ群", "QQ 群"), ("ＫＯＬ培養", "KOL 培養")])
def test_zh_hant_search_treats_latin_beside_chinese_as_a_word_boundary(hant_search: Any, base_url: str, typed: str,
                                                                        spaced: str) -> None:
    from test_search import search

    base = f"{base_url}{HANT}/"
    with_space = [path for path, _ in search(hant_search, base, spaced)]
    assert with_space and [path for path, _ in search(hant_search, base, typed)] == with_space
