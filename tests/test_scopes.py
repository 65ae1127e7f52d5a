"""Township scopes: the roles file grants them, the server binds every query to them, nothing beyond them shows."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access.reader import Reader
from dashboard.access.roles import RolesFileError, load_roles
from dashboard.access.scoped import ScopeError, bind_scope, runs_in_scope
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.briefing.collect import BriefingRequest, collect, open_runner
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope
from dashboard.ui import cache
from dashboard.ui.frame.nav import all_pages
from dashboard.warehouse import snapshot
from tests.test_access import APP, AUTH
from tests.test_app import switch_to

ROLES = """\
[[user]]
email = "pingxi@city.example"
role = "viewer"
townships = ["T03"]

[[user]]
email = "pingxi.analyst@city.example"
role = "analyst"
townships = ["T03"]

[[group]]
name = "leaders"
role = "viewer"

[[user]]
email = "director@city.example"
role = "admin"
"""
# Names of the fixture's other townships and their villages and communities: none may reach a T03 reader.
OUTSIDE = ("简城街道", "东城街道", "Jiancheng", "Dongcheng", "政府街社区", "蜀阳社区")
DOMAIN_PAGES = ("ui/pages/overview.py", "voice", "renovation", "services")


def roles_file(tmp_path: Path, text: str = ROLES) -> Path:
    """Write a roles file and return its path."""
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return path


def open_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, email: str, page: str | None = None,
            url: dict[str, str] | None = None, roles: str = ROLES) -> AppTest:
    """Run the app with login on, signed in as email (under a roles file's text), optionally on one page and from a
    URL's query."""
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(roles_file(tmp_path, roles)))
    cache.clear()  # the app's runner is process-wide: let it open the warehouse this test points at
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    for key, value in (url or {}).items():
        at.query_params[key] = value
    if page:
        switch_to(at, page)
    return at.run()


def shown_data(at: AppTest) -> str:
    """Return every chart's data and every table's rows the run sent to the browser, as one text."""
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    tables = [d.value.to_csv() for d in at.dataframe] + [str(t.value) for t in at.table]
    return " ".join(charts + tables)


def independent(settings: Settings, sql: str) -> object:
    """Answer SQL on the live fixture snapshot, opened as the app opens it, without the app's code."""
    path = snapshot.current_snapshot_path(settings)
    with duckdb.connect(str(path), read_only=True, config=snapshot.reader_config(settings)) as con:
        return con.execute(sql).fetchone()[0]


def test_a_scope_comes_from_the_entries_granting_the_highest_role(tmp_path: Path) -> None:
    roles = load_roles(roles_file(tmp_path, ROLES + '\n[[group]]\nname = "east"\nrole = "viewer"\n'
                                                    'townships = ["T02", "T01"]\n'))
    assert roles.access("pingxi@city.example", []).townships == ("T03",)
    assert roles.access("pingxi@city.example", ["east"]).townships == ("T01", "T02", "T03")
    assert roles.access("pingxi@city.example", ["leaders"]).townships is None, "a city-wide grant of the same role"
    analyst = roles.access("pingxi.analyst@city.example", ["leaders"])
    assert (analyst.role, analyst.townships) == ("analyst", ("T03",)), "a lower city-wide grant does not widen it"


@pytest.mark.parametrize(("text", "message"), [
    ('[[user]]\nemail = "a@b.c"\nrole = "admin"\ntownships = ["T01"]\n', "line 1: an admin works on the whole city"),
    ('[[group]]\nname = "g"\nrole = "viewer"\ntownships = "T01"\n', "line 1: townships must be a list"),
    ('[[user]]\nemail = "a@b.c"\nrole = "viewer"\n\n[[user]]\nemail = "c@d.e"\nrole = "viewer"\ntownships = []\n',
     "line 5: townships must be a list"),
])
def test_a_broken_scope_names_its_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RolesFileError, match=message):
        load_roles(roles_file(tmp_path, text))


def test_every_query_file_is_either_bound_by_township_or_declared_city_wide() -> None:
    registry = load_registry(REPO_ROOT / "queries")
    voice = registry.get("voice/demands_by_township")
    assert bind_scope(voice, {"township": "T03"}, ("T03",)) == {"township": "T03"}
    for value in (None, "T01"):
        with pytest.raises(ScopeError, match="outside your townships"):
            bind_scope(voice, {"township": value}, ("T03",))
    assert bind_scope(voice, {"township": None}, None) == {"township": None}, "no scope: the whole city"
    assert registry.get("published/figures").city_wide
    closed = [s.query_id for s in registry.specs.values() if not runs_in_scope(s)]
    assert "reference/load_history" in closed and "voice/demands_of_community" not in closed
    assert not [q for q in closed if q.split("/")[0] in ("voice", "renovation", "services", "indicators")], \
        "every domain and indicator query must be runnable for a township reader"


def test_a_scoped_runner_refuses_free_sql_and_foreign_townships(fixture_settings: Settings) -> None:
    registry = load_registry(REPO_ROOT / "queries")
    runner = Reader(Runner(fixture_settings), None, ("T03",))
    with pytest.raises(ScopeError, match="ad-hoc SQL"):
        runner.run_sql("select 1")
    with pytest.raises(ScopeError):
        runner.run(registry.get("voice/demands_by_township"), {"township": "T01"})
    with pytest.raises(ScopeError, match="no township parameter"):
        runner.run(registry.get("reference/load_history"))


@pytest.mark.parametrize("page", DOMAIN_PAGES)
def test_a_township_reader_sees_only_their_township(fixture_settings: Settings, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    at = open_as(tmp_path, monkeypatch, "pingxi@city.example", page, url={"township": "T01"})
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    township = at.selectbox(key="filter.township")
    assert (township.options, township.value, township.disabled) == (["平息乡"], "T03", True), \
        "the filter is locked to the scope, even when the URL names another township"
    assert at.query_params["township"] == ["T03"] or at.query_params["township"] == "T03"
    shown = shown_data(at)
    assert at.get("plotly_chart"), "the page drew its charts"
    assert [name for name in OUTSIDE if name in shown] == []


def test_a_township_readers_attention_block_names_only_their_township(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_as(tmp_path, monkeypatch, "pingxi@city.example", "ui/pages/overview.py")
    assert not at.exception
    block = next(h.proto.body for h in at.get("html") if 'data-attention="block"' in h.proto.body)
    towns = Runner(fixture_settings).run_sql("select name_zh from townships").frame["name_zh"]
    assert [name for name in towns if name in block and name != "平息乡"] == []
    city = open_page_as_city(tmp_path, monkeypatch)
    assert [name for name in towns if name in city and name != "平息乡"], "the city's block names other townships"


def open_page_as_city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Return the overview's attention block as the city director reads it."""
    at = open_as(tmp_path, monkeypatch, "director@city.example", "ui/pages/overview.py")
    return next(h.proto.body for h in at.get("html") if 'data-attention="block"' in h.proto.body)


def test_a_township_readers_figures_equal_independent_sql(fixture_settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_as(tmp_path, monkeypatch, "pingxi@city.example", "voice")
    cards = {m.label: m.value for m in at.metric}
    questionnaires = independent(fixture_settings, "select count(*) from questionnaires as q "
                                                   "join communities as c using (community_id) "
                                                   "where c.township_id = 'T03'")
    city = independent(fixture_settings, "select count(*) from questionnaires")
    assert questionnaires != city, "the fixture must tell a township from the city"
    assert cards["印发调查问卷"] == f"{questionnaires:,}"
    first_step = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert first_step["title"]["text"] == "调查问卷"
    assert first_step["value"] == questionnaires, "the township's own questionnaires, not the city's"


def test_free_sql_and_loading_are_not_served_to_a_township_analyst(fixture_settings: Settings, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for page, title in (("ui/pages/sql.py", "SQL 工作台"), ("ui/pages/load.py", "加载数据")):
        at = open_as(tmp_path, monkeypatch, "pingxi.analyst@city.example", page)
        assert title not in [t.value for t in at.title], f"{page} is not served to a township analyst"
    library = open_as(tmp_path, monkeypatch, "pingxi.analyst@city.example", "ui/pages/library.py")
    assert not library.exception and "查询库" in [t.value for t in library.title]
    queries = library.radio(key="library.query")
    assert "reference/load_history" not in queries.options
    library.radio(key="library.section").set_value("voice").run()
    pickers = [s for s in library.selectbox if s.key and s.key.endswith(".township")
               and s.key != "filter.township"]
    assert pickers and all(p.options == ["平息乡"] for p in pickers), "query widgets offer only the scope"


def test_a_township_briefing_shows_only_that_township(fixture_settings: Settings) -> None:
    registry = load_registry(REPO_ROOT / "queries")
    runner = Reader(open_runner(fixture_settings), None, ("T03",))
    request = BriefingRequest.build(["voice/demands_by_township", "renovation/works_by_township"],
                                    Scope(township="T03"))
    briefing = collect(runner, registry, request)
    shown = json.dumps([chart.plot for chart in briefing.charts], ensure_ascii=False, default=str)
    assert "平息乡" in shown and [name for name in OUTSIDE if name in shown] == []
    assert "平息乡" in briefing.filters, "the slides say which township they show"
    with pytest.raises(ScopeError):
        collect(runner, registry, BriefingRequest.build(["voice/demands_by_township"], Scope()))


def test_an_admin_reads_who_may_see_what_and_others_are_not_served_it(fixture_settings: Settings, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_as(tmp_path, monkeypatch, "director@city.example", "ui/pages/users.py")
    assert not at.exception and "用户与角色" in [t.value for t in at.title]
    table = at.dataframe[0].value
    rows = {row["邮箱或组名"]: (row["类型"], row["角色"], row["可见街镇"]) for _, row in table.iterrows()}
    assert rows["pingxi@city.example"] == ("账号", "查看者", "平息乡")
    assert rows["leaders"] == ("组", "查看者", "全市")
    leader = open_as(tmp_path, monkeypatch, "pingxi.analyst@city.example", "ui/pages/users.py")
    assert "用户与角色" not in [t.value for t in leader.title]


VIEWER_PAGES = {"overview", "screen", "voice", "renovation", "services", "briefing"}
# Each role's pages, written out rather than derived from the navigation code they check.
SERVED = {
    "leader@city.example": VIEWER_PAGES,
    "pingxi.analyst@city.example": VIEWER_PAGES | {"library"},
    "analyst@city.example": VIEWER_PAGES | {"library", "sql", "load"},
    "director@city.example": VIEWER_PAGES | {"library", "sql", "load", "snapshots", "meeting", "audit", "users"},
}
MATRIX_ROLES = ROLES + '\n[[user]]\nemail = "leader@city.example"\nrole = "viewer"\n' \
                       '\n[[user]]\nemail = "analyst@city.example"\nrole = "analyst"\n'


@pytest.mark.parametrize("email", sorted(SERVED))
def test_each_role_is_served_exactly_its_pages_even_by_url(fixture_settings: Settings, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, email: str) -> None:
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(roles_file(tmp_path, MATRIX_ROLES)))

    def drawn(url_path: str | None) -> list[str]:
        cache.clear()
        at = AppTest.from_file(APP, default_timeout=120)
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": email}
        if url_path:
            switch_to(at, url_path)
        at.run()
        assert not at.exception, (url_path, [e.value for e in at.exception])
        return [str(e.value) for e in (*at.title, *at.header)][:3] or [h.proto.body[:200] for h in at.get("html")][:1]

    fallback = drawn(None)  # a page outside the navigation is not served: Streamlit shows the default one
    served = {page.url_path for page in all_pages() if page.url_path == "overview" or drawn(page.url_path) != fallback}
    assert served == SERVED[email]
