"""A clean page for each role: a viewer gets each chart with one download menu; analysts also get rows and SQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.query.pagefile import parse_page_file
from tests.test_access import open_app

VOICE = "voice"
LEADER = {"is_logged_in": True, "email": "leader@city.example", "groups": ["leaders"]}
ANALYST = {"is_logged_in": True, "email": "a@city.example", "groups": ["analysts"]}
FUNNEL_SQL = (REPO_ROOT / "queries" / "voice" / "funnel.sql").read_text(encoding="utf-8")
# Lines of the file's SQL, past its header: any of them reaching the browser would be the SQL sent.
FUNNEL_LINES = [line.strip() for line in FUNNEL_SQL.split("---*/", 1)[1].splitlines() if len(line.strip()) > 12]


def nodes(node: Any) -> Iterator[Any]:
    """Walk every element and block a run drew."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def texts_of(message: Message) -> Iterator[str]:
    """Yield every string field of a protobuf message, nested ones included."""
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from texts_of(item)
            elif isinstance(item, str):
                yield item


def sent(at: AppTest) -> str:
    """Return every string the run would send the browser, joined."""
    return "\n".join(text for n in nodes(at._tree) if isinstance(getattr(n, "proto", None), Message)
                     for text in texts_of(n.proto))


def menus(at: AppTest) -> list[Any]:
    """Return the download menus (popovers) of a run."""
    return [n for n in nodes(at._tree) if getattr(n, "type", "") == "popover"]


def labels_in(menu: Any) -> list[str]:
    """Return the labels of the buttons in one menu."""
    return [n.proto.label for n in nodes(menu) if getattr(n, "type", "") in ("download_button", "button")]


def test_a_viewer_gets_one_download_menu_per_chart_and_is_sent_no_sql_or_rows(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(tmp_path, monkeypatch, LEADER, VOICE)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [parse_page_file(REPO_ROOT / "queries" / "voice" / "page.yaml").title.zh]
    assert not at.code, "no SQL listing"
    assert not [e for e in at.expander if e.label in (translate("menu.details", "zh"), translate("menu.sql", "zh"))]
    assert not [line for line in FUNNEL_LINES if line in sent(at)], "the query's SQL text is not sent at all"
    found = menus(at)
    assert len(found) >= 8, "every block has its menu"
    assert {m.proto.popover.label for m in found} == {translate("menu.label", "zh")}
    funnel = labels_in(found[1])  # the first is the KPI row's, which has no chart to make a slide of
    assert funnel == [translate("menu.csv", "zh"), translate("menu.xlsx", "zh"), translate("menu.slide", "zh")]


def test_an_analyst_also_gets_the_rows_and_the_sql_when_opened(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(tmp_path, monkeypatch, ANALYST, VOICE)
    assert not at.exception, [e.value for e in at.exception]
    details = [e for e in at.expander if e.label == translate("menu.details", "zh")]
    assert len(details) >= 5 and not at.code, "closed sections are not built"
    assert len(menus(at)) >= 8
    at.session_state["voice/funnel.details.open"] = True
    at.run()
    assert [c.value.strip() for c in at.code] == [FUNNEL_SQL.strip()]
    assert all(line in sent(at) for line in FUNNEL_LINES)
    opened = next(e for e in at.expander if e.label == translate("menu.details", "zh") and e.dataframe)
    assert list(opened.dataframe[0].value.columns) == ["环节", "数量", "单位"]
