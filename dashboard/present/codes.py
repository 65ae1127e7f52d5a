"""Code values (category, status, channel …) shown by their names in the reader's language.

Queries return stable codes such as `old_courtyard` or `in_progress`; their display names live in the locale
files under `domains.code.<column>.<code>`, so a chart, a table and a CSV all say 老旧院落 / Old courtyards.
"""

from __future__ import annotations

import pandas as pd

from dashboard.base.i18n import strings, translate
from dashboard.base.vocabulary import CODE_COLUMNS, VOCABULARY
from dashboard.present.palette import code_color

__all__ = ["CODE_COLUMNS", "VOCABULARY", "code_colors", "code_label", "option_texts", "relabel"]


def code_label(column: str, code: object, lang: str) -> str:
    """Return the display name of one code, or the code itself when it has none."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return ""
    vocabulary = VOCABULARY.get(column, column)
    return strings(lang).get(f"domains.code.{vocabulary}.{code}", str(code))


def code_colors(column: str, lang: str) -> dict[str, str]:
    """Return a colour per display name of a code column: statuses by meaning, urban/rural fixed, others by the
    vocabulary's order (the palette's code_color), so one code has one colour in every chart."""
    vocabulary = VOCABULARY.get(column, column)
    prefix = f"domains.code.{vocabulary}."
    codes = [key.removeprefix(prefix) for key in strings(lang) if key.startswith(prefix)]
    return {code_label(column, code, lang): code_color(vocabulary, code, i) for i, code in enumerate(codes)}


def relabel(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a copy of frame with every code column replaced by display names."""
    out = frame.copy()
    for column in CODE_COLUMNS:
        if column in out.columns:
            out[column] = [code_label(column, value, lang) for value in out[column].astype(object)]
    return out


def option_texts(frame: pd.DataFrame, lang: str) -> dict[object, str]:
    """Map each option (first column) to a text made of all columns, e.g. `K01 · 老旧院落改造 · 实施中 · 263 条诉求`."""
    texts: dict[object, str] = {}
    for record in frame.to_dict("records"):
        value, *rest = record.items()
        parts = [translate("domains.option_demands", lang, n=int(v)) if k == "demands" else
                 code_label(k, v, lang) if k in CODE_COLUMNS else str(v)
                 for k, v in rest if v is not None and not (isinstance(v, float) and pd.isna(v))]
        texts[value[1]] = " · ".join([str(value[1]), *parts])
    return texts
