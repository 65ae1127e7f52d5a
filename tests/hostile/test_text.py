"""Text stays text: hostile names, labels and URL values show as typed in Markdown, in Plotly and on slides."""

from __future__ import annotations

import ast
import datetime as dt
import json
import math
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from markdown_it import MarkdownIt
from plotly.utils import PlotlyJSONEncoder

from dashboard.base.settings import REPO_ROOT
from dashboard.briefing.captions import Caption
from dashboard.briefing.frame import slide_plot
from dashboard.metrics.indicators import TargetPath
from dashboard.present import charts
from dashboard.present.maps import Shapes, lag_map, map_plot
from dashboard.present.plots import query_plot
from dashboard.present.safe_text import markdown_literal, plotly_frame, plotly_literal
from dashboard.query.sqlfile import ChartSpec, QuerySpec
from dashboard.ui.blocks.screen import cycle_seconds, cycle_taken_as_given
from dashboard.ui.frame.text import Markdown, bold, joined, literal

TOWN = '<a href="https://evil.example/p">东城街道</a>'
MARKDOWN = "**粗体**[点此](https://evil.example/x)"
PHISH = "[会议已取消，请点此重新登录](https://evil.example/login)"
ENGLISH = 'Dongcheng <a href="https://evil.example/p">Sub</a> & District'
SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}


def rendered(markdown: str) -> str:
    """Render Markdown as CommonMark does (Streamlit's renderer follows it) and return the HTML."""
    return MarkdownIt("commonmark").render(markdown)


def visible(html: str) -> str:
    """Return the text a reader sees in rendered HTML (tags dropped, entities decoded, word joiners removed)."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html)).replace("\u2060", "").strip()


@pytest.mark.parametrize("text", [PHISH, MARKDOWN, TOWN, "# 标题\n- 列表 | 表 `code` $x$ :red[红] &amp; <b>b</b>",
                                  "https://evil.example/x www.evil.example a@evil.example 98.5% 1,500 平方米",
                                  "_斜体_ __粗__ key_project 街道_一 1. 2018-09 (注) > 引用", "    缩进不成代码块",
                                  "[数据有误，点此核对](http://evil.example/x).csv",
                                  "<http://evil.example/x> ![图](x.png)", ":material/home: :smile: :+1: page.yaml:3"])
def test_markdown_literal_renders_as_typed_with_no_link_or_emphasis(text: str) -> None:
    html = rendered(markdown_literal(text))
    assert "<a" not in html and "<strong>" not in html and "<em>" not in html and "<code>" not in html
    assert "<h1>" not in html and "<li>" not in html
    assert visible(html) == text.replace("\n", " ").strip()
    assert "<pre>" not in html and "<blockquote>" not in html and "<ol>" not in html and "<img" not in html
    # Streamlit reads `:name:` icons and emoji after Markdown's escapes: no colon may stand right before a name.
    assert not re.search(r":[A-Za-z+]", markdown_literal(text).replace("\\:", ":"))


def test_plotly_literal_turns_tags_and_entities_into_text() -> None:
    assert plotly_literal(TOWN) == '&lt;a href="https://evil.example/p"&gt;东城街道&lt;/a&gt;'
    assert plotly_literal("R&D 98.5%") == "R&amp;D 98.5%"
    frame = plotly_frame(pd.DataFrame({"t": [TOWN, None], "n": [1.5, 2.0], "d": pd.to_datetime(["2018-09-01"] * 2)}))
    assert frame["t"].iloc[0].startswith("&lt;a") and pd.isna(frame["t"].iloc[1])
    assert frame["n"].tolist() == [1.5, 2.0] and str(frame["d"].dtype).startswith("datetime64")


def test_markdown_text_is_escaped_once_however_it_is_combined() -> None:
    once = literal(PHISH)
    assert literal(once) is once, "escaping escaped text again changes nothing"
    assert literal(literal(MARKDOWN)) == markdown_literal(MARKDOWN)
    combined = "前缀 " + once + " · " + Markdown(bold(TOWN))
    assert isinstance(combined, Markdown)
    assert visible(rendered(combined)) == f"前缀 {PHISH} · {TOWN}"
    assert "<strong>" in rendered(bold(MARKDOWN)) and "<a" not in rendered(bold(MARKDOWN))
    assert visible(rendered(joined("、", [TOWN, MARKDOWN]))) == f"{TOWN}、{MARKDOWN}"


def test_say_escapes_values_and_keeps_the_template() -> None:
    from dashboard.ui.frame.text import say

    text = say("meeting.edition.unknown", id=PHISH)
    html = rendered(text)
    assert "<a" not in html and PHISH in visible(html)


def plot_text(fig: go.Figure | dict) -> str:
    """Return every string of a figure as Plotly would receive it."""
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    return json.dumps(spec, ensure_ascii=False, cls=PlotlyJSONEncoder)


def assert_shown_as_text(fig: go.Figure | dict, *texts: str) -> None:
    """Assert the figure holds no live link or tag from data, each text escaped once, and no text escaped twice."""
    dumped = plot_text(fig)
    assert "<a" not in dumped and "evil.example/p\">" not in dumped
    assert "&amp;lt;" not in dumped and "&amp;amp;" not in dumped, "escaped twice"
    for text in texts:
        assert json.dumps(plotly_literal(text), ensure_ascii=False)[1:-1] in dumped


def query(chart: ChartSpec, title: str = "t") -> QuerySpec:
    """Return a query spec drawing with the given chart."""
    return QuerySpec(query_id="x/y", path=Path("queries/x/y.sql"), title={"zh": title, "en": title}, description={},
                     chart=chart, params={}, source="demo", sql="select 1")


def towns_frame() -> pd.DataFrame:
    """Two townships, one with a link for a name, with progress and status as the overview's tables have them."""
    return pd.DataFrame({"township_id": ["T01", "T02"], "township": ["简城街道", TOWN], "label": ["简城街道", TOWN],
                         "progress": [80.0, 20.0], "status": ["正常", "落后 <b>x</b>"],
                         "status_code": ["on_track", "off_track"], "value": [3, 5]})


@pytest.mark.parametrize("chart", [
    ChartSpec(type="bar", x="township", y=("value",)),
    ChartSpec(type="bar", x="township", y=("value",), orientation="h", sort=True),
    ChartSpec(type="bar", x="township", y=("value",), color="status"),
    ChartSpec(type="line", x="township", y=("value", "progress")),
    ChartSpec(type="pie", x="township", y=("value",)),
    ChartSpec(type="funnel", x="township", y=("value",)),
])
def test_chart_builders_show_hostile_categories_and_labels_as_text(chart: ChartSpec) -> None:
    labels = {"township": MARKDOWN, "value": "数量 <i>件</i>", "progress": "进度", "status": "状态"}
    fig = charts.build_plot(towns_frame(), chart, title=TOWN, labels=labels)
    assert_shown_as_text(fig, TOWN, MARKDOWN)


def test_query_plot_keeps_fixed_colours_of_escaped_categories() -> None:
    spec = query(ChartSpec(type="bar", x="township", y=("value",), color="status"))
    frame = towns_frame().assign(status=["已完成", "R&D"])
    fig = charts.recolor(query_plot(frame, spec, "zh", relabelled=True), {"R&D": "#123456"})
    assert_shown_as_text(fig)
    assert {t.name: t.marker.color for t in fig.data}["R&amp;D"] == "#123456"


def test_estimates_timeline_series_progress_table_and_message_plots_escape_what_they_draw() -> None:
    estimates = pd.DataFrame({"month": [TOWN, "2018-10"], "measure": [MARKDOWN, MARKDOWN], "estimate": [3.0, 4.0],
                              "ci_low": [2.0, 3.0], "ci_high": [4.0, 5.0], "n": [40, 3], "suppressed": [False, True]})
    assert_shown_as_text(charts.build_estimates(estimates, "month", labels={"month": TOWN},
                                                suppressed_text="<b>样本少</b>", title=TOWN), TOWN, MARKDOWN)
    works = pd.DataFrame({"key_project": [TOWN], "status": ["施工<a href='https://evil.example/p'>中</a>"],
                          "planned_start": ["2018-01-01"], "planned_end": ["2018-12-31"],
                          "actual_start": ["2018-02-01"], "actual_end": [None], "as_of": ["2018-10-25"]})
    assert_shown_as_text(charts.build_timeline(works, {"planned": "计划", "as_of": TOWN}, {}, title=TOWN), TOWN)
    path = TargetPath(10.0, dt.date(2017, 9, 1), 50.0, dt.date(2018, 12, 31))
    assert_shown_as_text(charts.indicator_plot([(dt.date(2018, 1, 1), 20.0)], path, dt.date(2018, 10, 25), "#123456",
                                               {"path": TOWN, "actual": MARKDOWN, "today": TOWN}, title=TOWN), TOWN)
    assert_shown_as_text(charts.progress_plot(towns_frame(), 50.0, {"expected": TOWN}, title=TOWN), TOWN)
    assert_shown_as_text(charts.build_table_plot(towns_frame(), {"township": TOWN}, note=TOWN), TOWN)
    assert_shown_as_text(charts.build_message_plot(TOWN), TOWN)


def shapes(names: dict[str, str]) -> Shapes:
    """Return township shapes (unit squares side by side) with the given names, from a file with a hostile name."""
    frame = pd.DataFrame({"place_id": list(names), "name": list(names.values()),
                          "geometry": [json.dumps({**SQUARE, "coordinates": [[[x + i, y] for x, y in
                                                                               SQUARE["coordinates"][0]]]})
                                       for i in range(len(names))],
                          "source": ['<a href="https://evil.example/p">界线.geojson</a>'] * len(names),
                          "crs": ["wgs84"] * len(names)})
    return Shapes.from_frame("township", frame)


def test_maps_write_hostile_place_names_as_text_and_still_wrap_long_names() -> None:
    places = shapes({"T01": "简城街道", "T02": TOWN, "T03": ENGLISH})
    more = pd.DataFrame({"township_id": ["T03", "T09"], "township": [ENGLISH, TOWN], "label": [ENGLISH, TOWN],
                         "progress": [50.0, 1.0], "status": ["正常", "正常"], "status_code": ["on_track"] * 2,
                         "value": [4, 1]})
    frame = pd.concat([towns_frame(), more], ignore_index=True)
    places = Shapes(level=places.level, geometry=places.geometry, names={**places.names, "T09": MARKDOWN},
                    sources=places.sources, crs=places.crs)
    fig = map_plot(frame, ChartSpec(type="map", level="township", value="value", color="status"), places, "zh",
                   labels={"value": TOWN}, colors={"落后 <b>x</b>": "#c8382e"}, title=TOWN)
    assert_shown_as_text(fig, TOWN, ENGLISH.rpartition(" ")[0], MARKDOWN)
    names = next(t for t in fig.data if t.type == "scattergeo" and t.mode == "text").text
    assert plotly_literal(ENGLISH.rpartition(" ")[0]) + "<br>District" in names, "code's own <br> still wraps"
    assert "#c8382e" in plot_text(fig), "a category's colour still found after escaping"
    assert_shown_as_text(lag_map(towns_frame(), places, "en", TOWN, TOWN), TOWN)


def test_a_slide_image_title_and_its_chart_show_hostile_text_as_text() -> None:
    from dashboard.briefing.plots import chart_plot

    spec = query(ChartSpec(type="bar", x="township", y=("value",)), title=TOWN)
    caption = Caption(title=TOWN, filters=MARKDOWN, source=TOWN, provenance=PHISH)
    assert_shown_as_text(slide_plot(chart_plot(spec, towns_frame(), "zh"), caption), TOWN, MARKDOWN, PHISH)
    table = query(ChartSpec(type="table"))
    assert_shown_as_text(chart_plot(table, towns_frame(), "zh"), TOWN)


def test_every_public_plot_builder_escapes_at_its_entry_or_hands_over_to_one_that_does() -> None:
    escapes = {"plotly_frame", "plotly_labels", "plotly_literal", "plotly_keys"}
    builders: dict[str, set[str]] = {}
    for path in sorted((REPO_ROOT / "dashboard" / "present").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.returns is not None and "Figure" in ast.unparse(node.returns):
                builders[node.name] = {_name(c) for c in ast.walk(node) if isinstance(c, ast.Call)} - {None}
    safe: set[str] = set()
    for _ in range(len(builders)):
        safe |= {name for name, calls in builders.items() if calls & (escapes | safe)}
    public = {name for name in builders if not name.startswith("_")}
    assert {"build_plot", "map_plot", "query_plot", "progress_plot"} <= public
    assert public - safe == set(), "a plot builder that puts text in a figure must escape it with present.safe_text"


# --- The guard: every Streamlit call that renders Markdown gets text from the boundary. ---

MARKDOWN_CALLS = {"markdown", "caption", "error", "warning", "info", "success", "toast", "metric", "expander", "tabs",
                  "title", "header", "subheader", "write", "button", "download_button", "link_button", "page_link",
                  "checkbox", "toggle", "radio", "selectbox", "multiselect", "text_input", "text_area", "number_input",
                  "date_input", "time_input", "slider", "select_slider", "popover", "file_uploader",
                  "form_submit_button", "segmented_control", "pills", "status", "spinner", "progress", "TextColumn",
                  "NumberColumn", "ProgressColumn", "DateColumn", "Column", "LinkColumn", "ListColumn"}
TEXT_ARGUMENTS = {"body", "label", "help", "text"}
OPTIONS_AS_MARKDOWN = {"radio", "pills", "segmented_control"}  # their options are rendered as Markdown too
MAKERS = {"say", "literal", "bold", "joined"}  # return Markdown, which escapes whatever is added to it
ESCAPES = MAKERS | {"markdown_literal"}


def _name(call: ast.Call) -> str | None:
    """Return the called function's name (`f` of `f(...)` or `x.f(...)`)."""
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)


def _makes_markdown(node: ast.AST) -> bool:
    """Say whether an expression is Markdown: a maker's result, or a sum one of whose terms is Markdown."""
    if isinstance(node, ast.Call):
        return _name(node) in MAKERS
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _makes_markdown(node.left) or _makes_markdown(node.right)
    return False


def _safe(node: ast.AST, names: set[str]) -> bool:
    """Say whether an expression is text the code wrote, or text that went through the boundary."""
    if isinstance(node, ast.Constant) or _makes_markdown(node):
        return True
    if isinstance(node, ast.Call):
        # A template with no values is the code's own words; with values it must be say().
        return _name(node) in ESCAPES or (_name(node) == "t" and not node.keywords)
    if isinstance(node, ast.Name):
        return node.id in names or node.id in ESCAPES or node.id.isupper()
    if isinstance(node, ast.IfExp):
        return _safe(node.body, names) and _safe(node.orelse, names)
    if isinstance(node, ast.List | ast.Tuple):
        return all(_safe(e, names) for e in node.elts)
    if isinstance(node, ast.ListComp | ast.Lambda):
        return _safe(node.elt if isinstance(node, ast.ListComp) else node.body, names)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
        return all(isinstance(v, ast.Constant) for v in node.value.values)
    return False


def _safe_names(function: ast.FunctionDef | ast.Module) -> set[str]:
    """Return names that hold safe text in a function: parameters annotated `Markdown`, names only given safe text."""
    names: set[str] = set()
    if isinstance(function, ast.FunctionDef):
        names |= {a.arg for a in function.args.args if isinstance(a.annotation, ast.Name)
                  and a.annotation.id == "Markdown"}
    assigned: dict[str, list[ast.AST]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (zip(target.elts, node.value.elts, strict=False)
                         if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                         else [(target, node.value)])
                for name, value in pairs:
                    if isinstance(name, ast.Name):
                        assigned.setdefault(name.id, []).append(value)
    for _ in range(3):  # a name given another safe name
        names |= {n for n, values in assigned.items() if all(_safe(v, names) for v in values)}
    return names


def unsafe_text_calls(source: str, where: str) -> list[str]:
    """Return `file:line` of every Markdown-rendering Streamlit call given text that did not pass the boundary."""
    tree = ast.parse(source)
    found = []
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]
    for scope in scopes:
        names = _safe_names(scope)
        body = scope.body if isinstance(scope, ast.Module) else [scope]
        for node in (n for part in body for n in ast.walk(part) if isinstance(n, ast.Call)):
            method = _name(node)
            receiver = getattr(node.func, "value", None)
            if method not in MARKDOWN_CALLS or not isinstance(node.func, ast.Attribute) or (
                    isinstance(receiver, ast.Name) and receiver.id == "self"):
                continue
            checked = [] if method == "progress" else list(node.args if method == "write" else node.args[:1])
            checked += [k.value for k in node.keywords if k.arg in TEXT_ARGUMENTS]
            if method in OPTIONS_AS_MARKDOWN:
                format_func = [k.value for k in node.keywords if k.arg == "format_func"]
                checked += format_func or node.args[1:2]
            found += [f"{where}:{node.lineno}: st.{method}({ast.unparse(a)[:80]})" for a in checked
                      if not _safe(a, names)]
    return sorted(set(found))


def ui_sources() -> list[Path]:
    """Return the app's entry and every UI module except the boundary itself."""
    ui = REPO_ROOT / "dashboard" / "ui"
    return [REPO_ROOT / "dashboard" / "app.py", *(p for p in sorted(ui.rglob("*.py")) if p.name != "text.py")]


def test_every_streamlit_text_call_in_the_ui_takes_text_through_the_boundary() -> None:
    found = [hit for path in ui_sources()
             for hit in unsafe_text_calls(path.read_text(encoding="utf-8"), str(path.relative_to(REPO_ROOT)))]
    assert not found, ("pass data, file names, URL values and messages through dashboard.ui.frame.text:\n"
                       + "\n".join(found))


@pytest.mark.parametrize("line", [
    'st.caption(f"{name} 已删除")', "st.error(t('meeting.edition.unknown', id=wanted))", "st.markdown(name)",
    'st.sidebar.info("前缀" + name)', "col.metric(label, 1)", "st.tabs([tab.name for tab in tabs])",
    "st.radio('x', names, format_func=lambda n: n)", "st.expander(markdown_literal(a) + b)",
])
def test_the_guard_catches_text_that_skips_the_boundary(line: str) -> None:
    assert unsafe_text_calls(f"def page(name, label, wanted, tabs, names, a, b):\n    {line}\n", "page.py")


@pytest.mark.parametrize("line", [
    'st.caption(say("meeting.edition.unknown", id=wanted))', "st.markdown(bold(name))", 'st.error(t("app.title"))',
    'st.info("前缀 " + literal(name))', "st.tabs([literal(tab.name) for tab in tabs])",
    "st.radio('x', names, format_func=literal)",
])
def test_the_guard_lets_escaped_text_and_the_codes_own_words_through(line: str) -> None:
    assert not unsafe_text_calls(f"def page(name, wanted, tabs, names):\n    {line}\n", "page.py")


# --- URL values the app reads end in one clear line, never a traceback. ---

@pytest.mark.parametrize(("raw", "seconds", "as_given"), [
    ("inf", 600, False), ("-inf", 3, False), ("1e309", 600, False), ("nan", 20, False), ("NaN", 20, False),
    ("-1", 3, False), ("十秒", 20, False), ("0x10", 20, False), ("5", 5, True), (None, 20, True), ("600", 600, True),
])
def test_screen_cycle_is_clamped_or_replaced_and_says_so(raw: str | None, seconds: int, as_given: bool) -> None:
    assert cycle_seconds(raw) == seconds and math.isfinite(cycle_seconds(raw))
    assert cycle_taken_as_given(raw) is as_given


def test_a_meeting_deck_table_page_shows_cells_from_data_as_text() -> None:
    from types import SimpleNamespace

    from dashboard.briefing.meeting_deck import table_plot
    from dashboard.briefing.meeting_tables import TableSlide

    edition = SimpleNamespace(edition_id="2018-10", name=MARKDOWN, as_of=dt.date(2018, 10, 25))
    briefing = SimpleNamespace(request=SimpleNamespace(lang="zh"), filters=TOWN, meeting=SimpleNamespace(
        edition=edition), info=SimpleNamespace(as_of=dt.date(2018, 10, 25), snapshot_id="s1", is_demo=False))
    table = TableSlide(title=TOWN, note=TOWN, columns=("街镇", "事项"), widths=(1.0, 2.0),
                       rows=((TOWN, "督办 <b>x</b>"),), sources=())
    assert_shown_as_text(table_plot(briefing, table), TOWN, MARKDOWN)


@pytest.mark.parametrize("query", [
    {"from": "2018-10", "to": "2017-09"}, {"from": "9999-99", "to": "0000-00"}, {"from": "inf", "to": "nan"},
    {"township": TOWN, "area": "<b>x</b>", "lang": "xx"}, {"indicator": "../../etc/passwd"},
    {"edition": PHISH, "compare": MARKDOWN},
])
def test_url_values_the_frame_reads_never_end_in_a_traceback(fixture_settings: object, query: dict[str, str]) -> None:
    import re

    from streamlit.testing.v1 import AppTest

    from dashboard.ui import cache
    from tests.test_app import APP

    cache.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()  # the default page, the overview, as a link opens it
    assert not at.exception, [e.value for e in at.exception]
    shown = [str(e.value) for e in (*at.error, *at.warning, *at.info, *at.caption, *at.markdown)]
    assert not [v for v in shown if re.search(r"(?<!\\)\]\(", v)], "no value from the URL is written as a link"
    if "edition" in query:
        assert any(markdown_literal(PHISH) in v for v in shown), "the unknown edition is named, as typed"
