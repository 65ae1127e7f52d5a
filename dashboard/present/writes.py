"""The writes that made the warehouse, in words: when, what kind of write, which table, file and way.

A snapshot's history (`snapshot_info`) records each write's kind as a code and its description as the writer
wrote it (`projects ← 台账.xlsx · upsert`, `rollback to <id> (was <id>)`); an admin or a clerk reads them here as
数据导入：改造项目 ← 台账.xlsx（更正）and 回滚到 2026-12-08 02:16:04 的数据版本.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pandas as pd

from dashboard.base.i18n import strings, translate

# The shapes the writers give their descriptions (warehouse.load, warehouse.boundaries, warehouse.history).
_LOAD = re.compile(r"^(?P<table>\w+) ← (?P<file>.+) · (?P<mode>append|upsert|delete)$")
_BOUNDARIES = re.compile(r"^boundaries (?P<level>\w+) ← (?P<file>.+) · (?P<crs>[^,]+), (?P<places>\d+) places$")
_ROLLBACK = re.compile(r"^rollback to (?P<target>\S+) \(was \S+\)$")
_STAMP = re.compile(r"^(?P<stamp>\d{8}T\d{6})")
# Kinds whose word says all there is: the description adds nothing a reader needs.
_SAID_BY_KIND = ("demo", "empty", "migrated")


def write_time(value: object) -> str:
    """Return a write's time to the second (`2026-12-08 02:16:04`), or "—" when unknown."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return "—"
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[arg-type]


def snapshot_time(snapshot_id: str) -> str | None:
    """Return the time a snapshot id was stamped with (ids begin with their write time), or None."""
    match = _STAMP.match(snapshot_id)
    if not match:
        return None
    return dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S").strftime("%Y-%m-%d %H:%M:%S")


def kind_word(kind: str, lang: str) -> str:
    """Name a kind of write (`loaded` → 数据导入) by the shared code names, keeping a kind they do not know."""
    return strings(lang).get(f"domains.code.data_kind.{kind}", kind)


def table_word(table: str, lang: str) -> str:
    """Name a table in the reader's language (改造项目), keeping one the locale files do not name."""
    return strings(lang).get(f"dict.table.{table}", strings(lang).get(f"load.admin.table.{table}", table))


def describe_write(kind: str, description: str, lang: str, times: Mapping[str, str] | None = None) -> str:
    """Say in words what one write did: its kind, and for loads and rollbacks the table, file, way or target.

    `times` gives the write time of known snapshots, so a rollback names its target by the time the lists show;
    otherwise the time its id was stamped with (when that write began) stands in.
    """
    word = kind_word(kind, lang)
    if kind in _SAID_BY_KIND:
        return word
    if match := _LOAD.match(description):
        return translate("load.admin.what.loaded", lang, kind=word, table=table_word(match["table"], lang),
                         file=match["file"], mode=translate(f"load.mode_word.{match['mode']}", lang))
    if match := _BOUNDARIES.match(description):
        return translate("load.admin.what.boundaries", lang, kind=word, file=match["file"], places=match["places"],
                         level=translate(f"boundaries.level.{match['level']}", lang))
    if match := _ROLLBACK.match(description):
        target = match["target"]
        time = (times or {}).get(target) or snapshot_time(target) or target
        return translate("load.admin.what.rollback", lang, time=time)
    return translate("load.admin.what.other", lang, kind=word, description=description)


def written_times(frame: pd.DataFrame) -> dict[str, str]:
    """Return each listed snapshot's write time by its id (empty when the rows carry no ids or times)."""
    if "snapshot_id" not in frame.columns or "built_at" not in frame.columns:
        return {}
    return {str(i): write_time(at) for i, at in zip(frame["snapshot_id"], frame["built_at"].astype(object),
                                                    strict=True)}


def described(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a history (rows with `built_at`, `data_kind`, `description`) with times and writes in words.

    The description column keeps its name, so a query file's label still titles it; the kind column goes, since
    the words begin with the kind; a snapshot id, for those who need it, moves to the end.
    """
    out = frame.copy()
    times = written_times(out)
    if "description" in out.columns and "data_kind" in out.columns:
        out["description"] = [describe_write(str(k), str(d), lang, times)
                              for k, d in zip(out["data_kind"], out["description"], strict=True)]
        out = out.drop(columns="data_kind")
    if "built_at" in out.columns:
        out["built_at"] = [write_time(v) for v in out["built_at"].astype(object)]
    if "snapshot_id" in out.columns:
        out = out[[c for c in out.columns if c != "snapshot_id"] + ["snapshot_id"]]
    return out
