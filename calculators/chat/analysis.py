"""The figures of one group chat, from its messages (formats.Chat), over an optional date range.

Definitions (the page's "怎么算" says the same in words):

- messages: messages that are not system messages, in the range; speakers: distinct senders with at least
  one of them; days: first to last message, inclusive; per day: messages and speakers of each day of that
  span (days without messages included, so ``messages == sum(per_day.messages)``).
- top10_share: the share of messages sent by the top ``ceil(0.1 × speakers)`` senders by count.
- by_hour: messages in each hour of the day (0–23) on the export's own clock.
- joins: people named in join notices in the range (each name once, at its first join); joined_spoke_7d:
  those with a message within 7 days (7 × 24 hours) of joining; silent: those with no message after joining.
  Joins name people by display name, so they are matched to senders by the display names the senders were
  shown with: two members with the same name cannot be told apart.
"""

from __future__ import annotations

import bisect
import datetime
import math
from dataclasses import dataclass

from ..kit.numbers import tidy
from .formats import DAY, SELF_KEY, Chat, date_of

TOP_SHARE = 0.1
JOIN_WINDOW_DAYS = 7
TOP_MEMBERS = 20
SELF_NAME = "我（导出记录的人）"
NO_NAME = "（没有名字）"


@dataclass(frozen=True)
class DayCount:
    date: datetime.date
    messages: int
    speakers: int


@dataclass(frozen=True)
class Member:
    name: str
    messages: int
    share: float
    first: datetime.date
    last: datetime.date
    active_days: int


@dataclass(frozen=True)
class Joiner:
    name: str
    joined: datetime.date
    spoke_7d: bool
    spoke: bool


@dataclass(frozen=True)
class Figures:
    messages: int
    speakers: int
    days: int
    first: datetime.date | None
    last: datetime.date | None
    per_day: tuple[DayCount, ...]
    top_group: int
    top_messages: int
    top10_share: float | None
    by_hour: tuple[int, ...]
    system: int
    joins: int
    joined_spoke_7d: int
    members: tuple[Member, ...]  # every speaker, most messages first
    joiners: tuple[Joiner, ...]  # by join date, then name

    @property
    def silent(self) -> tuple[str, ...]:
        return tuple(joiner.name for joiner in self.joiners if not joiner.spoke)


def top_group(speakers: int) -> int:
    """How many people 'the top 10 % of the speakers' is: at least one when anyone spoke."""
    return math.ceil(round(speakers * TOP_SHARE, 9))


def shown_name(key: str, names: dict[str, int]) -> str:
    """The name a sender was shown with most often (ties: the first in code-point order)."""
    named = {name: count for name, count in names.items() if name.strip()}
    if named:
        return min(named.items(), key=lambda item: (-item[1], item[0]))[0]
    return SELF_NAME if key == SELF_KEY else NO_NAME


def analyse(chat: Chat, since: datetime.date | None, until: datetime.date | None) -> Figures:
    low = -(10**9) if since is None else since.toordinal() - datetime.date(1970, 1, 1).toordinal()
    high = 10**9 if until is None else until.toordinal() - datetime.date(1970, 1, 1).toordinal()
    per_day: dict[int, int] = {}
    speakers_by_day: dict[int, int] = {}
    by_hour = [0] * 24
    members: list[Member] = []
    counts: dict[str, int] = {}
    for key, stamps in chat.stamps.items():
        stamps.sort()
        days: set[int] = set()
        count = 0
        for stamp in stamps:
            day = stamp // DAY
            if low <= day <= high:
                count += 1
                days.add(day)
                per_day[day] = per_day.get(day, 0) + 1
                by_hour[stamp % DAY // 3600] += 1
        if count:
            counts[key] = count
            for day in days:
                speakers_by_day[day] = speakers_by_day.get(day, 0) + 1
            members.append(Member(shown_name(key, chat.names[key]), count, 0.0, date_of(min(days)), date_of(max(days)),
                                  len(days)))
    messages = sum(counts.values())
    members.sort(key=lambda m: (-m.messages, m.name, m.first))
    members = [Member(m.name, m.messages, tidy(m.messages / messages), m.first, m.last, m.active_days) for m in members]
    top = top_group(len(counts))
    top_messages = sum(sorted(counts.values(), reverse=True)[:top])
    if per_day:
        first, last = min(per_day), max(per_day)
        span = tuple(DayCount(date_of(day), per_day.get(day, 0), speakers_by_day.get(day, 0)) for day in range(first, last + 1))
    else:
        span = ()
    joiners = joined(chat, low, high)
    return Figures(
        messages=messages,
        speakers=len(counts),
        days=len(span),
        first=span[0].date if span else None,
        last=span[-1].date if span else None,
        per_day=span,
        top_group=top if counts else 0,
        top_messages=top_messages,
        top10_share=tidy(top_messages / messages) if messages else None,
        by_hour=tuple(by_hour),
        system=sum(1 for stamp in chat.notices if low <= stamp // DAY <= high),
        joins=len(joiners),
        joined_spoke_7d=sum(1 for joiner in joiners if joiner.spoke_7d),
        members=tuple(members),
        joiners=joiners,
    )


def joined(chat: Chat, low: int, high: int) -> tuple[Joiner, ...]:
    """Everyone a join notice in the range names, at their first join there, and whether they spoke.

    Messages are looked for in the whole export, also after the range ends: whether a newcomer spoke
    in their first week does not depend on where the range stops.
    """
    first: dict[str, int] = {}
    for stamp, listed in chat.joins:
        if low <= stamp // DAY <= high:
            for name in listed:
                if name not in first or stamp < first[name]:
                    first[name] = stamp
    senders: dict[str, list[str]] = {}
    for key, names in chat.names.items():
        for name in names:
            senders.setdefault(name, []).append(key)
    window = JOIN_WINDOW_DAYS * DAY
    found = []
    for name, stamp in first.items():
        spoke_7d = spoke = False
        for key in senders.get(name, ()):
            stamps = chat.stamps[key]  # sorted by analyse()
            index = bisect.bisect_left(stamps, stamp)
            if index < len(stamps):
                spoke = True
                spoke_7d = spoke_7d or stamps[index] <= stamp + window
        found.append(Joiner(name, date_of(stamp // DAY), spoke_7d, spoke))
    found.sort(key=lambda joiner: (joiner.joined, joiner.name))
    return tuple(found)
