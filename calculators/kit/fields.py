"""Inputs, declared once, and the forgiving parser that turns raw text into checked, typed values.

A calculator's inputs dataclass is the declaration: each attribute is made with ``field(label, kind, …)``,
which keeps the label, unit, range, default or example and hint as the dataclass field's metadata.
``fields_of`` turns that into the ``Field`` tuple that the command line, the page form and the browser
all read. Parsing accepts what Chinese users type — full-width digits and punctuation, thousands
separators, surrounding spaces, rates written as percentages, dates written 2026年12月7日 — and turns
anything else into a Chinese message naming the field, the value and the rule. Values come out typed:
ints, floats, tuples, ``datetime.date``; nothing downstream parses a string again.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any

from . import dates
from . import format as fmt
from .files import Upload
from .spellings import as_spelled_in
from .typography import spaced

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
LIST_SEPARATORS = re.compile(r"[,;、\s]+")
SPACING_CONTROLS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85]")
MAX_TEXT = 200
MAX_ITEMS = 12
METADATA_KEY = "qunce.field"


class Kind(Enum):
    """What a field holds; decides parsing, the form's keyboard and the messages."""

    INTEGER = "integer"
    NUMBER = "number"
    RATE = "rate"
    INTEGERS = "integers"
    RATES = "rates"
    TEXTS = "texts"
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    FILES = "files"  # files the reader chooses (kit/files.py: Upload); a page reads them, never a URL


Value = (
    int | float | str | datetime.date | tuple[int, ...] | tuple[float, ...] | tuple[str, ...] | tuple[Upload, ...]
    | None
)


@dataclass(frozen=True)
class Field:
    """One input of a calculator.

    ``default`` is used when the field is left out or blank; a field with no default and
    ``required=True`` must be given. ``example`` only pre-fills the form.
    """

    name: str
    label: str
    kind: Kind
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    default: Value = None
    required: bool = True
    example: str = ""
    hint: str = ""
    choices: tuple[str, ...] = ()
    positive: bool = False  # the minimum itself is not allowed (a rate of 0 ends a funnel)
    min_items: int = 1
    max_items: int = MAX_ITEMS
    max_length: int = MAX_TEXT

    @property
    def is_list(self) -> bool:
        return self.kind in (Kind.INTEGERS, Kind.RATES, Kind.TEXTS)

    @property
    def optional(self) -> bool:
        """May be left blank (it has a default, or is not required)."""
        return not self.required or self.default is not None

    @property
    def form_value(self) -> str:
        """What the form shows before the reader types anything."""
        if self.example:
            return self.example
        return raw_text(self.default)

    def bounds(self) -> tuple[float | None, float | None]:
        """The range; rates are fractions, so they default to 0 … 1."""
        if self.kind in (Kind.RATE, Kind.RATES):
            return (
                0.0 if self.minimum is None else self.minimum,
                1.0 if self.maximum is None else self.maximum,
            )
        return self.minimum, self.maximum

    def allowed(self) -> str:
        """The rule in words, for hints and messages: '1 到 1,000,000,000 人之间的整数'."""
        if self.kind in (Kind.RATE, Kind.RATES):
            lowest, highest = self.bounds()
            assert lowest is not None and highest is not None
            if self.positive:
                return f"大于 {fmt.number(lowest, 6)}、不超过 {fmt.number(highest, 6)} 的小数（也可写作百分数，如 40%）"
            return (
                f"{fmt.number(lowest, 6)} 到 {fmt.number(highest, 6)} 之间的小数"
                f"（也可写作 {fmt.percent(lowest)} 到 {fmt.percent(highest)}）"
            )
        if self.kind is Kind.DATE:
            return f"{dates.FIRST.isoformat()} 到 {dates.LAST.isoformat()} 之间的日期，写法如 2026-12-07"
        if self.kind in (Kind.TEXT, Kind.TEXTS):
            return f"不超过 {self.max_length} 个字"
        if self.kind is Kind.CHOICE:
            return "、".join(self.choices) + "之一"
        if self.kind is Kind.FILES:
            return f"{self.min_items} 到 {self.max_items} 个文件"
        noun = "整数" if self.kind in (Kind.INTEGER, Kind.INTEGERS) else "数"
        low = fmt.number(self.minimum, 6) if self.minimum is not None else None
        high = fmt.number(self.maximum, 6) if self.maximum is not None else None
        unit = f" {self.unit}" if self.unit and self.unit != "%" else self.unit
        if low is not None and high is not None:
            if self.positive:
                return f"大于 {low}、不超过 {high}{unit}的{noun}"
            return f"{low} 到 {high}{unit}之间的{noun}"
        if low is not None:
            return f"{'大于' if self.positive else '不小于'} {low}{unit}的{noun}"
        if high is not None:
            return f"不大于 {high}{unit}的{noun}"
        return noun


# --- declaring inputs ------------------------------------------------------------------


def field(
    label: str,
    kind: Kind,
    *,
    unit: str = "",
    minimum: float | None = None,
    maximum: float | None = None,
    default: Value = None,
    required: bool = True,
    example: str = "",
    hint: str = "",
    choices: tuple[str, ...] = (),
    positive: bool = False,
    min_items: int = 1,
    max_items: int = MAX_ITEMS,
    max_length: int | None = None,
) -> Any:
    """One attribute of an inputs dataclass: ``reach: int = field("触达人数", Kind.INTEGER, unit="人", …)``.

    The attribute's name is the field's public name (command line and URL key); the rest is kept as
    the dataclass field's metadata, for ``fields_of``.
    """
    declared = Field(
        "", label, kind, unit=unit, minimum=minimum, maximum=maximum, default=default, required=required,
        example=example, hint=hint, choices=choices, positive=positive, min_items=min_items,
        max_items=max_items, max_length=(20 if kind is Kind.DATE else MAX_TEXT) if max_length is None else max_length,
    )
    return dataclasses.field(metadata={METADATA_KEY: declared})


def same_as(inputs: type, name: str) -> Any:
    """Another calculator's input, declared there (same label, rules and hint)."""
    return dataclasses.field(metadata={METADATA_KEY: declared_field(inputs, name)})


def declared_field(inputs: type, name: str) -> Field:
    return next(item for item in fields_of(inputs) if item.name == name)


_declared: dict[type, tuple[Field, ...]] = {}


def fields_of(inputs: type) -> tuple[Field, ...]:
    """The Fields an inputs dataclass declares, in its order, named after its attributes."""
    if inputs not in _declared:
        _declared[inputs] = _read_fields(inputs)
    return _declared[inputs]


def _read_fields(inputs: type) -> tuple[Field, ...]:
    found = []
    for item in dataclasses.fields(inputs):
        declared = item.metadata.get(METADATA_KEY)
        if not isinstance(declared, Field):
            raise TypeError(f"{inputs.__name__}.{item.name} is not declared with fields.field(…)")
        found.append(dataclasses.replace(declared, name=item.name))
    return tuple(found)


# --- raw text and messages -------------------------------------------------------------


def raw_text(value: Value) -> str:
    """The text a form or URL holds for a parsed value (the inverse of parsing)."""
    if value is None:
        return ""
    if isinstance(value, Upload):
        return ""  # a file is never written into a form or a URL
    if isinstance(value, tuple):
        return ",".join(raw_text(item) for item in value if not isinstance(item, Upload))
    if isinstance(value, float):
        return fmt.number(value, 10).replace(",", "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def normalise(raw: object) -> str:
    """Fold full-width characters (１２３．％，) to ASCII and trim spaces.

    NFKC also folds the ideographic space; Chinese list commas (、) are kept for the list
    splitter.
    """
    return unicodedata.normalize("NFKC", str(raw)).strip()


def unreadable(char: str) -> bool:
    """Control characters and lone surrogates (undecodable bytes on a command line): not text."""
    return unicodedata.category(char) in ("Cc", "Cs")


def shown(raw: object) -> str:
    """The value as the reader gave it, quoted, for messages; long input is shortened.

    Control characters and lone surrogates become '\ufffd', so echoing a hostile value can
    neither drive a terminal nor break UTF-8 output.
    """
    try:
        text = str(raw)
    except ValueError:  # an int too long to print (sys.get_int_max_str_digits)
        text = "…"
    if len(text) > 30:
        text = text[:30] + "…"
    text = "".join("\ufffd" if unreadable(char) else char for char in text)
    return f"“{text}”"


def named(label: str) -> str:
    """A field's label as messages name it: '“转化率”'."""
    return f"“{label}”"


class FieldProblem(Exception):
    """Internal: one field's message, raised by the parsers and collected by ``parse``."""


def wrong(field: Field, raw: object, item: str = "", tail: str = "") -> FieldProblem:
    """'“转化率”应为 0 到 1 之间的小数（也可写作 0% 到 100%），收到的是“1.5”。'"""
    return FieldProblem(spaced(f"{named(field.label)}{item}应为{field.allowed()}，收到的是") + f"{shown(raw)}{tail}。")


# --- converters: raw text → typed value ------------------------------------------------


def _number(field: Field, text: str, item: str = "") -> float:
    """Parse one number; ``item`` names a list position in the message ('第 2 项')."""
    if field.kind in (Kind.RATE, Kind.RATES) and text.endswith("%"):
        body = text[:-1].strip()
        if not NUMBER.fullmatch(body):
            raise wrong(field, text, item)
        value = float(body) / 100
    elif NUMBER.fullmatch(text):
        value = float(text)
    elif not field.is_list and GROUPED.fullmatch(text):
        value = float(text.replace(",", ""))
    else:
        raise wrong(field, text, item)
    if not math.isfinite(value):
        raise wrong(field, text, item)
    return value


def _check_range(field: Field, value: float, text: str, item: str = "") -> None:
    low, high = field.bounds()
    too_low = low is not None and (value <= low if field.positive else value < low)
    too_high = high is not None and value > high
    if too_low or too_high:
        raise wrong(field, text, item)


def _integer(field: Field, text: str, item: str = "") -> int:
    value = _number(field, text, item)
    if value != int(value):
        raise wrong(field, text, item, "，不是整数")
    _check_range(field, value, text, item)
    return int(value)


def _real(field: Field, text: str, item: str = "") -> float:
    value = _number(field, text, item)
    _check_range(field, value, text, item)
    return value


def _items(field: Field, text: str) -> list[str]:
    items = [part for part in LIST_SEPARATORS.split(text) if part]
    if not field.min_items <= len(items) <= field.max_items:
        raise FieldProblem(
            f"{named(field.label)}应有 {field.min_items} 到 {field.max_items} 项（用逗号分隔），"
            f"收到的是 {len(items)} 项：" + shown(text) + "。"
        )
    return items


def _text(field: Field, text: str) -> str:
    text = SPACING_CONTROLS.sub(" ", text)  # a pasted tab or line break is a space in a one-line field
    if any(unreadable(char) for char in text):
        raise FieldProblem(
            spaced(f"{named(field.label)}里有控制字符或无法识别的字符，请删去后再填。收到的是") + f"{shown(text)}。"
        )
    if len(text) > field.max_length:
        raise FieldProblem(spaced(f"{named(field.label)}应为{field.allowed()}，收到的有 {len(text)} 个字。"))
    return text


def _date(field: Field, raw: str) -> datetime.date:
    text = _text(field, raw)
    value = dates.to_date(text)
    if value is None:
        raise wrong(field, text)
    return value


def _files(field: Field, raw: object) -> tuple[Upload, ...]:
    """Files arrive as Uploads (the page's and the command line's readers make them), never as text."""
    items = tuple(raw) if isinstance(raw, (list, tuple)) else () if raw in (None, "") else (raw,)
    if not items:
        raise FieldProblem(spaced(f"请选择{named(field.label)}（{field.allowed()}）。"))
    if not all(isinstance(item, Upload) for item in items):
        raise FieldProblem(spaced(f"{named(field.label)}只能是选择的文件，不能填文字。"))
    if len(items) > field.max_items:
        raise FieldProblem(spaced(f"{named(field.label)}最多 {field.max_items} 个，选了 {len(items)} 个。"))
    return tuple(item for item in items if isinstance(item, Upload))


def parse_value(field: Field, raw: object) -> Value:
    """Parse one field's raw input; raises FieldProblem with the Chinese message."""
    if field.kind is Kind.FILES:
        return _files(field, raw)
    if isinstance(raw, bool):
        raise wrong(field, raw)
    try:
        if isinstance(raw, (list, tuple)):
            raw = ",".join(str(item) for item in raw)
        text = normalise(raw) if raw is not None else ""
    except ValueError:  # str() of an int with more digits than Python will print
        raise FieldProblem(spaced(f"{named(field.label)}应为{field.allowed()}，收到的数字太长。")) from None
    if text == "":
        if field.optional:
            return field.default
        raise FieldProblem(spaced(f"{named(field.label)}不能为空，请填写{field.allowed()}。"))
    kind = field.kind
    if kind is Kind.INTEGER:
        return _integer(field, text)
    if kind in (Kind.NUMBER, Kind.RATE):
        return _real(field, text)
    if kind is Kind.INTEGERS:
        return tuple(_integer(field, item, f"第 {index} 项") for index, item in enumerate(_items(field, text), 1))
    if kind is Kind.RATES:
        return tuple(_real(field, item, f"第 {index} 项") for index, item in enumerate(_items(field, text), 1))
    if kind is Kind.TEXTS:
        return tuple(_text(field, item) for item in _items(field, text))
    if kind is Kind.CHOICE:
        choice = as_spelled_in(text, field.choices)  # either edition's spelling (spellings.py)
        if choice is None:
            raise wrong(field, text)
        return choice
    if kind is Kind.DATE:
        return _date(field, str(raw).strip())
    return _text(field, str(raw).strip())
