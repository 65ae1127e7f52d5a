"""Login through Streamlit's own st.login against a local OpenID Connect provider, and what each role is served."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, Locator, Page, expect

from dashboard.base.settings import REPO_ROOT
from tests.e2e.conftest import _free_port, serve
from tests.e2e.test_pages import READY, full_page_screenshot, load
from tests.test_access import ROLES

pytestmark = pytest.mark.e2e
PEOPLE = [User(sub="leader", claims={"email": "leader@city.example", "groups": ["leaders"]}),
          User(sub="analyst", claims={"email": "analyst@city.example", "groups": ["analysts"]}),
          User(sub="stranger", claims={"email": "stranger@elsewhere.example", "groups": []}),
          User(sub="pingxi", claims={"email": "pingxi@city.example", "groups": []})]
# A township leader: their own entry grants the viewer role for 平息乡 (T05) only.
SCOPED = '\n[[user]]\nemail = "pingxi@city.example"\nrole = "viewer"\ntownships = ["T05"]\n'
OTHER_TOWNSHIPS = ("简城街道", "东城街道", "南城街道", "青山镇", "白马镇")


@pytest.fixture(scope="module")
def login_server(demo_var: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the demo warehouse with [auth] pointing at a provider this test runs on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("login")
    (folder / ".streamlit").mkdir()
    shutil.copy(REPO_ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / "roles.toml").write_text(ROLES + SCOPED, encoding="utf-8")
    port = _free_port()
    with run_server_in_thread(port=0, user_claims=PEOPLE) as provider:
        (folder / ".streamlit" / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-long-random-string-for-the-test"\n'
            'client_id = "dashboard"\nclient_secret = "dashboard-secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"\n'
            'client_kwargs = { scope = "openid email profile" }\n', encoding="utf-8")
        with serve(demo_var, env={"DASHBOARD_ROLES_FILE": str(folder / "roles.toml")}, cwd=folder,
                   port=port) as url:
            yield url


def sign_in(browser: Browser, url: str, who: str) -> Page:
    """Open the app, press the login button, pick `who` at the provider, and wait for the app again."""
    page = load(browser, url)
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name=who, exact=True).click()  # the provider's predefined users
    page.wait_for_url(f"{url}/**", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)
    page.wait_for_selector(READY, timeout=60_000)
    return page


def shown(locator: Locator) -> str:
    """Return a part of the page's text as a reader sees it (without the word joiner that stops autolinks)."""
    return locator.inner_text().replace("\u2060", "")


def test_anonymous_visitors_see_only_the_login_page(browser: Browser, login_server: str) -> None:
    page = load(browser, login_server)
    expect(page.get_by_text("本看板需要登录后查看")).to_be_visible()
    assert page.get_by_text("三个目标的进展").count() == 0
    page.close()
    load_page = load(browser, f"{login_server}/load")
    assert load_page.locator("h1").filter(has_text="加载数据").count() == 0, "nothing is served before login"
    load_page.close()


def test_a_leader_signs_in_reads_the_overview_and_is_not_served_loading(browser: Browser, login_server: str) -> None:
    page = sign_in(browser, login_server, "leader")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "已登录：leader@city.example · 查看者" in shown(sidebar)
    expect(page.get_by_text("三个目标的进展")).to_be_visible()
    assert sidebar.get_by_text("加载数据").count() == 0 and sidebar.get_by_text("SQL 工作台").count() == 0
    assert page.get_by_text("本地模式").count() == 0
    page.goto(f"{login_server}/load")
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)
    assert page.locator("h1").filter(has_text="加载数据").count() == 0, "not served outside the role, even by URL"
    page.goto(login_server)  # still signed in: Streamlit keeps the login in a cookie
    page.wait_for_selector(READY, timeout=60_000)
    page.get_by_role("button", name="退出登录").click()
    # Streamlit may pass the logout on to the provider's end-session page; the app is signed out either way.
    page.wait_for_timeout(3000)
    page.goto(login_server)
    page.wait_for_selector(READY, timeout=60_000)
    expect(page.get_by_role("button", name="登录")).to_be_visible(timeout=30_000)
    assert page.get_by_text("三个目标的进展").count() == 0
    page.close()


def test_an_analyst_reaches_loading_and_a_stranger_reaches_nothing(browser: Browser, login_server: str) -> None:
    page = sign_in(browser, login_server, "analyst")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "已登录：analyst@city.example · 分析员" in shown(sidebar)
    page.goto(f"{login_server}/load")
    page.wait_for_selector(READY, timeout=60_000)
    expect(page.locator("h1").filter(has_text="加载数据")).to_be_visible(timeout=30_000)
    assert sidebar.get_by_text("快照与回滚").count() == 0
    page.close()
    stranger = sign_in(browser, login_server, "stranger")
    assert "stranger@elsewhere.example 已登录，但角色清单中没有此账号" in shown(stranger.locator("body"))
    assert stranger.get_by_text("三个目标的进展").count() == 0
    stranger.close()


def test_a_township_leader_sees_only_their_township_even_by_url(browser: Browser, login_server: str) -> None:
    page = sign_in(browser, login_server, "pingxi")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "可见范围：平息乡" in shown(sidebar)
    township = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="街镇").first
    assert township.locator("input").input_value() == "平息乡"
    assert township.locator("input").is_disabled(), "the township filter is locked to the scope"
    page.goto(f"{login_server}/voice?township=T01")  # another township's link
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(".main-svg", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    assert sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="街镇").first.locator(
        "input").input_value() == "平息乡"
    charts = page.locator(".main-svg").evaluate_all("svgs => svgs.map(s => s.textContent).join(' ')")
    assert charts.strip(), "the page drew its charts"
    assert [name for name in OTHER_TOWNSHIPS if name in charts] == []
    full_page_screenshot(page, "scoped-voice-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(REPO_ROOT / "test-artifacts" / "screens" / "scoped-voice-390.png"))
    assert sidebar.get_by_text("SQL 工作台").count() == 0 and sidebar.get_by_text("加载数据").count() == 0
    page.goto(f"{login_server}/sql")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.locator("h1").filter(has_text="SQL 工作台").count() == 0, "free SQL is not served to a scope"
    page.close()
