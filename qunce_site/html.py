"""HTML as a stream of tokens, for rewriting the pages' HTML without regular expressions over tags
(as Material's privacy plugin does): parse with the standard library's HTMLParser, change what must
change, and write everything else back exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from mkdocs.exceptions import PluginError

# Marks the features put on what only makes sense on a screen, so a feature that reuses a page's HTML for
# paper (the printable handbook) drops them without knowing whose they are: an element with SCREEN_ONLY
# goes with its content; an element with HOVER_ONLY goes, its content stays (a tooltip's word).
SCREEN_ONLY = "data-screen-only"
HOVER_ONLY = "data-hover-only"

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class Token:
    kind: str  # "start", "end", "data" (text, with its character references as written) or "other"
    raw: str  # exactly as in the source
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()

    @property
    def opens(self) -> bool:
        """A start tag that has content and an end tag (not void, not self-closing)."""
        return self.kind == "start" and self.tag not in VOID and not self.raw.endswith("/>")


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(Token("start", self.get_starttag_text() or "", tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(Token("end", f"</{tag}>", tag))

    def handle_data(self, data: str) -> None:
        self.tokens.append(Token("data", data))

    def handle_entityref(self, name: str) -> None:
        self.tokens.append(Token("data", f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.tokens.append(Token("data", f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(Token("other", f"<!--{data}-->"))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(Token("other", f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(Token("other", f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(Token("other", f"<![{data}]>"))


def tokenize(html: str) -> list[Token]:
    """The tokens of ``html``; joined, their ``raw`` texts give ``html`` back (or the build stops)."""
    parser = _Tokenizer()
    parser.feed(html)
    parser.close()
    if "".join(token.raw for token in parser.tokens) != html:
        raise PluginError("HTML rewriting: this fragment does not survive parsing unchanged (malformed HTML?): "
                          + html[:200])
    return parser.tokens


def start_tag(tag: str, attrs: tuple[tuple[str, str | None], ...] | list[tuple[str, str | None]]) -> str:
    """A start tag written the way Python-Markdown and this package write them (double quotes, escaped)."""
    written = "".join(f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in attrs)
    return f"<{tag}{written}>"


def join(tokens: list[Token]) -> str:
    return "".join(token.raw for token in tokens)


def element_end(tokens: list[Token], start: int) -> int:
    """The index just past the end tag matching the start tag at ``start`` (same tag name, nesting counted)."""
    tag = tokens[start].tag
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.tag == tag and token.opens:
            depth += 1
        elif token.tag == tag and token.kind == "end":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(tokens)


def has_class(token: Token, name: str) -> bool:
    classes = dict(token.attrs).get("class") or ""
    return name in classes.split()
