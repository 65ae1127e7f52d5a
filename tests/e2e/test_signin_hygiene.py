"""Sign-in hygiene in Chromium against a local OpenID provider: one sign-in event per login, a cookie copied before
logout refused afterwards, a login older than the session refused, a page refused by URL recorded."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, Page, expect

from dashboard.access import audit
from dashboard.base.settings import REPO_ROOT, Settings, load_settings
from tests.e2e.conftest import _free_port, serve
from tests.e2e.test_login import shown, sign_in
from tests.e2e.test_pages import READY, full_page_screenshot
from tests.test_access import ROLES

pytestmark = pytest.mark.e2e
# Accounts of this module only, so the shared demo warehouse's audit log can be read for them alone.
PEOPLE = [User(sub="hygiene-viewer", claims={"email": "hygiene-viewer@city.example", "groups": ["leaders"]}),
          User(sub="hygiene-replay", claims={"email": "hygiene-replay@city.example", "groups": ["leaders"]}),
          User(sub="hygiene-late", claims={"email": "hygiene-late@city.example", "groups": ["leaders"]})]
VIEWER_PAGES = ["", "screen", "voice", "services", "briefing"]
SESSION_SECONDS = 36  # the short session of the expiry test


@contextmanager
def login_app(demo_var: Path, folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the demo warehouse with [auth] pointing at a provider run on 127.0.0.1 for this block."""
    (folder / ".streamlit").mkdir(parents=True)
    shutil.copy(REPO_ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / "roles.toml").write_text(ROLES, encoding="utf-8")
    port = _free_port()
    with run_server_in_thread(port=0, user_claims=PEOPLE) as provider:
        (folder / ".streamlit" / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "another-long-random-string-for-the-test"\n'
            'client_id = "dashboard"\nclient_secret = "dashboard-secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"\n'
            'client_kwargs = { scope = "openid email profile" }\n', encoding="utf-8")
        with serve(demo_var, env={"DASHBOARD_ROLES_FILE": str(folder / "roles.toml"), **(env or {})}, cwd=folder,
                   port=port) as url:
            yield url


@pytest.fixture(scope="module")
def hygiene_server(demo_var: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with login, at the default session length."""
    with login_app(demo_var, tmp_path_factory.mktemp("hygiene")) as url:
        yield url


def recorded(demo_var: Path, user: str, action: str) -> list[audit.AuditEvent]:
    """Return the audit events of one account and action, oldest first."""
    settings = Settings(**{**load_settings().__dict__, "var_dir": demo_var})
    return [e for e in reversed(audit.read_events(settings)) if e.user == user and e.action == action]


def open_page(page: Page, url: str) -> None:
    """Go to a URL in the same tab (a full page load: a new Streamlit session) and wait for the run to end."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)
    page.wait_for_selector(READY, timeout=60_000)


def signed_in_as(page: Page, who: str) -> bool:
    """Say whether the sidebar names `who` as signed in."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.count() > 0 and f"已登录：{who}" in shown(sidebar)


def test_a_login_is_one_sign_in_and_its_cookie_is_refused_after_logout(browser: Browser, hygiene_server: str,
                                                                        demo_var: Path) -> None:
    who = "hygiene-replay@city.example"
    page = sign_in(browser, hygiene_server, "hygiene-replay")
    for path in VIEWER_PAGES:
        open_page(page, f"{hygiene_server}/{path}")
        assert signed_in_as(page, who), f"/{path} served to the signed-in viewer"
    (signin,) = recorded(demo_var, who, "signin")
    assert (signin.outcome, signin.details["role"]) == ("ok", "viewer")
    copied = page.context.cookies()
    assert any(c["name"].startswith("_streamlit_user") for c in copied)
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_timeout(3000)  # Streamlit deletes its cookie, then may pass on to the provider's end-session page
    (signout,) = recorded(demo_var, who, "signout")
    assert signout.outcome == "ok"
    page.close()

    thief = browser.new_context(viewport={"width": 1400, "height": 900})
    thief.add_cookies(copied)
    replay = thief.new_page()
    open_page(replay, hygiene_server)
    expect(replay.get_by_text("此登录已退出，不能再次使用，请重新登录。")).to_be_visible(timeout=30_000)
    expect(replay.get_by_role("button", name="登录")).to_be_visible()
    assert not signed_in_as(replay, who)
    assert replay.get_by_text("三个目标的进展").count() == 0 and replay.get_by_text("退出登录").count() == 0
    full_page_screenshot(replay, "signin-replayed-after-logout")
    # The page has the browser drop the refused cookie, so the next load is an ordinary anonymous one.
    for _attempt in range(20):
        if not any(c["name"].startswith("_streamlit_user") for c in thief.cookies()):
            break
        replay.wait_for_timeout(500)
    assert not any(c["name"].startswith("_streamlit_user") for c in thief.cookies()), "the copied cookie is gone"
    open_page(replay, f"{hygiene_server}/voice")
    expect(replay.get_by_text("本看板需要登录后查看")).to_be_visible(timeout=30_000)
    assert not signed_in_as(replay, who)
    thief.add_cookies(copied)  # pasted in again: still refused, and recorded only once
    open_page(replay, f"{hygiene_server}/voice")
    expect(replay.get_by_text("此登录已退出，不能再次使用，请重新登录。")).to_be_visible(timeout=30_000)
    signins = recorded(demo_var, who, "signin")
    assert [(e.outcome, e.details.get("logged_out")) for e in signins] == [("ok", None), ("refused", True)]
    thief.close()


def test_a_viewer_asking_for_sql_by_url_gets_the_overview_and_is_recorded(browser: Browser, hygiene_server: str,
                                                                         demo_var: Path) -> None:
    who = "hygiene-viewer@city.example"
    page = sign_in(browser, hygiene_server, "hygiene-viewer")
    open_page(page, f"{hygiene_server}/sql")
    expect(page.get_by_text("三个目标的进展")).to_be_visible(timeout=30_000)
    assert page.locator("h1").filter(has_text="SQL 工作台").count() == 0
    (denied,) = recorded(demo_var, who, "denied")
    assert (denied.outcome, denied.details["page"], denied.details["needed"], denied.details["by_url"]) == \
        ("refused", "/sql", "analyst", True)
    assert len(recorded(demo_var, who, "signin")) == 1
    page.close()


def test_a_login_older_than_the_session_length_is_refused(browser: Browser, demo_var: Path,
                                                          tmp_path: Path) -> None:
    who = "hygiene-late@city.example"
    hours = f"{SESSION_SECONDS / 3600:g}"
    with login_app(demo_var, tmp_path / "short", env={"DASHBOARD_SESSION_HOURS": hours}) as url:
        page = sign_in(browser, url, "hygiene-late")
        signed = time.monotonic()  # the provider issued the login before this
        assert signed_in_as(page, who), "signed in within the session"
        page.wait_for_timeout(max(0.0, SESSION_SECONDS + 2 - (time.monotonic() - signed)) * 1000)
        open_page(page, url)
        expect(page.get_by_text(f"此登录已超过 {hours} 小时的会话时长，请重新登录。")).to_be_visible(timeout=30_000)
        assert not signed_in_as(page, who)
        assert page.get_by_text("三个目标的进展").count() == 0
        signins = recorded(demo_var, who, "signin")
        assert [(e.outcome, e.details.get("expired")) for e in signins] == [("ok", None), ("refused", True)]
        page.close()
