"""Real escape attempts against the ad-hoc SQL sandbox: each fails with one clear line and the warehouse unchanged."""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings, load_settings
from dashboard.engine.runner import QueryError, Runner
from dashboard.engine.sqlerrors import explain_error
from dashboard.warehouse import snapshot

SLOW = "select count(*) from range(100000) as a, range(100000) as b, range(1000) as c"

# (statement, kind of refusal). Kinds raised before DuckDB runs anything: not_read, many_statements.
ESCAPES = [
    ("insert into townships values ('T99', '新', 'New', 'town', 'rural', 'demo')", "not_read"),
    ("update townships set name_zh = '改'", "not_read"),
    ("delete from townships", "not_read"),
    ("create table stolen as select * from townships", "not_read"),
    ("create view v as select 1", "not_read"),
    ("create temp table scratch as select 1", "not_read"),
    ("drop table townships", "not_read"),
    ("alter table townships add column x int", "not_read"),
    ("comment on table townships is 'x'", "not_read"),
    ("with gone as (drop table townships) select 1", "syntax"),
    ("with gone as (delete from townships returning *) select * from gone", "read_only"),
    ("copy townships to 'stolen.csv'", "not_read"),
    ("copy (select * from communities) to '/tmp/stolen.parquet' (format parquet)", "not_read"),
    ("copy townships from '/etc/passwd'", "not_read"),
    ("export database '/tmp/stolen'", "not_read"),
    ("import database '/tmp/stolen'", "not_read"),
    ("select * from read_csv('/etc/passwd')", "permission"),
    ("select * from read_text('/etc/hostname')", "permission"),
    ("select * from read_blob('/etc/hostname')", "permission"),
    ("select * from glob('/etc/*')", "permission"),
    ("select * from read_parquet('/tmp/any.parquet')", "permission"),
    ("select * from read_json('/etc/passwd')", "permission"),
    ("select * from sniff_csv('/etc/passwd')", "permission"),
    ("select * from read_csv('https://example.com/data.csv')", "permission"),
    ("select * from '/etc/passwd'", "catalog"),
    ("select * from duckdb_extensions()", "permission"),
    ("attach '/tmp/other.duckdb' as other", "not_read"),
    ("attach ':memory:' as scratch", "not_read"),
    ("detach database if exists scratch", "not_read"),
    ("install httpfs", "not_read"),
    ("load httpfs", "not_read"),
    ("force install httpfs", "not_read"),
    ("update extensions", "not_read"),
    ("set threads = 1", "not_read"),
    ("set memory_limit = '64GB'", "not_read"),
    ("set enable_external_access = true", "not_read"),
    ("set lock_configuration = false", "not_read"),
    ("reset memory_limit", "not_read"),
    ("pragma threads = 1", "not_read"),
    ("pragma enable_profiling", "not_read"),
    ("set profiling_output = '/tmp/profile.json'", "not_read"),
    ("call enable_logging()", "not_read"),
    ("checkpoint", "not_read"),
    ("vacuum", "not_read"),
    ("select 1; drop table townships", "many_statements"),
    ("select 1; /* looks like a comment */ drop table townships", "many_statements"),
    ("select 'it''s fine'; drop table townships; -- '", "many_statements"),
    ("select 1 as n;\n-- trailing comment\ndelete from townships;", "many_statements"),
    ("-- only a comment", "no_statement"),
    ("select sleep_ms(600000)", "denied_function"),
    ("select \"PG_SLEEP\" (600)", "denied_function"),
    ("select list_transform([600000], x -> main.sleep_ms(x))", "denied_function"),
    ("select * from query(concat('select sl', 'eep_ms(600000)'))", "denied_function"),
    ("select * from json_execute_serialized_sql(json_serialize_sql('select 1'))", "denied_function"),
]

# Below run_sql's statement check, the connection itself must refuse: (statement, exception, kind).
DIRECT = [
    ("insert into townships values ('T99', '新', 'New', 'town', 'rural', 'demo')", "read_only"),
    ("update townships set name_zh = '改'", "read_only"),
    ("delete from townships", "read_only"),
    ("create table stolen as select 1", "read_only"),
    ("drop table townships", "read_only"),
    ("copy townships to 'stolen.csv'", "permission"),
    ("export database 'stolen'", "permission"),
    ("attach '/tmp/other.duckdb' as other", "permission"),
    ("attach ':memory:' as scratch", "read_only"),
    ("install httpfs", "permission"),
    ("load httpfs", "permission"),
    ("set enable_external_access = true", "locked"),
    ("set memory_limit = '64GB'", "locked"),
    ("reset threads", "locked"),
    ("set temp_directory = '/tmp/spill'", "locked"),
    ("pragma disable_checkpoint_on_shutdown", "locked"),
]


def digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def private_copy(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    """Copy the fixture warehouse and point the environment at it, so its DuckDB limits can differ."""
    var_dir = tmp_path / "var"
    shutil.copytree(settings.var_dir, var_dir)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var_dir))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return load_settings()


def assert_clear_line(error: QueryError, kind: str, settings: Settings) -> None:
    """The error is of the expected kind, one line in each language, and names no server path."""
    assert error.kind == kind, str(error)
    for lang in ("zh", "en"):
        line = explain_error(error, lang, settings)
        explanation = translate(f"workbench.error.{kind}", lang, seconds=settings.max_seconds,
                                memory=settings.memory_limit, **error.details)
        assert line.startswith(explanation)
        assert "\n" not in line and "Traceback" not in line
        assert str(settings.var_dir) not in line and "/etc/" not in line and "/tmp/" not in line


@pytest.fixture
def live(fixture_settings: Settings) -> Iterator[tuple[Runner, Path]]:
    """A runner on the fixture warehouse and the snapshot file it must leave byte-identical."""
    path = snapshot.current_snapshot_path(fixture_settings)
    before = digest(path)
    yield Runner(fixture_settings), path
    assert digest(path) == before, "the warehouse file changed"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "files appeared beside the warehouse"


@pytest.mark.parametrize(("sql", "kind"), ESCAPES, ids=[s[:50] for s, _ in ESCAPES])
def test_escape_is_refused_with_one_clear_line(sql: str, kind: str, live: tuple[Runner, Path],
                                               fixture_settings: Settings) -> None:
    runner, _ = live
    with pytest.raises(QueryError) as info:
        runner.run_sql(sql)
    assert_clear_line(info.value, kind, fixture_settings)


@pytest.mark.parametrize(("sql", "kind"), DIRECT, ids=[s[:50] for s, _ in DIRECT])
def test_connection_itself_refuses_without_the_statement_check(sql: str, kind: str, live: tuple[Runner, Path],
                                                               fixture_settings: Settings) -> None:
    from dashboard.engine.runner import clean_error, error_kind

    cursor, _ = live[0].connection()
    with pytest.raises(duckdb.Error) as info:
        cursor.execute(sql)
    cursor.close()
    assert error_kind(info.value) == kind
    assert_clear_line(QueryError(clean_error(info.value), error_kind(info.value)), kind, fixture_settings)


@pytest.mark.parametrize(("sql", "value"), [
    ("select 1 -- ; drop table townships", 1),
    ("select ';drop table townships;' as v", ";drop table townships;"),
    ("select $$; delete from townships; $$ as v", "; delete from townships; "),
    ("select e'\\'; drop table townships; --' as v", "'; drop table townships; --"),
    ("/* ; drop table townships; */ select 1", 1),
    ("select 1;  -- nothing after the semicolon but a comment", 1),
    ("select 'sleep_ms(600000)' as v -- query(", "sleep_ms(600000)"),
    ("select 7 as query", 7),
])
def test_what_hides_in_comments_and_strings_is_text_not_sql(sql: str, value: object,
                                                              live: tuple[Runner, Path]) -> None:
    result = live[0].run_sql(sql)
    assert result.frame.iloc[0, 0] == value and len(result.frame) == 1


def test_temporary_objects_are_refused_and_would_not_outlive_the_run(live: tuple[Runner, Path]) -> None:
    runner, _ = live
    with pytest.raises(QueryError, match="not CREATE"):
        runner.run_sql("create temp table scratch as select 42 as n")
    cursor, _ = runner.connection()
    cursor.execute("create temp table scratch as select 42 as n")  # DuckDB allows it on a read-only file …
    cursor.close()
    with pytest.raises(QueryError) as info:  # … but each run has its own cursor, so it is gone
        runner.run_sql("select * from scratch")
    assert info.value.kind == "catalog"


def test_result_far_over_the_row_cap_is_cut_and_flagged(live: tuple[Runner, Path]) -> None:
    result = live[0].run_sql("select a.range as a, b.range as b from range(100000) as a, range(100000) as b")
    assert result.truncated and len(result.frame) == live[0].settings.row_cap == 10_000
    exact = live[0].run_sql("select * from range(10000)")
    assert not exact.truncated and len(exact.frame) == 10_000


def test_results_do_not_show_server_paths(live: tuple[Runner, Path], fixture_settings: Settings) -> None:
    frame = live[0].run_sql("select database_name, path from duckdb_databases() where path is not null").frame
    assert len(frame) == 1
    assert str(fixture_settings.var_dir) not in frame["path"].iloc[0]
    assert frame["path"].iloc[0].endswith(".duckdb")


def test_runaway_query_is_stopped_while_another_query_answers(fixture_settings: Settings, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    settings = private_copy(fixture_settings, tmp_path, monkeypatch, DASHBOARD_MAX_SECONDS="2")
    path = snapshot.current_snapshot_path(settings)
    before = digest(path)
    runner = Runner(settings)
    expected = runner.run_sql("select count(*) as n from townships").frame["n"].iloc[0]
    # Both SQL workers running before the race starts: a worker's start-up on a busy machine can outlast the limit.
    warm = [threading.Thread(target=runner.run_sql, args=("select 1",)) for _ in range(2)]
    for thread in warm:
        thread.start()
    for thread in warm:
        thread.join()
    started, outcome = threading.Event(), {}

    def runaway() -> None:
        started.set()
        try:
            runner.run_sql(SLOW)
        except QueryError as exc:
            outcome["error"] = exc

    slow = threading.Thread(target=runaway)
    slow.start()
    started.wait()
    answered_meanwhile = []
    while slow.is_alive():
        n = runner.run_sql("select count(*) as n from townships").frame["n"].iloc[0]
        answered_meanwhile.append(n == expected and slow.is_alive())
    slow.join()
    assert any(answered_meanwhile), "no other query answered while the runaway one ran"
    assert_clear_line(outcome["error"], "timeout", settings)
    assert "2" in explain_error(outcome["error"], "zh", settings)
    assert digest(path) == before


def test_memory_hog_is_stopped_and_spills_nothing_to_disk(fixture_settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    settings = private_copy(fixture_settings, tmp_path, monkeypatch, DASHBOARD_MEMORY_LIMIT="64MB")
    path = snapshot.current_snapshot_path(settings)
    before, files = digest(path), sorted(settings.var_dir.rglob("*"))
    with pytest.raises(QueryError) as info:
        Runner(settings).run_sql("select * from range(30000000) as r(i) order by hash(i)")
    assert_clear_line(info.value, "memory", settings)
    assert "64MB" in explain_error(info.value, "en", settings)
    assert digest(path) == before and sorted(settings.var_dir.rglob("*")) == files
