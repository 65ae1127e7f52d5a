"""Follow-ups (督办事项) as a leader reads them: the subject by its name, dates or a dash, the status in words on
its colour (pure)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.present.codes import code_label
from dashboard.present.palette import PROGRESS, WAITING

# What a reader needs of a follow-up, in reading order: what and whom it is about, who owns it, by when, and how
# it stands. Its number, the meeting that assigned it and the stored subject codes stay in the download.
SHOWN = ("subject_name", "task", "owner", "due_on", "done_on", "status")
NO_DATE = "—"


def subject_names(frame: pd.DataFrame, titles: Mapping[str, str]) -> pd.Series:
    """Name each follow-up's subject: an indicator by its title, a township by the name the query joined."""
    indicator = frame["subject"] == "indicator"
    named = frame["subject_id"].map(lambda query_id: titles.get(str(query_id)))
    return frame["subject_name"].where(~indicator | named.isna(), named)


def date_text(value: object) -> str:
    """Write a day as `2018-10-25`, or a dash when there is none (never None or NaT)."""
    return NO_DATE if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def follow_up_table(frame: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return the rows to show: named subject, task, owner, dates as text, the status in words (its code kept in
    `status_code` for the colour)."""
    out = frame.assign(subject_name=subject_names(frame, titles), status_code=frame["status"].astype(str))
    for column in ("due_on", "done_on"):
        out[column] = [date_text(v) for v in out[column]]
    out["status"] = [code_label("status", code, lang) for code in out["status_code"]]
    return out[[*SHOWN, "status_code"]].reset_index(drop=True)


def record_table(frame: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return the rows an admin keeps: number and assigning meeting first, then what a reader sees, no codes."""
    shown = follow_up_table(frame, titles, lang).drop(columns=["status_code"])
    return pd.concat([frame[["follow_up_id", "assigned_in"]].reset_index(drop=True), shown], axis=1)


def status_fill(code: str) -> str:
    """Return the colour of a follow-up status, as the palette gives it everywhere (办理中 as in the deck)."""
    return PROGRESS.get(code, WAITING)


def ink(fill: str) -> str:
    """Return white text on a dark fill and near-black on a light one (relative luminance, as WCAG weighs it)."""
    red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#ffffff" if (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255 < 0.6 else "#222222"


def follow_up_styles(frame: pd.DataFrame) -> pd.DataFrame:
    """Return CSS per cell that puts the status words on the status colour."""
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for index, code in frame["status_code"].items():
        fill = status_fill(str(code))
        styles.loc[index, "status"] = f"background-color: {fill}; color: {ink(fill)}; font-weight: 600"
    return styles
