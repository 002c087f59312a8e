"""Files the reader gives a calculator: what arrives (``Upload``), the size limits, decoding, and the
Chinese messages that name the file and the row.

The page reads the files in the browser and hands their bytes to the worker; the command line reads
them from disk. Either way they reach ``calculators.run`` as ``Upload``s, never leave the device, and are
never kept: a calculator reads them and keeps only its counts.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from .typography import spaced

# The page refuses larger files before reading a byte of them: Python in the browser holds the whole file
# and what it makes of it in the tab's memory. 200,000 messages of a chat export are about 40 MB as CSV.
PAGE_LIMIT = 60_000_000
# The command line reads from disk, with the computer's memory: still a limit, so a wrong file (a disk
# image, a video) is refused at once instead of filling the memory.
COMMAND_LIMIT = 1_000_000_000
ENCODINGS = ("utf-8", "gb18030")  # tried in this order; a BOM is dropped (utf-8-sig)
ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030（GBK）"}
CHUNK = 1 << 20
ROWS_NAMED = 5  # damaged rows named by number in a message; the rest are counted


@dataclass(frozen=True)
class Upload:
    """One file as the reader gave it: its name (shown in messages, escaped) and its bytes."""

    name: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)

    def described(self) -> dict[str, object]:
        """What a result's inputs say about the file: name and size, never the content."""
        return {"name": self.name, "bytes": self.size}


class FileProblem(ValueError):
    """A file that cannot be read as a whole (empty, unknown format, undecodable); the message is Chinese
    and names the file (and the row, where there is one)."""


def quoted(name: str) -> str:
    """A file's name as messages show it: '“群聊.csv”', control characters replaced, long names shortened."""
    text = "".join("\ufffd" if ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF else char for char in name)
    if len(text) > 60:
        text = text[:40] + "…" + text[-15:]
    return f"“{text}”"


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB" if size < 10_000_000 else f"{size / 1_000_000:,.0f} MB"


def too_large(upload_names: Sequence[str], total: int, limit: int, *, page: bool) -> str:
    names = "、".join(quoted(name) for name in upload_names[:3]) + ("等" if len(upload_names) > 3 else "")
    instead = (
        "可以在电脑上用命令行分析（见本页“在命令行里分析”），或者在导出工具里按日期分几次导出，每次分析一段。"
        if page else "请在导出工具里按日期分几次导出，每次分析一段。"
    )
    where = "页面" if page else "命令行"
    return spaced(f"{names}一共 {megabytes(total)}，超过了{where}一次能分析的 {megabytes(limit)}。") + instead


def encoding_of(data: bytes) -> str:
    """The first encoding in ENCODINGS that decodes all of ``data`` ('utf-8-sig' for UTF-8 with a BOM).

    Checked chunk by chunk with an incremental decoder, so a large file is never held twice as text.
    """
    for name in ENCODINGS:
        decoder = codecs.getincrementaldecoder(name)()
        view = memoryview(data)
        try:
            for start in range(0, len(view), CHUNK):
                decoder.decode(view[start:start + CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        return name
    raise FileProblem("无法识别文件的文字编码：既不是 UTF-8，也不是 GB18030（GBK）。请在导出工具里选 UTF-8 编码重新导出。")


def text_stream(data: bytes, encoding: str) -> io.TextIOWrapper:
    """The file as text, decoded as it is read (never all at once); line ends are left to the csv module."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def first_line(data: bytes, encoding: str) -> str:
    """The first line of the file as text (at most 4 KB of it), for recognising a CSV header."""
    head = data[:4096].decode(encoding, errors="ignore")
    return head.splitlines()[0] if head.strip() else ""


def first_char(data: bytes) -> str:
    """The first character that is not white space or a BOM: '[' or '{' for JSON."""
    for byte in data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n"):
        return chr(byte)
    return ""


@dataclass
class Damage:
    """Rows skipped because they could not be read: counted, and the first few named by number."""

    count: int = 0
    rows: list[str] = field(default_factory=list)

    def add(self, where: str) -> None:
        self.count += 1
        if len(self.rows) < ROWS_NAMED:
            self.rows.append(where)

    def note(self) -> str:
        """'跳过了 3 行无法读取的记录：“a.csv”第 5 行、…' or ''."""
        if not self.count:
            return ""
        more = "等" if self.count > len(self.rows) else ""
        return spaced(f"跳过了 {self.count} 条无法读取的记录（{'、'.join(self.rows)}{more}），其余照常统计。")
