"""What a reader sees on every page, in both languages: no missing string (⟨key⟩), and no text of the other language."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.ui.frame.nav import all_pages
from tests.test_app import APP, open_page

# Proto fields that hold text a reader sees; ids, keys, icons, formats and data bytes are left out.
SHOWN_FIELDS = {"body", "label", "options", "help", "placeholder", "delta", "caption", "text", "title",
                "display_value", "default_value"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
TAG = re.compile(r"<[^>]+>")
STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)  # CSS is not text a reader sees


def _strings(value: Any, shown: bool = False) -> Iterator[str]:
    """Yield the strings of a proto dict found under the fields a reader sees."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, shown or key in SHOWN_FIELDS)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, shown)
    elif isinstance(value, str) and shown:
        yield TAG.sub(" ", STYLE.sub(" ", value))


def _plotly_texts(spec: dict) -> Iterator[str]:
    """Yield a figure's titles, axis and legend titles, annotations, tick labels and trace names."""
    layout = spec.get("layout", {})
    for part in layout.values():
        if isinstance(part, dict):
            title = part.get("title")
            yield from [title.get("text", "")] if isinstance(title, dict) else [title] if isinstance(title, str) else []
            yield from (str(t) for t in part.get("ticktext", []) or [])
    for note in layout.get("annotations", []):
        yield note.get("text", "")
    for trace in spec.get("data", []):
        yield str(trace.get("name") or "")


def _table_texts(proto: dict) -> tuple[list[str], list[str]]:
    """Return a dataframe's shown column headers and its text cells."""
    raw = proto.get("arrow_data", {}).get("data")
    if not raw:
        return [], []
    table = pa.ipc.open_stream(base64.b64decode(raw)).read_all()
    config = json.loads(proto.get("columns") or "{}")
    order = proto.get("column_order") or [n for n in table.column_names if not n.startswith("__")]
    headers = []
    for name in order:
        label = (config.get(name) or config.get(f"_pos:{name}") or {}).get("label")
        headers.append(label or name)
    cells = [str(v) for column in table.columns if pa.types.is_string(column.type) or pa.types.is_large_string(
        column.type) for v in column.to_pylist() if v]
    return headers, cells


def drawn(at: AppTest) -> tuple[list[str], list[str]]:
    """Return the texts a page draws (headings, text, alerts, labels, options, headers, chart titles) and its cells."""
    texts: list[str] = []
    cells: list[str] = []

    def walk(node: Any) -> None:
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else []):
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is None or getattr(node, "type", "") in ("code", "exception"):
            return  # code blocks hold SQL; exceptions are asserted absent elsewhere
        data = MessageToDict(proto, preserving_proto_field_name=True)
        if getattr(node, "type", "") == "plotly_chart":
            # Plotly shows its text with entities decoded (`n&lt;30` reads n<30), as escaped by present.safe_text.
            texts.extend(html.unescape(t) for t in _plotly_texts(json.loads(data.get("spec", "{}"))))
        elif "arrow_data" in data:
            headers, rows = _table_texts(data)
            texts.extend(headers)
            cells.extend(rows)
        else:
            texts.extend(_strings(data))

    walk(at._tree)
    return [t for t in texts if t.strip()], cells


PAGES = [page.path for page in all_pages()]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_shows_a_missing_string(page: str, lang: str, fixture_settings: Settings) -> None:
    texts, cells = drawn(open_page(page, lang))
    missing = [t for t in [*texts, *cells] if "⟨" in t]
    assert not missing, missing


def data_values(settings: Settings, lang: str) -> set[str]:
    """Return the warehouse's text values a page in lang may show: names of places, projects, figures, answers.

    A column with a twin in the other language (name_zh beside name_en) counts only in its own language, so a
    Chinese township name on an English page is still caught.
    """
    runner = Runner(settings)
    columns = runner.run_sql("select table_name, column_name from information_schema.columns "
                             "where data_type = 'VARCHAR' and table_schema = 'main'").frame
    values: set[str] = set()
    other = "_en" if lang == "zh" else "_zh"
    for table, column in columns.itertuples(index=False):
        if column.endswith(other):
            continue
        frame = runner.run_sql(f'select distinct "{column}" from "{table}" where "{column}" is not null').frame
        values |= {str(v) for v in frame.iloc[:, 0]}
    return values


def table_names(settings: Settings) -> set[str]:
    """Return the warehouse's table and view names, which are SQL identifiers rather than words."""
    runner = Runner(settings)
    return set(runner.run_sql("select table_name from information_schema.tables").frame["table_name"])


# Chinese an English page may show: the language switch names Chinese in Chinese.
CHINESE_IN_ENGLISH = {"中文"}
# English a Chinese page may show: the language switch, file formats, tools and SQL by their names, units.
ENGLISH_IN_CHINESE = {"English", "select", "from", "Wilson"}  # Wilson names an interval
# Codes and file names: paths and query ids (voice/kpis), file names and extensions, snake_case identifiers,
# environment variables, snapshot ids, `$params`, emails, and abbreviations in capitals (SQL, CSV, PPTX, GB).
CODE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an account's email (the audit log, users and roles)
                  r"|[\w.-]+/(?:[\w.-]+/?)*"
                  r"|[\w.-]*\.(?:sql|csv|xlsx|pptx|pdf|png|zip|toml|yaml|log|duckdb)"
                  r"\b|\b[a-z]+(?:_+[a-z0-9]+)+\b|\b[A-Z]+(?:_[A-Z0-9]+)+\b|\b[0-9a-f]{10}\b|\$\w+"
                  r"|(?<![A-Za-z])[A-Z][A-Z0-9]+\b|\bDuckDB\b|\bExcel\b", re.ASCII)


def foreign_text(text: str, lang: str, allowed_data: set[str]) -> list[str]:
    """Return the runs of the other language in one drawn text, after removing data values, codes and file names."""
    text = CODE.sub(" ", text.replace("\\", ""))  # Markdown escapes (\_) are not text
    for value in sorted(allowed_data, key=len, reverse=True):
        if len(value) > 1 and value in text:
            text = text.replace(value, " ")
    if lang == "en":
        return [run for run in CJK.findall(text) if run not in CHINESE_IN_ENGLISH and run.strip("　（），。：；、")]
    return [word for word in WORD.findall(text) if word not in ENGLISH_IN_CHINESE]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_page_speaks_one_language_outside_data_and_codes(page: str, lang: str, fixture_settings: Settings) -> None:
    texts, _cells = drawn(open_page(page, lang))
    allowed = data_values(fixture_settings, lang)
    allowed |= {p.name for p in (REPO_ROOT / "queries").iterdir() if p.is_dir()}  # folders name the sections
    allowed |= table_names(fixture_settings)  # the schema browser names tables and views by their SQL names
    found = {text: runs for text in texts if (runs := foreign_text(text, lang, allowed))}
    assert not found, found


def test_after_switching_to_english_the_selects_and_scope_line_say_all(fixture_settings: Settings) -> None:
    from dashboard.ui import cache

    cache.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key="filter.lang").set_value("en").run()
    for key in ("filter.township", "filter.area"):
        select = at.selectbox(key=key)
        assert select.proto.set_value and select.proto.raw_value == "All", "the browser would keep showing 全部"
    assert "Showing: all months · all townships · urban and rural" in [c.value for c in at.caption]
