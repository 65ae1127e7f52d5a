"""The one DDL file and what the code reads off it: its tables and its version hash."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).with_name("schema.sql")


def schema_text() -> str:
    """Return today's schema.sql, read again only when the file changes (a load asks for it per problem)."""
    return _read(SCHEMA_FILE, SCHEMA_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int) -> str:
    """Read one version of a file; the modification time is part of the cache key."""
    return path.read_text(encoding="utf-8")


def schema_hash() -> str:
    """Return a short hash of schema.sql; a snapshot written from another version is carried over on the next write."""
    return hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()[:12]


def table_names() -> list[str]:
    """Return the schema's tables in creation order, which respects foreign keys."""
    return re.findall(r"^create table (\w+)", schema_text(), re.M)
