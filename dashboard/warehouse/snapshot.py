"""Snapshot files and the pointer that names the live one; every swap is atomic."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashboard.base.settings import Settings
from dashboard.warehouse.result_store import ResultStore


def reader_config(settings: Settings) -> dict[str, Any]:
    """Return the one read-only sandbox config; DuckDB refuses a second connection to a file with another one.

    lock_configuration comes last so nothing can undo the rest.
    """
    return {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "allow_persistent_secrets": False,
        "max_execution_time": settings.max_seconds * 1000,
        "memory_limit": settings.memory_limit,
        "threads": settings.threads,
        # No spilling: otherwise a big sort writes up to 90% of the free disk next to the snapshot,
        # and that folder would become writable through COPY.
        "temp_directory": "",
        "lock_configuration": True,
    }


class NoSnapshotError(RuntimeError):
    """Raised when no warehouse snapshot has been built yet."""


def new_snapshot_id(inputs: list[Path]) -> str:
    """Name a snapshot by write time and a hash of its input files (random without any), so ids sort and differ."""
    digest = hashlib.sha256(b"" if inputs else os.urandom(16))
    for path in sorted(inputs):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{stamp}-{digest.hexdigest()[:10]}"


def snapshot_path(settings: Settings, snapshot_id: str) -> Path:
    """Return the file of one snapshot."""
    return settings.snapshots_dir / f"{snapshot_id}.duckdb"


def current_snapshot_id(settings: Settings) -> str:
    """Return the id of the live snapshot, or raise NoSnapshotError."""
    try:
        snapshot_id = settings.current_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise NoSnapshotError("no warehouse yet: run `python -m dashboard build`") from exc
    if not snapshot_path(settings, snapshot_id).exists():
        raise NoSnapshotError(f"snapshot {snapshot_id} named in CURRENT is missing")
    return snapshot_id


def current_snapshot_path(settings: Settings) -> Path:
    """Return the file of the live snapshot."""
    return snapshot_path(settings, current_snapshot_id(settings))


def publish(settings: Settings, snapshot_id: str) -> None:
    """Point CURRENT at a finished snapshot in one rename, record it as published, then drop old snapshots."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=settings.var_dir, prefix=".CURRENT.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(snapshot_id + "\n")
    os.replace(tmp, settings.current_file)
    # After the rename: a writer killed in between leaves the live id unrecorded, which the next writer repairs.
    _record_published(settings, snapshot_id)
    prune(settings, keep=settings.keep_snapshots, live=snapshot_id)


def _published_file(settings: Settings) -> Path:
    """Return the file listing every snapshot id that was ever live, one a line."""
    return settings.var_dir / "published"


def _record_published(settings: Settings, snapshot_id: str) -> None:
    """Append one id to the published record, durably."""
    with open(_published_file(settings), "a", encoding="utf-8") as handle:
        handle.write(snapshot_id + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def kept_ids(settings: Settings) -> list[str]:
    """Return the published snapshots on disk, newest first: the ones a rollback may go back to.

    A snapshot written but never made live (its writer was killed during the warm-up) is not one of them; the
    next writer deletes it (remove_unpublished).
    """
    on_disk = sorted((p.stem for p in settings.snapshots_dir.glob("*.duckdb")), reverse=True)
    path = _published_file(settings)
    if not path.exists():  # a warehouse from before the record: every snapshot on disk was published
        return on_disk
    published = set(path.read_text(encoding="utf-8").split())
    with contextlib.suppress(NoSnapshotError):
        published.add(current_snapshot_id(settings))
    return [i for i in on_disk if i in published]


def remove_unpublished(settings: Settings) -> list[Path]:
    """Delete snapshots that never went live, with their pins; only safe while holding the writer lock.

    Under the lock no write is under way, so a snapshot on disk that CURRENT never named was left by a writer
    killed between writing it and publishing it. The record is started (or repaired) here first.
    """
    if not settings.snapshots_dir.is_dir():
        return []
    path = _published_file(settings)
    if not path.exists():
        for snapshot_id in sorted(p.stem for p in settings.snapshots_dir.glob("*.duckdb")):
            _record_published(settings, snapshot_id)
    try:
        live = current_snapshot_id(settings)
    except NoSnapshotError:
        live = None
    if live and live not in path.read_text(encoding="utf-8").split():
        _record_published(settings, live)
    kept = set(kept_ids(settings))
    gone = [p for p in settings.snapshots_dir.glob("*.duckdb") if p.stem not in kept]
    for stale in gone:
        stale.unlink(missing_ok=True)
        (settings.var_dir / "pins" / stale.stem).unlink(missing_ok=True)
    if gone:
        ResultStore(settings).prune()
    return gone


def pin(settings: Settings, snapshot_id: str, reason: str) -> None:
    """Keep a snapshot for good because an edition or a briefing refers to it."""
    folder = settings.var_dir / "pins"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / snapshot_id).write_text(reason + "\n", encoding="utf-8")


def pinned(settings: Settings) -> set[str]:
    """Return the ids of snapshots that editions or briefings refer to."""
    folder = settings.var_dir / "pins"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def prune(settings: Settings, keep: int, live: str) -> None:
    """Delete all but the newest `keep` snapshots, never the live one nor a pinned one."""
    files = sorted(settings.snapshots_dir.glob("*.duckdb"), reverse=True)
    kept = pinned(settings) | {live}
    for path in files[keep:]:
        if path.stem not in kept:
            path.unlink(missing_ok=True)
    ResultStore(settings).prune()  # results kept for a deleted snapshot go with it
