"""The one confined reader: a page and a query added with no scope code still show a township account only its
townships, and no module but the reader filters by township or holds run state in the session."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from tests.test_scopes import OUTSIDE, open_as

PACKAGE = REPO_ROOT / "dashboard"
READER = {PACKAGE / "access" / "reader.py", PACKAGE / "access" / "scoped.py"}
PAGE = """\
title: {zh: 地点一览, en: Places}
menu: {zh: 地点一览, en: Places}
blocks:
  - chart: places/townships
  - chart: places/communities
"""
# A city-wide list keyed by township and an ordinary query with a township parameter, written as an analyst would:
# neither says anything about who may read it.
TOWNSHIPS = """\
/*---
title: {zh: 全部街镇, en: All townships}
chart: {type: table}
params:
  lang: {type: lang, default: zh}
source: demo
scope: city
---*/
select township_id, case when $lang = 'en' then name_en else name_zh end as township from townships
"""
COMMUNITIES = """\
/*---
title: {zh: 村社, en: Communities}
chart: {type: table}
source: demo
---*/
select c.township_id, c.name_zh as community from communities as c
where $township is null or c.township_id = $township
"""


def queries_with_a_new_page(tmp_path: Path) -> Path:
    """Copy queries/ and add a page file and two query files that carry no scope code."""
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    folder = queries / "places"
    folder.mkdir()
    (folder / "page.yaml").write_text(PAGE, encoding="utf-8")
    (folder / "townships.sql").write_text(TOWNSHIPS, encoding="utf-8")
    (folder / "communities.sql").write_text(COMMUNITIES, encoding="utf-8")
    return queries


@pytest.mark.parametrize(("email", "sees_others"), [("pingxi@city.example", False), ("director@city.example", True)])
def test_a_new_page_and_query_without_scope_code_show_a_township_account_only_its_places(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, email: str,
        sees_others: bool) -> None:
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(queries_with_a_new_page(tmp_path)))
    at = open_as(tmp_path, monkeypatch, email, "places")
    assert not at.exception, [e.value for e in at.exception]
    assert "地点一览" in [t.value for t in at.title], "the new page file is served"
    shown = " ".join(d.value.to_csv() for d in at.dataframe)
    assert len(at.dataframe) == 2 and "平息乡" in shown, "both new tables drew the account's own township"
    others = [name for name in OUTSIDE if name in shown]
    assert bool(others) == sees_others, others  # the whole-city account proves the other places are there


def _names(node: ast.AST) -> set[str]:
    """Return every identifier and string constant inside a node."""
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            found.add(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            found.add(sub.value)
    return found


def _about_townships(node: ast.AST) -> bool:
    """Say whether an expression names a township column or list."""
    return any("township" in name.lower() for name in _names(node))


# Where a module would get a visitor's townships from: the visitor, the run, a reader or runner, the session.
SOURCES = ("visitor", "run", "reader", "runner", "access", "session", "current", "scope")


def _visitors_townships(node: ast.AST, assigned: dict[str, ast.AST]) -> bool:
    """Say whether an expression is a visitor's townships (directly, or a name assigned from them)."""
    if isinstance(node, ast.Name) and node.id in assigned:
        node = assigned[node.id]
    text = ast.unparse(node)
    return "townships" in text and any(word in text for word in SOURCES)


def township_filters(source: str, where: str) -> list[str]:
    """Return the lines of a module that bind or filter by township outside the reader."""
    tree = ast.parse(source)
    assigned = {t.id: n.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                for t in n.targets if isinstance(t, ast.Name)}
    hits = []
    for node in ast.walk(tree):
        line = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Name | ast.Attribute) and _names(node) & {"bind_scope", "ScopedRunner", "confine"}:
            hits.append(f"{line} binds the scope itself")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "isin" \
                and (_about_townships(node.func.value) or any(_about_townships(a) for a in node.args)):
            hits.append(f"{line} filters rows by township (.isin)")
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops) \
                and any(_visitors_townships(c, assigned) for c in node.comparators):
            hits.append(f"{line} checks membership in the visitor's townships")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                and len(node.args) > 1 and _about_townships(node.args[1]) \
                and any(word in ast.unparse(node.args[0]) for word in ("runner", "reader")):
            hits.append(f"{line} reads townships off a runner by name")
    return hits


def test_the_township_filter_check_finds_each_way_of_filtering_by_hand() -> None:
    hand = ("towns = towns[towns['township_id'].isin(allowed)]\n"
            "mine = [t for t in ids if t in visitor.townships]\n"
            "allowed = getattr(runner, 'townships', None)\n"
            "params = bind_scope(spec, params, townships)\n"
            "allowed = cache.session_townships()\nkeep = [t for t in ids if t in allowed]\n")
    assert len(township_filters(hand, "x.py")) == 5
    harmless = ("chase = frame[frame['status'].isin(ORDER)]\n"
                "outlines = [shapes.townships[t] for t in towns if t in shapes.townships]\n"
                "if value not in allowed: pass\n")
    assert township_filters(harmless, "x.py") == []


def test_no_module_outside_the_reader_filters_by_township() -> None:
    # The demo builder makes data (its own townships), and the roles file grants them; neither reads for a visitor.
    skipped = {PACKAGE / "access" / "roles.py", PACKAGE / "access" / "audit.py"}
    found = [hit for path in sorted(PACKAGE.rglob("*.py"))
             if path not in READER | skipped and "demo" not in path.relative_to(PACKAGE).parts
             for hit in township_filters(path.read_text(encoding="utf-8"), str(path.relative_to(REPO_ROOT)))]
    assert not found, "filter by township only in dashboard/access/reader.py:\n" + "\n".join(found)


RUN_STATE = ("_run.", "_frame.")  # session keys the run context once lived under (the frame's own, `_frame.run`, too)


def session_keys(source: str) -> list[tuple[int, str]]:
    """Return (line, key as written) for every st.session_state access whose key is a string or a named constant."""
    tree = ast.parse(source)
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                 for t in n.targets if isinstance(t, ast.Name)}
    keys = []
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "st.session_state":
            key = node.slice
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and ast.unparse(node.func.value) == "st.session_state" and node.args:
            key = node.args[0]
        if isinstance(key, ast.Constant):
            keys.append((node.lineno, str(key.value)))
        elif isinstance(key, ast.Name | ast.Attribute):
            keys.append((node.lineno, constants.get(ast.unparse(key), ast.unparse(key))))
    return keys


def run_state_reads(source: str, where: str) -> list[str]:
    """Return the lines of a module outside the frame that touch run state in the session."""
    hits = [f"{where}:{line} {key}" for line, key in session_keys(source)
            if key.startswith(RUN_STATE) or "_HELD" in key]
    hits += [f"{where} names the frame's run key" for word in ("_HELD", '"_frame.run"') if word in source]
    return hits


def test_the_run_state_check_finds_a_session_key_holding_run_state() -> None:
    assert len(run_state_reads('SNAP = "_run.snapshot"\nst.session_state.get(SNAP)\n', "x.py")) == 1
    assert run_state_reads("st.session_state.get(context._HELD)\n", "x.py")
    assert run_state_reads('st.session_state["meeting.outcome"] = 1\n', "x.py") == []


def test_no_module_holds_run_state_in_the_session_and_the_cache_only_caches() -> None:
    ui = PACKAGE / "ui"
    found = [hit for path in [*sorted(ui.rglob("*.py")), PACKAGE / "app.py"]
             for check in (run_state_reads, run_kept_in_session)
             for hit in check(path.read_text(encoding="utf-8"), str(path.relative_to(REPO_ROOT)))]
    assert not found, "the frame hands the run context down as an argument; the session keeps widget values:\n" \
        + "\n".join(found)
    assert "session_state" not in (ui / "cache.py").read_text(encoding="utf-8"), "the cache module only caches"
    assert session_keys((ui / "frame" / "context.py").read_text(encoding="utf-8")) == [], "nor does the frame"


# The frame hands each page run's context down as an argument; these are the ways a module once fetched it instead.
RUN_GETTERS = frozenset({"current", "reader", "live_reader"})
FRAME_CONTEXT = "dashboard.ui.frame.context"
RUN_VALUES = frozenset({"run", "ctx", "context", "reader", "live_reader", "Run", "Context", "CachedReader", "begin",
                        "renew"})


def run_getter_calls(source: str, where: str) -> list[str]:
    """Return the lines of a module that fetch the run context instead of taking it as an argument."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        line = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr in RUN_GETTERS and isinstance(node.value, ast.Name) \
                and node.value.id == "context":
            hits.append(f"{line} fetches the run with context.{node.attr}()")
        elif isinstance(node, ast.ImportFrom) and node.module == FRAME_CONTEXT \
                and any(alias.name in RUN_GETTERS for alias in node.names):
            hits.append(f"{line} imports a run getter from {FRAME_CONTEXT}")
    return hits + run_kept_in_session(source, where)


def run_kept_in_session(source: str, where: str) -> list[str]:
    """Return the lines of a module that put the run context, or its reader into the session."""
    return [f"{where}:{node.lineno} keeps the run context in the session" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Assign) and any(ast.unparse(t).startswith("st.session_state") for t in node.targets)
            and _holds_run(node.value)]


def _holds_run(value: ast.expr) -> bool:
    """Say whether an assigned value is the run context, its reader, or something built from them by the frame."""
    if isinstance(value, ast.Tuple):
        return any(_holds_run(item) for item in value.elts)
    if isinstance(value, ast.Call):
        value = value.func
    if isinstance(value, ast.Attribute):
        return value.attr in RUN_VALUES
    return isinstance(value, ast.Name) and value.id in RUN_VALUES


def test_the_run_getter_check_finds_each_way_of_fetching_the_run() -> None:
    fetching = ("scope = context.current().selection\n"
                "rows = context.reader().frame('reference/townships')\n"
                "live = context.live_reader()\n"
                "from dashboard.ui.frame.context import current\n"
                "st.session_state['x'] = (run, reader)\n"
                "st.session_state[KEY] = context.renew(ctx)\n")
    assert len(run_getter_calls(fetching, "x.py")) == 6
    passed = ("def draw(ctx: Context) -> None:\n    rows = ctx.reader.frame('reference/townships')\n"
              "st.session_state['adhoc._outcome'] = outcome = run_adhoc(reader, sql)\n"
              "st.session_state[OUTCOME] = ('ok', text)\nctx = context.renew(ctx)\n")
    assert run_getter_calls(passed, "x.py") == []


def test_the_run_context_is_an_argument_outside_the_frame() -> None:
    ui = PACKAGE / "ui"
    outside = [p for p in sorted(ui.rglob("*.py")) if "frame" not in p.relative_to(ui).parts]
    found = [hit for path in [*outside, PACKAGE / "app.py"]
             for hit in run_getter_calls(path.read_text(encoding="utf-8"), str(path.relative_to(REPO_ROOT)))]
    assert not found, "pages, blocks and fragments take the run context as an argument:\n" + "\n".join(found)
