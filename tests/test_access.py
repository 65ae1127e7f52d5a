"""Roles: the roles file and its errors, what each role is served, and the refusal to serve openly without login."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access.roles import RolesFileError, load_roles
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.ui import cache
from tests.test_app import switch_to

APP = str(REPO_ROOT / "dashboard" / "app.py")
ROLES = """\
[[user]]
email = "Director@City.example"
role = "admin"

[[group]]
name = "analysts"
role = "analyst"

[[group]]
name = "leaders"
role = "viewer"
"""
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "dashboard", "client_secret": "x",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def write(tmp_path: Path, text: str) -> Path:
    """Write a roles file and return its path."""
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_gets_the_highest_role_of_their_entry_and_groups(tmp_path: Path) -> None:
    roles = load_roles(write(tmp_path, ROLES))
    assert roles.access("director@city.example", []).role == "admin"
    assert roles.access("someone@city.example", ["leaders", "analysts"]).role == "analyst"
    assert roles.access("someone@city.example", ["leaders"]).role == "viewer"
    assert roles.access("stranger@elsewhere.example", ["guests"]).role is None
    assert load_roles(REPO_ROOT / "roles.toml").users == {}, "the shipped file is all comments"


@pytest.mark.parametrize(("text", "message"), [
    (ROLES.replace('role = "viewer"', 'role = "boss"'), "line 9: role 'boss' is not one of viewer, analyst, admin"),
    (ROLES + '\n[[group]]\nname = "leaders"\nrole = "admin"\n', "line 13: group 'leaders' is listed twice"),
    (ROLES.replace('email = "Director@City.example"', 'email = "director"'), "line 1: 'director' is not an email"),
    (ROLES + '\n[[user]]\nemail = "t@city.example"\nrole = "viewer"\ntownship = ["T01"]\n',
     "line 13: unknown key 'township'"),
    (ROLES + "\n[[users]]\n", "line 13: unknown section 'users'"),
    ('[[user]]\nemail = "a@b.c"\nrole = viewer\n', "line 3"),
])
def test_a_broken_roles_file_names_its_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RolesFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_roles(write(tmp_path, text))


def open_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: dict[str, object] | None,
             path: str | None = None) -> AppTest:
    """Run the app with login configured, as `user` (None: anonymous), optionally on one page."""
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(write(tmp_path, ROLES)))
    cache.clear()  # the app's runner is process-wide: let it open the warehouse this test points at
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    if path:
        switch_to(at, path)
    return at.run()


def shown_text(at: AppTest) -> str:
    """Return the titles, markdown, alerts and button labels the run drew, as a reader sees them.

    Text shown literally carries Markdown escapes and a word joiner that keeps an email from becoming a link.
    """
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "warning", "error") for e in at.get(kind)]
    text = " ".join(str(p) for p in parts + [b.label for b in at.button])
    return text.replace("\u2060", "").replace("\\.", ".")


def test_an_anonymous_visitor_is_served_only_the_login_page(fixture_settings: Settings, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(tmp_path, monkeypatch, None)
    assert not at.exception
    assert "登录" in [b.label for b in at.button]
    assert "三个目标的进展" not in shown_text(at)
    loads = open_app(tmp_path, monkeypatch, None, "ui/pages/load.py")
    assert "加载数据" not in [t.value for t in loads.title], "a page left out of the navigation is not served"


def test_a_viewer_reads_pages_but_is_not_served_loading(fixture_settings: Settings, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    leader = {"is_logged_in": True, "email": "leader@city.example", "groups": ["leaders"]}
    at = open_app(tmp_path, monkeypatch, leader)
    assert not at.exception
    assert "已登录：leader@city.example · 查看者" in shown_text(at)
    assert "本地模式" not in shown_text(at)
    assert [t.value for t in at.title][:1] == ["总览"]
    load = open_app(tmp_path, monkeypatch, leader, "ui/pages/load.py")
    assert "加载数据" not in [t.value for t in load.title]
    analyst = {"is_logged_in": True, "email": "a@city.example", "groups": ["analysts"]}
    load = open_app(tmp_path, monkeypatch, analyst, "ui/pages/load.py")
    assert not load.exception
    assert "加载数据" in [t.value for t in load.title]


def test_a_signed_in_account_without_a_role_sees_only_a_notice(fixture_settings: Settings, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(tmp_path, monkeypatch, {"is_logged_in": True, "email": "x@elsewhere.example", "groups": []})
    assert not at.exception
    assert "x@elsewhere.example 已登录，但角色清单中没有此账号" in shown_text(at)
    assert "三个目标的进展" not in shown_text(at)


def test_local_mode_says_so_on_every_page(fixture_settings: Settings) -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert "本地模式：未配置登录" in shown_text(at)


def run_command(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard run ...` in a folder and return what it did."""
    return subprocess.run([sys.executable, "-m", "dashboard", "run", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}, timeout=120)


def test_serving_openly_without_login_is_refused_in_one_line(tmp_path: Path) -> None:
    done = run_command(["--server.address", "0.0.0.0", "--server.port", "8599"], tmp_path)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "refusing to serve on 0.0.0.0 with no login" in lines[0]
    assert ".streamlit/secrets.toml" in lines[0]


def test_with_login_a_broken_roles_file_stops_the_start_naming_its_line(tmp_path: Path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in AUTH.items()), encoding="utf-8")
    roles = write(tmp_path, ROLES.replace('role = "analyst"', 'role = "analysts"'))
    done = run_command(["--server.port", "8598"], tmp_path, {"DASHBOARD_ROLES_FILE": str(roles)})
    assert done.returncode != 0
    assert "line 5: role 'analysts' is not one of" in done.stderr
