"""Text for Streamlit's Markdown elements: values from data, files, URLs or users are escaped, templates are not.

Every call that renders Markdown (st.markdown, caption, error, metric, expander and tab labels ...) takes a
constant, `t(key)` without values, or text built here; tests/hostile/test_text.py walks the UI's source and fails
on anything else. `Markdown` marks text that is already escaped, so escaping it again changes nothing, and adding
plain text to it escapes that text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dashboard.present.safe_text import markdown_literal
from dashboard.ui.frame.lang import t


class Markdown(str):
    """Markdown that shows values as typed: made only by `literal`, `say`, `bold` and `joined`."""

    __slots__ = ()

    def __add__(self, other: object) -> Markdown:
        """Append text, escaping it unless it is Markdown already."""
        return Markdown(str.__add__(self, literal(other)))

    def __radd__(self, other: object) -> Markdown:
        """Prepend text, escaping it unless it is Markdown already."""
        return Markdown(str.__add__(literal(other), self))


def literal(value: object) -> Markdown:
    """Return a value as Markdown that shows it as typed (text already escaped is returned as it is)."""
    if isinstance(value, Markdown):
        return value
    return Markdown(markdown_literal("" if value is None else str(value)))


def say(key: str, **values: Any) -> Markdown:
    """Translate a key in the session's language with every value escaped; the template's own words stay as written."""
    return Markdown(t(key, **{name: literal(value) for name, value in values.items()}))


def bold(value: object) -> Markdown:
    """Return a value in bold, shown as typed."""
    return Markdown(f"**{literal(value)}**")


def joined(separator: str, parts: Iterable[object]) -> Markdown:
    """Join values with a separator of the code's own, each value escaped."""
    return Markdown(literal(separator).join(literal(p) for p in parts))
