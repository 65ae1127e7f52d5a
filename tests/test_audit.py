"""The audit log: append-only lines read newest first, written whole by many processes, and fed by the CLI and app."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import audit
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.cli import main
from dashboard.engine.runner import QueryError, Runner
from dashboard.warehouse import snapshot
from tests.test_access import AUTH, open_app, shown_text
from tests.test_app import switch_to
from tests.test_lifecycle import a_community, activities_file

ADMIN = {"is_logged_in": True, "email": "director@city.example", "groups": []}
ANALYST = {"is_logged_in": True, "email": "a@city.example", "groups": ["analysts"]}
VIEWER = {"is_logged_in": True, "email": "leader@city.example", "groups": ["leaders"]}


@pytest.fixture
def private(fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A private copy of the fixture warehouse, so its audit log holds only this test's events."""
    from dashboard.ui import cache

    var = tmp_path / "var"
    shutil.copytree(fixture_settings.var_dir, var)
    (var / audit.AUDIT_FILE).unlink(missing_ok=True)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var))
    cache.clear()  # the app's runner is process-wide: let it open this copy
    return Settings(**{**fixture_settings.__dict__, "var_dir": var})


def events(settings: Settings, action: str | None = None) -> list[audit.AuditEvent]:
    """Return the recorded events, newest first, optionally of one action."""
    return [e for e in audit.read_events(settings) if action is None or e.action == action]


# --- the log itself -------------------------------------------------------------------------------------------------

def test_events_are_appended_and_read_newest_first(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    audit.record(settings, "a@city.example", "signin", "ok", role="admin")
    first = audit.audit_path(settings).read_bytes()
    audit.record(settings, "cli:ops", "rollback", "error", target="S1", message="snapshot S1 is not kept")
    assert audit.audit_path(settings).read_bytes().startswith(first), "earlier lines are never rewritten"
    newest, oldest = audit.read_events(settings)
    assert (newest.user, newest.action, newest.outcome, newest.details["target"]) == \
        ("cli:ops", "rollback", "error", "S1")
    assert (oldest.user, oldest.action) == ("a@city.example", "signin")
    assert newest.time.endswith("+00:00") and newest.time >= oldest.time
    assert [e.action for e in audit.read_events(settings, limit=1)] == ["rollback"]


def test_a_garbled_or_torn_line_is_skipped_and_the_next_event_still_reads(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    audit.record(settings, "u1", "load", "ok", file="a.csv")
    with audit.audit_path(settings).open("ab") as log:
        log.write(b"not json at all\n\xff\xfe\n[1, 2]\n")
        log.write(b'{"time": "2026-01-01T00:00:00+00:00", "user": "u2", "act')  # a write cut short
    audit.record(settings, "u3", "adhoc_sql", "ok", sql="select 1")
    assert [(e.user, e.action) for e in audit.read_events(settings)] == [("u3", "adhoc_sql"), ("u1", "load")]


def test_long_sql_and_error_text_are_kept_short(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    sql = "select " + ", ".join(f"'列{i}' as c{i}" for i in range(2000))
    error = QueryError("Parser Error: syntax error at end of input\nLINE 1: select\n        ^", "syntax")
    audit.record_sql(settings, "u", sql, error=error)
    (event,) = audit.read_events(settings)
    assert event.outcome == "error" and event.details["kind"] == "syntax"
    assert event.details["message"] == "Parser Error: syntax error at end of input"
    assert len(event.details["sql"]) < audit.MAX_SQL_CHARS + 40 and event.details["sql"].startswith(sql[:100])
    assert f"[{len(sql):,} characters]" in event.details["sql"]


def test_concurrent_processes_append_every_line_whole(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    writer = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from dashboard.access.audit import record
        from dashboard.base.settings import Settings, load_settings
        settings = Settings(**{{**load_settings().__dict__, "var_dir": Path({str(tmp_path / "var")!r})}})
        for i in range(150):
            record(settings, f"p{{sys.argv[1]}}", "adhoc_sql", "ok", n=i, sql="select '长文本' " * 300)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    processes = [subprocess.Popen([sys.executable, "-c", writer, str(p)], env=env) for p in range(4)]
    assert [p.wait(timeout=120) for p in processes] == [0] * 4
    lines = audit.audit_path(settings).read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line) for line in lines[:-1]), "every line is one whole event"
    found = sorted((e.user, e.details["n"]) for e in audit.read_events(settings))
    assert found == sorted((f"p{p}", i) for p in range(4) for i in range(150))


def _settings(tmp_path: Path) -> Settings:
    """Settings whose var folder is tmp_path/var (nothing else is used)."""
    from dashboard.base.settings import load_settings

    return Settings(**{**load_settings().__dict__, "var_dir": tmp_path / "var"})


# --- the command line -----------------------------------------------------------------------------------------------

def test_cli_load_and_rollback_are_recorded_with_the_os_user(private: Settings, tmp_path: Path) -> None:
    before = snapshot.current_snapshot_id(private)
    path = activities_file(tmp_path / "活动.csv", ["AU1", "AU2"], a_community(private))
    done = subprocess.run([sys.executable, "-m", "dashboard", "load", str(path), "--table", "volunteer_activities"],
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    (event,) = events(private)
    assert event.user.startswith("cli:") and len(event.user) > 4
    assert (event.action, event.outcome) == ("load", "ok")
    assert event.details | {"snapshot": None} == {"file": "活动.csv", "table": "volunteer_activities",
                                                 "mode": "append", "added": 2, "replaced": 0, "removed": 0,
                                                 "snapshot": None}
    assert event.details["snapshot"] == snapshot.current_snapshot_id(private)
    assert main(["load", str(path), "--table", "volunteer_activities", "--check"]) == 1, "the rows exist now"
    assert len(events(private)) == 1, "a check changes nothing and is not recorded"
    assert main(["rollback", before]) == 0
    assert main(["rollback", "20000101T000000000000-nothere"]) == 1
    failed, rolled = events(private, "rollback")
    assert (rolled.outcome, rolled.details["target"]) == ("ok", before)
    assert rolled.details["snapshot"] == snapshot.current_snapshot_id(private)
    assert failed.outcome == "error" and "not kept" in failed.details["message"]


def test_cli_load_of_a_bad_file_is_recorded_as_refused(private: Settings, tmp_path: Path) -> None:
    path = activities_file(tmp_path / "bad.csv", ["B1"], "C9999")
    assert main(["load", str(path), "--table", "volunteer_activities", "--lang", "en"]) == 1
    assert main(["load", str(tmp_path / "missing.csv"), "--table", "townships"]) == 1
    missing, bad = events(private, "load")
    assert (bad.outcome, bad.details["file"], bad.details["problems"]) == ("refused", "bad.csv", 1)
    assert "C9999" in bad.details["message"] and "\n" not in bad.details["message"]
    assert missing.outcome in {"refused", "error"} and missing.details["file"] == "missing.csv"


def test_cli_sql_is_recorded_with_its_outcome(private: Settings) -> None:
    assert main(["sql", "select count(*) as n from townships"]) == 0
    assert main(["sql", "copy townships to 'x.csv'"]) == 1
    refused, ran = events(private, "adhoc_sql")
    assert (ran.outcome, ran.details["sql"], ran.details["rows"]) == ("ok", "select count(*) as n from townships", 1)
    assert (refused.outcome, refused.details["sql"]) == ("refused", "copy townships to 'x.csv'")


# --- the app --------------------------------------------------------------------------------------------------------

def table_of(at: AppTest) -> list[dict[str, object]]:
    """Return the audit table the page shows, as rows."""
    frame = next(d.value for d in at.dataframe if "用户" in d.value.columns)
    return frame.to_dict("records")


def test_an_admin_reads_the_log_newest_first_and_filters_it(private: Settings, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    audit.record_rollback(private, "cli:ops", "20180101T000000000000-old", error=ValueError("snapshot is not kept"))
    at = open_app(tmp_path, monkeypatch, ADMIN, "ui/pages/audit.py")
    assert not at.exception, [e.value for e in at.exception]
    assert "审计日志" in [t.value for t in at.title]
    rows = table_of(at)
    assert list(rows[0]) == ["时间（UTC）", "用户", "操作", "结果", "详情"]
    assert [(r["用户"], r["操作"], r["结果"]) for r in rows] == [("director@city.example", "登录", "成功"),
                                                                ("cli:ops", "回滚", "出错")]
    assert "回滚到 20180101T000000000000-old" in str(rows[1]["详情"])
    at.multiselect(key="audit.action").set_value(["rollback"]).run()
    assert [r["用户"] for r in table_of(at)] == ["cli:ops"]
    at.multiselect(key="audit.action").set_value([]).run()
    at.multiselect(key="audit.user").set_value(["director@city.example"]).run()
    assert [r["操作"] for r in table_of(at)] == ["登录"]
    assert len(events(private, "signin")) == 1, "one sign-in per browser session, however many reruns"


@pytest.mark.parametrize("user", [VIEWER, ANALYST], ids=["viewer", "analyst"])
def test_viewers_and_analysts_are_not_served_the_log(user: dict[str, object], private: Settings, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    audit.record(private, "cli:ops", "load", "ok", file="secret-plan.csv")
    at = open_app(tmp_path, monkeypatch, user, "ui/pages/audit.py")
    assert not at.exception
    assert "审计日志" not in [t.value for t in at.title]
    assert "secret-plan.csv" not in str([d.value for d in at.dataframe]) + shown_text(at)
    (signin,) = events(private, "signin")
    assert (signin.user, signin.outcome) == (user["email"], "ok")


def test_an_analysts_adhoc_sql_in_the_app_is_recorded(private: Settings, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    at = switch_to(open_app(tmp_path, monkeypatch, ANALYST), "ui/pages/sql.py").run()
    sql = "select township_id, name_zh as 街镇 from townships order by 1"
    for statement in (sql, "select * from read_text('/etc/passwd')", "select nope from townships"):
        at.text_area(key="adhoc.sql").input(statement)
        at.button(key="adhoc.run").click().run()
        assert not at.exception
    failed, refused, ran = events(private, "adhoc_sql")
    assert {e.user for e in (failed, refused, ran)} == {"a@city.example"}
    expected_rows = len(Runner(private).run_sql(sql).frame)
    assert (ran.outcome, ran.details["sql"], ran.details["rows"]) == ("ok", sql, expected_rows)
    assert (refused.outcome, refused.details["sql"]) == ("refused", "select * from read_text('/etc/passwd')")
    assert failed.outcome == "error" and failed.details["kind"] in {"binder", "catalog"}
    assert "nope" in failed.details["message"]


def _guarded_action() -> None:
    """A page whose action needs the admin role."""
    from dashboard.ui.frame import signin

    signin.require("admin")


def test_a_refused_action_is_recorded_as_denied(private: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(REPO_ROOT / "roles.toml"))
    at = AppTest.from_function(_guarded_action, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "nobody@city.example", "groups": []}
    at.run()
    assert at.error, "the refusal is shown"
    (denied,) = events(private, "denied")
    assert (denied.user, denied.outcome, denied.details["needed"]) == ("nobody@city.example", "refused", "admin")


def test_local_mode_records_statements_as_local_and_no_sign_in(private: Settings) -> None:
    from tests.test_workbench_app import run_adhoc

    at = run_adhoc("select 42 as answer")
    assert [(e.user, e.action, e.outcome) for e in events(private)] == [("local", "adhoc_sql", "ok")]
    switch_to(at, "ui/pages/audit.py").run()
    (row,) = table_of(at)
    assert (row["用户"], row["操作"], row["结果"]) == ("local", "即席 SQL", "成功")
    assert str(row["详情"]).startswith("SQL select 42 as answer · 行数 1 · ")
