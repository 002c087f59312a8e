"""The visible text of rendered HTML, shared by the calculator tests."""

from __future__ import annotations

from html.parser import HTMLParser


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.pieces.append(data)


def text_pieces(html: str) -> list[str]:
    """Each non-blank text node of ``html``, unescaped, in document order."""
    parser = Text()
    parser.feed(html)
    return parser.pieces
