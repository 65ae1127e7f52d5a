"""Paths and limits, read from the environment with defaults that suit the demo warehouse."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def _env_path(name: str, default: Path) -> Path:
    """Return a path from the environment, or the default."""
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


def _env_int(name: str, default: int) -> int:
    """Return an integer from the environment, or the default."""
    value = os.environ.get(name)
    return int(value) if value else default


def _env_float(name: str, default: float) -> float:
    """Return a number from the environment, or the default."""
    value = os.environ.get(name)
    return float(value) if value else default


@dataclass(frozen=True)
class PaceConfig:
    """Status thresholds and trend length of every indicator judgement."""

    on_track: float = 0.95      # progress / expected progress at or above this is on track
    at_risk: float = 0.80       # at or above this (below on_track) is at risk; below it is off track
    trend_periods: int = 6      # last periods fitted by least squares for the projected date
    horizon_years: int = 5      # a projection further out than this is reported as "not on the trend"

    def __post_init__(self) -> None:
        if not 0 < self.at_risk <= self.on_track or self.trend_periods < 2 or self.horizon_years < 1:
            raise ValueError("pace thresholds need 0 < at_risk <= on_track, trend_periods >= 2 and "
                             f"horizon_years >= 1, got {self}")


@dataclass(frozen=True)
class Settings:
    """Where things live and how far a query may go."""

    queries_dir: Path
    seed_dir: Path
    var_dir: Path
    row_cap: int
    max_seconds: int
    memory_limit: str
    threads: int
    min_sample: int
    keep_snapshots: int
    write_wait: int = 120
    write_memory_limit: str = "512MB"
    max_upload_mb: int = 100
    max_problems: int = 1000
    xlsx_unzipped_mb: int = 1000   # a workbook's members unzipped, checked before any parsing
    xlsx_cells: int = 20_000_000   # cells one sheet may declare or hold
    xlsx_strings: int = 1_000_000  # entries of a workbook's shared-strings table
    xlsx_strings_mb: int = 100     # that table's size unzipped, checked before parsing it
    result_files: int = 5000
    warm_seconds: int = 60
    sql_workers: int = 2            # processes that run ad-hoc SQL, each under the two limits below
    sql_worker_memory: str = "1GB"  # operating-system memory limit of one such process
    sql_result_mb: int = 64         # largest result (pickled) a statement may send back to the server
    session_hours: float = 9.0  # how long a login lasts after the provider issued it: a working day
    pace: PaceConfig = field(default_factory=PaceConfig)
    roles_file: Path = REPO_ROOT / "roles.toml"
    lang: str = "zh"

    @property
    def snapshots_dir(self) -> Path:
        """Folder that holds every kept snapshot file."""
        return self.var_dir / "snapshots"

    @property
    def current_file(self) -> Path:
        """Pointer file naming the live snapshot; replaced atomically."""
        return self.var_dir / "CURRENT"


def load_settings() -> Settings:
    """Return the settings, read from the environment once per set of DASHBOARD_* values in it.

    Keyed by those values, so a test (or a child process) that points the app elsewhere gets its own.
    """
    return _read(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("DASHBOARD_"))))


@lru_cache(maxsize=16)
def _read(_environment: tuple[tuple[str, str], ...]) -> Settings:
    """Read every setting from the environment (the argument only keys the cache)."""
    return Settings(
        queries_dir=_env_path("DASHBOARD_QUERIES_DIR", REPO_ROOT / "queries"),
        seed_dir=_env_path("DASHBOARD_SEED_DIR", REPO_ROOT / "data" / "seed"),
        var_dir=_env_path("DASHBOARD_VAR_DIR", REPO_ROOT / "var"),
        row_cap=_env_int("DASHBOARD_ROW_CAP", 10_000),
        max_seconds=_env_int("DASHBOARD_MAX_SECONDS", 10),
        memory_limit=os.environ.get("DASHBOARD_MEMORY_LIMIT", "1GB"),
        threads=_env_int("DASHBOARD_THREADS", 2),
        min_sample=_env_int("DASHBOARD_MIN_SAMPLE", 30),
        keep_snapshots=_env_int("DASHBOARD_KEEP_SNAPSHOTS", 20),
        write_wait=_env_int("DASHBOARD_WRITE_WAIT", 120),
        # DuckDB's share of a write; beyond it, staged rows spill to var/tmp/spill. With Python's own ~200 MB
        # this keeps a load of a million rows under 1 GB (benchmarks/bench_load.py).
        write_memory_limit=os.environ.get("DASHBOARD_WRITE_MEMORY_LIMIT", "512MB"),
        # Kept equal to server.maxUploadSize in .streamlit/config.toml, which enforces it before any parsing.
        max_upload_mb=_env_int("DASHBOARD_MAX_UPLOAD_MB", 100),
        max_problems=_env_int("DASHBOARD_MAX_PROBLEMS", 1000),
        # Workbooks are refused beyond these before or while they are read, so one file cannot take minutes of CPU
        # or gigabytes of memory (openpyxl padded a 5 kB file declaring A1:XFD1048576 to 17 billion cells).
        xlsx_unzipped_mb=_env_int("DASHBOARD_XLSX_UNZIPPED_MB", 1000),
        xlsx_cells=_env_int("DASHBOARD_XLSX_CELLS", 20_000_000),
        xlsx_strings=_env_int("DASHBOARD_XLSX_STRINGS", 1_000_000),
        xlsx_strings_mb=_env_int("DASHBOARD_XLSX_STRINGS_MB", 100),
        # Stored results per snapshot (see result_store); each is a small file, so this bounds the disk used.
        result_files=_env_int("DASHBOARD_RESULT_FILES", 5000),
        # How long a write may spend running the pages' queries on the new snapshot before publishing it.
        warm_seconds=_env_int("DASHBOARD_WARM_SECONDS", 60),
        # Ad-hoc SQL runs in worker processes: DuckDB's memory_limit does not bound every value (a list of
        # 400 million numbers took 15.6 GB), an operating-system limit on the process does.
        sql_workers=_env_int("DASHBOARD_SQL_WORKERS", 2),
        sql_worker_memory=os.environ.get("DASHBOARD_SQL_WORKER_MEMORY", "1GB"),
        sql_result_mb=_env_int("DASHBOARD_SQL_RESULT_MB", 64),
        session_hours=_env_float("DASHBOARD_SESSION_HOURS", 9.0),
        pace=PaceConfig(on_track=_env_float("DASHBOARD_PACE_ON_TRACK", 0.95),
                        at_risk=_env_float("DASHBOARD_PACE_AT_RISK", 0.80),
                        trend_periods=_env_int("DASHBOARD_TREND_PERIODS", 6),
                        horizon_years=_env_int("DASHBOARD_PROJECTION_YEARS", 5)),
        roles_file=_env_path("DASHBOARD_ROLES_FILE", REPO_ROOT / "roles.toml"),
        lang=os.environ.get("DASHBOARD_LANG") or "zh",
    )
