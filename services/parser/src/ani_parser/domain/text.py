"""Provider markup (Shikimori BBCode, stray HTML) → plain text for the catalog."""

from __future__ import annotations

import html
import re

__all__ = ["markup_to_text"]

# [character=17]Naruto[/character], [anime=20 Naruto]...[/anime], [url=https://x]text[/url], [b]..[/b], [spoiler=..]
_TAG = re.compile(r"\[/?[a-zA-Z_]+(?:[= ][^\]]*)?\]")
_HTML_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_SOURCE_SUFFIX = re.compile(r"\[source\].*?\[/source\]", re.IGNORECASE | re.DOTALL)
_SPOILER = re.compile(r"\[spoiler(?:=[^\]]*)?\].*?\[/spoiler\]", re.IGNORECASE | re.DOTALL)


def markup_to_text(value: object) -> str | None:
    """Strip BBCode/HTML tags, keep their inner text, unescape entities, tidy whitespace. Empty → None."""
    if not isinstance(value, str):
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _SOURCE_SUFFIX.sub("", text)
    text = _SPOILER.sub("", text)  # a catalog blurb never spoils the plot
    text = _HTML_BREAK.sub("\n", text)
    text = text.replace("[br]", "\n")
    text = _TAG.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = html.unescape(text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return text or None
