"""A whole plan in a link: the plan file, compressed and written in URL-safe base64 (``?plan=…``).

Compressed because a Chinese character costs nine characters of a link when percent-encoded; a typical
plan fits in under a thousand. A plan that does not fit in ``MAX_LINK`` is not put in the link at all
(the page says so and offers the file instead): some chat apps cut long links.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping

from .document import Document, PlanFileError, from_json

MAX_LINK = 2000  # characters of the encoded plan
PREFIX = "1"  # the encoding's version, so another one can follow
BROKEN = "链接里的计划不完整或被改动过，打不开：请对方重新复制链接，或发计划文件。"


def encode(document: Document) -> str:
    """The link's text for ``document``, or "" when it is longer than MAX_LINK."""
    compact = json.dumps(document.as_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text = PREFIX + base64.urlsafe_b64encode(zlib.compress(compact, 9)).decode("ascii").rstrip("=")
    return text if len(text) <= MAX_LINK else ""


def decode(text: str, link_ids: Mapping[str, bool]) -> Document:
    """The document a link carries; PlanFileError when it is damaged."""
    if not text.startswith(PREFIX) or len(text) > MAX_LINK:
        raise PlanFileError(BROKEN)
    body = text[len(PREFIX):]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, 200_000)  # a real plan is a few kilobytes; never inflate a bomb
        if unpacker.unconsumed_tail or not unpacker.eof:
            raise PlanFileError(BROKEN)
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, RecursionError):
        raise PlanFileError(BROKEN) from None
    return from_json(data, link_ids)
