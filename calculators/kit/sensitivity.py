"""The sensitivity section of an estimate: the reader's scenario again with one input moved −20 % … +20 %,
as a table and a CSV download."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import markup

# The changes tried around the reader's own value.
STEPS = (-0.2, -0.1, 0.0, 0.1, 0.2)
CSV_LABEL = "下载敏感性 CSV"


def change_label(change: float) -> str:
    """A row's name: '当前' for the reader's value, else '−20%', '+10%' (true minus sign)."""
    return "当前" if change == 0 else f"{change * 100:+.0f}%".replace("-", "−")


@dataclass(frozen=True)
class Cell:
    """One cell: ``text`` as the table shows it, ``value`` as the CSV holds it (a number, or '' for none)."""

    text: str
    value: object


Row = tuple[str, Sequence[Cell]]  # the row's name, then its cells


def steps(row: Callable[[float], Sequence[Cell]]) -> list[Row]:
    """One row for each change in STEPS: ``row(change)`` gives its cells."""
    return [(change_label(change), row(change)) for change in STEPS]


@dataclass(frozen=True)
class Sensitivity:
    table: str  # HTML
    csv: str  # the download link


def section(
    caption: str, headers: Sequence[str], rows: Iterable[Row], *, csv_name: str, csv_headers: Sequence[str] | None = None,
) -> Sensitivity:
    """The table (first column the row names) and its CSV download."""
    rows = list(rows)
    return Sensitivity(
        table=markup.table(caption, headers, [[name, *(cell.text for cell in cells)] for name, cells in rows]),
        csv=markup.csv_link(csv_name, headers if csv_headers is None else csv_headers,
                            [[name, *(cell.value for cell in cells)] for name, cells in rows], label=CSV_LABEL),
    )
