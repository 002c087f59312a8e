"""An iCalendar (RFC 5545) writer for whole-day events: the timeline's calendar download."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """An all-day event on ``start``, held ``count`` times (1 = once), ``every`` days apart (1 = daily,
    7 = weekly, 28 = every four weeks)."""

    uid: str
    start: datetime.date
    count: int
    summary: str
    description: str
    category: str
    every: int = 1


def rule(event: Event) -> list[str]:
    """The RRULE line of a repeated event (none for a single one); INTERVAL before COUNT."""
    if event.count <= 1:
        return []
    if event.every % 7 == 0:
        weeks = event.every // 7
        return [f"RRULE:FREQ=WEEKLY;{f'INTERVAL={weeks};' if weeks > 1 else ''}COUNT={event.count}"]
    return [f"RRULE:FREQ=DAILY;{f'INTERVAL={event.every};' if event.every > 1 else ''}COUNT={event.count}"]


def text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets, never inside a character or an escape.

    Worked on the UTF-8 bytes: each piece ends at the last boundary that fits, moved back off a
    character's continuation bytes and off a backslash that escapes the next character.
    """
    data = line.encode("utf-8")
    pieces: list[str] = []
    start, room = 0, 75
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:  # inside a character
            cut -= 1
        run = 0
        while cut - run - 1 >= 0 and data[cut - run - 1] == 0x5C:  # backslashes just before the cut
            run += 1
        if run % 2:  # the last of them escapes the character after the cut
            cut -= 1
        pieces.append(data[start:cut].decode("utf-8"))
        start, room = cut, 74  # a continuation line starts with a space
    pieces.append(data[start:].decode("utf-8"))
    return [pieces[0], *(" " + piece for piece in pieces[1:])]


def calendar(name: str, stamp: datetime.date, events: Iterable[Event]) -> str:
    """The file: CRLF line ends, folded lines; ``stamp`` (the day it describes) keeps it reproducible."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Qunce//timeline//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "X-WR-CALNAME:" + text(name),
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{event.start.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.start + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
            *rule(event),
            "SUMMARY:" + text(event.summary),
            "DESCRIPTION:" + text(event.description),
            "CATEGORIES:" + text(event.category),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in fold(line))
