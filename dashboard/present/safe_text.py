"""The one rendering boundary: text from data, files, URLs or users shown as typed, in Markdown and in Plotly.

Streamlit renders its text elements as Markdown (links, emphasis, colours, formulas) and Plotly renders its
titles, axes, legends, hover and annotations as a small HTML subset (`<a href>`, `<b>`, `<br>` ...). Each
escape here is applied once, to values, before code adds its own markup (a `<br>` that wraps a long name,
`**` around a label): escaping twice would show `&amp;lt;` or a stray backslash.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import pandas as pd

# Marks that mean something anywhere on a line: escapes, code, emphasis, strikethrough, links and images, HTML,
# entities, headings' closing hashes and `$formulas$` (`_` and `:` only where they can mean something, see _marks).
_ANYWHERE = frozenset("\\`*~[]<&$#")
# Marks that only mean something where a line starts (a quote, a list item), escaped there and nowhere else, so
# dates (2018-09), decimals (98.5) and brackets read the same in the page's source as on screen.
_LINE_START = re.compile(r"^\s*(?:([>+-])|(\d+)([.)]))")
_BLANKS = re.compile(r"^\s+")
# Streamlit turns `:material/home:` and `:smile:` into an icon and an emoji after Markdown's escapes are read, so
# a colon that could open one is followed by an invisible word joiner, which no such name starts with.
_COLON = "\\:\u2060"
# Markdown turns bare addresses into links even when their punctuation is escaped; a word joiner after
# the scheme, "www" or "@" stops that and is invisible on screen.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www|@)")


def markdown_literal(text: str) -> str:
    """Escape text so Streamlit's Markdown shows it as typed: no links, emphasis, HTML, colours or formulas.

    Line breaks become spaces (the text is one line wherever a template puts it) and leading blanks one space,
    which HTML shows the same, so they cannot start a code block.
    """
    line = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    escaped = "".join(_escaped(line, i) for i in range(len(line)))
    escaped = _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", _BLANKS.sub(" ", escaped), count=1)
    return _AUTOLINK.sub("\\1\u2060", escaped)


def _escaped(text: str, at: int) -> str:
    """Return the character at `at` as Markdown must be given it to show it as typed."""
    ch = text[at]
    if ch in _ANYWHERE:
        return f"\\{ch}"
    if _marks(text, at):
        return _COLON if ch == ":" else f"\\{ch}"
    return ch


def _marks(text: str, at: int) -> bool:
    """Say whether an `_` or `:` may mean something here: an `_` outside a word, a `:` before a name or `//`.

    A colon before a blank or a digit (`说明: `, `page.yaml:3`, `12:30`) is left as written.
    """
    if text[at] == "_":
        return not _inside_word(text, at)
    return text[at] == ":" and at + 1 < len(text) and not (text[at + 1].isspace() or text[at + 1].isdigit())


def _inside_word(text: str, at: int) -> bool:
    """Say whether the character at `at` has a letter or digit (any script) on both sides.

    CommonMark never opens or closes emphasis with an `_` inside a word, so `key_project` and `街道_一` stay as
    written; one beside a space, punctuation or the end (`_x_`, `__init__`) is escaped.
    """
    return 0 < at < len(text) - 1 and all(_wordlike(text[at + d]) for d in (-1, 1))


def _wordlike(ch: str) -> bool:
    """Say whether a character is neither blank nor punctuation nor a symbol, as CommonMark classifies them."""
    return not ch.isspace() and unicodedata.category(ch)[0] not in "PS"


def plotly_literal(value: object) -> str:
    """Escape a value so Plotly shows it as typed: `<a href>` and `&amp;` become text, not a link or `&`."""
    return html.escape(str(value), quote=False)


def plotly_labels(labels: Mapping[str, Any] | None) -> dict[str, str]:
    """Escape the values of a label map (column -> axis or legend title); the keys stay column names."""
    return {key: plotly_literal(value) for key, value in (labels or {}).items()}


def plotly_keys(colors: Mapping[str, str] | None) -> dict[str, str]:
    """Escape the keys of a category -> colour map, so it matches categories escaped by `plotly_frame`."""
    return {plotly_literal(key): value for key, value in (colors or {}).items()}


def plotly_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with every text cell escaped for Plotly (numbers, dates and nulls untouched)."""
    texts = [c for c in frame.columns if _holds_text(frame[c])]
    if not texts:
        return frame
    escaped = frame.copy()
    for column in texts:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        escaped[column] = values.map(lambda v: plotly_literal(v) if isinstance(v, str) else v)
    return escaped


def _holds_text(values: pd.Series) -> bool:
    """Say whether a column may hold text (object, string or categorical dtype)."""
    return (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)
            or isinstance(values.dtype, pd.CategoricalDtype))
