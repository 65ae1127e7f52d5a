"""Sign-in hygiene in the app: one sign-in per login, a replayed cookie refused after logout or age, a page refused
by URL recorded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import sessions
from dashboard.base.settings import Settings
from dashboard.ui import cache
from tests.test_access import APP, AUTH, ROLES, open_app, shown_text, write
from tests.test_audit import events, private  # noqa: F401  (private: a fixture this module uses)


def serves_overview(at: AppTest) -> bool:
    """Say whether the run drew the overview for a signed-in visitor: its title and who is signed in."""
    return [t.value for t in at.title][:1] == ["总览"] and "已登录：" in shown_text(at)


def identity(email: str, groups: list[str], nonce: str, issued: float | None = None) -> dict[str, object]:
    """What `st.user` holds after a login at an OpenID provider: the ID token's claims."""
    issued = time.time() if issued is None else issued
    return {"is_logged_in": True, "iss": "http://idp.example", "sub": email.split("@")[0], "aud": "dashboard",
            "iat": int(issued), "exp": int(issued) + 3600, "nonce": nonce, "email": email, "groups": groups}


def test_one_sign_in_is_recorded_per_login_however_many_page_loads(private: Settings, tmp_path: Path,  # noqa: F811
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = identity("leader@city.example", ["leaders"], "login-1")
    for _load in range(5):  # each full page load is a new browser session
        assert not open_app(tmp_path, monkeypatch, first).exception
    (signin,) = events(private, "signin")
    assert (signin.user, signin.outcome, signin.details["role"]) == ("leader@city.example", "ok", "viewer")
    open_app(tmp_path, monkeypatch, identity("leader@city.example", ["leaders"], "login-2"))
    assert len(events(private, "signin")) == 2, "a second login is a second sign-in"


def test_a_cookie_copied_before_logout_does_not_sign_in_afterwards(private: Settings, tmp_path: Path,  # noqa: F811
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cookie = identity("leader@city.example", ["leaders"], "copied")
    at = open_app(tmp_path, monkeypatch, cookie)
    assert serves_overview(at)
    at.button(key="access.logout").click().run()
    assert not at.exception
    replay = open_app(tmp_path, monkeypatch, cookie)  # another browser holding a copy of the cookie
    assert not replay.exception
    text = shown_text(replay)
    assert "此登录已退出，不能再次使用，请重新登录。" in text
    assert not serves_overview(replay) and "已登录：" not in text and "总览" not in text
    assert [b.label for b in replay.button] == ["登录"]
    refused, signout, signin = events(private)[:3]
    assert (signin.action, signin.outcome) == ("signin", "ok")
    assert (signout.action, signout.user, signout.details["role"]) == ("signout", "leader@city.example", "viewer")
    assert (refused.action, refused.outcome, refused.details.get("logged_out")) == ("signin", "refused", True)
    open_app(tmp_path, monkeypatch, cookie)
    assert len(events(private, "signin")) == 2, "a refused reuse is recorded once, not on every page load"
    fresh = open_app(tmp_path, monkeypatch, identity("leader@city.example", ["leaders"], "fresh"))
    assert serves_overview(fresh), "signing in afresh works"


def test_a_login_older_than_the_session_length_is_refused(private: Settings, tmp_path: Path,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_SESSION_HOURS", "9")
    old = identity("director@city.example", [], "yesterday", issued=time.time() - 9 * 3600 - 60)
    at = open_app(tmp_path, monkeypatch, old)
    assert not at.exception
    assert "此登录已超过 9 小时的会话时长，请重新登录。" in shown_text(at)
    assert not serves_overview(at) and "总览" not in shown_text(at)
    (signin,) = events(private, "signin")
    assert (signin.outcome, signin.details.get("expired")) == ("refused", True)


def test_a_session_ended_in_one_tab_ends_in_the_other_at_its_next_run(private: Settings, tmp_path: Path,  # noqa: F811
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cookie = identity("a@city.example", ["analysts"], "two-tabs")
    other_tab = open_app(tmp_path, monkeypatch, cookie)
    assert serves_overview(other_tab)
    login = sessions.login_of(cookie)
    assert login is not None
    sessions.end(private, login)  # logout in the first tab, maybe on another replica
    other_tab.run()
    assert not serves_overview(other_tab)
    assert "此登录已退出" in shown_text(other_tab)


def open_at_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: dict[str, object], path: str) -> AppTest:
    """Run the app with login configured, as `user`, the browser's address naming the page `path`."""
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(write(tmp_path, ROLES)))
    cache.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = user
    at.context = {"url": f"http://127.0.0.1:8501/{path}"}
    return at.run()


@pytest.mark.parametrize(("path", "needed"), [("sql", "analyst"), ("load", "analyst"), ("audit", "admin")])
def test_a_page_refused_by_url_is_recorded(path: str, needed: str, private: Settings, tmp_path: Path,  # noqa: F811
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_at_url(tmp_path, monkeypatch, identity("leader@city.example", ["leaders"], f"url-{path}"), path)
    assert not at.exception
    assert serves_overview(at), "the visitor gets the overview"
    at.run()  # a rerun of the same browser session is not a second attempt
    (denied,) = events(private, "denied")
    assert (denied.user, denied.outcome) == ("leader@city.example", "refused")
    assert (denied.details["page"], denied.details["needed"], denied.details["by_url"]) == (f"/{path}", needed, True)


def test_a_served_page_opened_by_url_records_nothing(private: Settings, tmp_path: Path,  # noqa: F811
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_at_url(tmp_path, monkeypatch, identity("a@city.example", ["analysts"], "served"), "sql")
    assert not at.exception
    assert events(private, "denied") == []


def test_admins_read_the_session_length_on_the_users_page(private: Settings, tmp_path: Path,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_SESSION_HOURS", "7.5")
    at = open_app(tmp_path, monkeypatch, identity("director@city.example", [], "users"), "ui/pages/users.py")
    assert not at.exception
    assert "每次登录自登录时起有效 7.5 小时" in shown_text(at)


def test_an_unwritable_ledger_refuses_sign_in_in_one_line(private: Settings, tmp_path: Path,  # noqa: F811
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (private.var_dir / sessions.LOCK_FILE).mkdir()  # the lock file cannot be opened
    at = open_app(tmp_path, monkeypatch, identity("director@city.example", [], "no-ledger"))
    assert not at.exception
    assert [e.value for e in at.error] == ["服务器上的登录记录无法写入，暂时不能登录，请联系管理员。"]
    assert not serves_overview(at) and "总览" not in shown_text(at)
