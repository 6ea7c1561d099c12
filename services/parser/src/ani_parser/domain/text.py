"""Provider markup (Shikimori BBCode, stray HTML, HTML entities) → plain text for the catalog.

Descriptions are plain text end to end: whatever a provider sends, the result holds no HTML tag. Entities are decoded
*before* tags are removed, and both are repeated until nothing changes, so an escaped tag (``&lt;img onerror=…&gt;``,
or escaped twice) is decoded and then removed instead of coming out as a live tag. The tags are read by the standard
library's HTML tokenizer (``html.parser``), not by a regular expression; whatever still looks like the start of a tag
afterwards (an unterminated ``<img …`` at the end, say) loses its ``<``. A plain ``a < b`` stays as it is.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["markup_to_text"]

# [character=17]Naruto[/character], [anime=20 Naruto]...[/anime], [url=https://x]text[/url], [b]..[/b], [spoiler=..]
_TAG = re.compile(r"\[/?[a-zA-Z_]+(?:[= ][^\]]*)?\]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_SOURCE_SUFFIX = re.compile(r"\[source\].*?\[/source\]", re.IGNORECASE | re.DOTALL)
_SPOILER = re.compile(r"\[spoiler(?:=[^\]]*)?\].*?\[/spoiler\]", re.IGNORECASE | re.DOTALL)
#: what a browser would start a tag, comment, declaration or processing instruction with
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table"})
_DROPPED = frozenset({"script", "style"})  # raw-text elements: their content is code, not text
_MAX_ROUNDS = 8


class _TextOf(HTMLParser):
    """The text content of an HTML fragment: tags, comments and the content of script-like elements dropped; ``br``
    and block elements become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # entities are decoded by the caller, one level per round
        self.parts: list[str] = []
        self._dropped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._dropped += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropped = max(0, self._dropped - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._dropped:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:  # only with convert_charrefs=False: keep it for the next round
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def _strip_tags(text: str) -> str:
    parser = _TextOf()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def markup_to_text(value: object) -> str | None:
    """Strip BBCode/HTML tags, keep their inner text, decode entities, tidy whitespace. Empty → None."""
    if not isinstance(value, str):
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _SOURCE_SUFFIX.sub("", text)
    text = _SPOILER.sub("", text)  # a catalog blurb never spoils the plot
    for _ in range(_MAX_ROUNDS):
        before = text
        text = html.unescape(text)
        text = text.replace("[br]", "\n")
        text = _TAG.sub("", text)
        text = _strip_tags(text)
        if text == before:
            break
    text = _TAG_START.sub("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return text or None
