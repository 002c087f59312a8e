"""What a page says when Python can't start in the reader's browser, and how long it waits to say so.

The page script (docs/assets/js/python.js) checks the browser before starting the worker: no WebAssembly,
no WebAssembly exception handling (which Pyodide 314 needs: Chrome 95, Safari 15.2, Firefox 100) or no
module workers is "unsupported"; a worker that reports an error or fails to load is "failed"; one that has
not answered after ``TIME_LIMIT_SECONDS`` is "slow" (it keeps loading, and the page goes live if it
arrives). Each state's message says what happened, what still works and how to get a browser that works.
The messages and the limit are written into the page here, so the script holds neither.
"""

from __future__ import annotations

from .markup import esc

TIME_LIMIT_SECONDS = 20

# How to get going anyway: a newer browser, WeChat's own way out to it, or the command line.
WAYS = (
    "请用较新的浏览器（近两年的 Chrome、Edge、Firefox 或 Safari）打开本页；在微信里，点右上角“···”选“在浏览器打开”。"
    "也可以在电脑上用命令行{verb}（做法见“计算器”总览页）。"
)

PROBLEMS = {
    "unsupported": "这个浏览器版本太旧，运行不了{engine}。",
    "failed": "{engine}没能载入（可能是网络中断），可以刷新页面再试。",
    "slow": f"{{engine}}载入已超过 {TIME_LIMIT_SECONDS} 秒，可能是网络慢或浏览器太旧；载入完成后会自动就绪。",
}


# Before the ways out: for a slow start they are an alternative to waiting, after a failure to reloading.
LEAD_IN = {"unsupported": "", "failed": "刷新后还不行的话，", "slow": "不想等的话，"}


def problem_messages(still: str, engine: str = "计算引擎", verb: str = "计算") -> dict[str, str]:
    """Each problem's message. ``still`` says in one sentence what works without Python on this block;
    ``engine`` and ``verb`` are the block's own words for Python and its work (the file readers: 分析程序, 分析)."""
    return {
        state: f"{problem.format(engine=engine)}{still}{LEAD_IN[state]}{WAYS.format(verb=verb)}"
        for state, problem in PROBLEMS.items()
    }


def status_attributes(messages: dict[str, str]) -> str:
    """The status line's data-<state> attributes, which the page script shows as the state changes."""
    return " ".join(f'data-{state}="{esc(text)}"' for state, text in messages.items())


def time_limit_attribute() -> str:
    return f'data-time-limit="{TIME_LIMIT_SECONDS}"'
