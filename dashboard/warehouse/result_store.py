"""Query results kept on disk beside each snapshot, so a restarted server or another replica reads them back.

A snapshot never changes, so a query's rows are fixed by its SQL text, its bound values and the row cap.
Each result is one Arrow IPC file under `var/results/<snapshot id>/`, named by a hash of those three and
carrying the query id and values in its metadata, which is what a warm-up replays on the next snapshot.
The store is best-effort: a file that cannot be written or read is a miss, never an error on the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from dashboard.base.settings import Settings

META_KEY = b"dashboard.result"
SUFFIX = ".arrow"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """One stored result: rows, whether the row cap cut them, and the run that produced them."""

    frame: pd.DataFrame
    truncated: bool
    query_id: str
    params: dict[str, Any]


def _encode(value: Any) -> Any:
    """Turn one bound value into JSON, tagging dates so they come back as dates."""
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    """Undo _encode."""
    if isinstance(value, dict) and len(value) == 1:
        (kind, text), = value.items()
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "datetime":
            return dt.datetime.fromisoformat(text)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def params_json(params: dict[str, Any]) -> str:
    """Return bound values as canonical JSON (sorted keys, tagged dates)."""
    return json.dumps({k: _encode(v) for k, v in params.items()}, sort_keys=True, ensure_ascii=False)


def result_key(sql: str, params: dict[str, Any], row_cap: int) -> str:
    """Return the file name stem of a result: a hash of the SQL, the values and the row cap."""
    digest = hashlib.sha256()
    for part in (sql, params_json(params), str(row_cap)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


class ResultStore:
    """Reads and writes stored results of one var folder; safe to share between threads and processes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.var_dir / "results"

    def folder(self, snapshot_id: str) -> Path:
        """Return the folder of one snapshot's results."""
        return self.root / snapshot_id

    def get(self, snapshot_id: str, sql: str, params: dict[str, Any]) -> Stored | None:
        """Return the stored result of a run, or None when there is none (or it cannot be read)."""
        path = self.folder(snapshot_id) / (result_key(sql, params, self.settings.row_cap) + SUFFIX)
        try:
            return _read(path)
        except FileNotFoundError:
            return None
        except (OSError, pa.ArrowException, ValueError, KeyError) as exc:  # a damaged file is only a miss
            log.warning("stored result %s unreadable: %s", path.name, exc)
            return None

    def put(self, snapshot_id: str, query_id: str, sql: str, params: dict[str, Any], frame: pd.DataFrame,
            truncated: bool) -> bool:
        """Store a result unless the snapshot's folder is full or the rows do not convert; say whether it was."""
        folder = self.folder(snapshot_id)
        if not (self.settings.snapshots_dir / f"{snapshot_id}.duckdb").exists():
            return False  # pruned meanwhile: a folder made now would outlive it
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if sum(1 for _ in folder.iterdir()) >= self.settings.result_files:
                return False
            meta = json.dumps({"query_id": query_id, "params": json.loads(params_json(params)),
                               "truncated": truncated}, ensure_ascii=False)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), META_KEY: meta.encode()})
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as handle, pa.ipc.new_file(handle, table.schema) as writer:
                    writer.write_table(table)
                os.replace(tmp, folder / (result_key(sql, params, self.settings.row_cap) + SUFFIX))
            finally:
                Path(tmp).unlink(missing_ok=True)
        except (OSError, pa.ArrowException, ValueError, TypeError) as exc:  # e.g. duplicate column names
            log.warning("result of %s not stored: %s", query_id, exc)
            return False
        return True

    def entries(self, snapshot_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield the query id and bound values of every result stored for a snapshot."""
        folder = self.folder(snapshot_id)
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*" + SUFFIX)):
            try:
                with pa.OSFile(str(path)) as source:
                    meta = json.loads(pa.ipc.open_file(source).schema.metadata[META_KEY])
            except (OSError, pa.ArrowException, ValueError, KeyError):
                continue
            yield meta["query_id"], {k: _decode(v) for k, v in meta["params"].items()}

    def prune(self) -> list[Path]:
        """Delete the result folders of snapshots that are no longer kept."""
        if not self.root.is_dir():
            return []
        gone = [p for p in self.root.iterdir()
                if p.is_dir() and not (self.settings.snapshots_dir / f"{p.name}.duckdb").exists()]
        for path in gone:
            shutil.rmtree(path, ignore_errors=True)
        return gone


def _read(path: Path) -> Stored:
    """Read one stored result file."""
    # Read into memory rather than map the file: the frame must outlive a prune that deletes the file.
    table = pa.ipc.open_file(pa.BufferReader(path.read_bytes())).read_all()
    meta = json.loads(table.schema.metadata[META_KEY])
    return Stored(frame=table.to_pandas(), truncated=bool(meta["truncated"]), query_id=meta["query_id"],
                  params={k: _decode(v) for k, v in meta["params"].items()})
