"""The audit log in a real browser: a statement run on the SQL page is listed on the audit page (local mode)."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_pages import READY, full_page_screenshot, load

pytestmark = pytest.mark.e2e


def test_a_statement_run_on_the_sql_page_is_listed_in_the_audit_log(browser: Browser, server: str) -> None:
    marker = f"审计-{uuid.uuid4().hex[:8]}"
    page = load(browser, f"{server}/sql")
    page.locator("textarea").first.fill(f"select '{marker}' as 标记")
    page.get_by_role("button", name="运行").click()
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, timeout=60_000)
    page.goto(f"{server}/audit", wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    expect(page.locator("h1").first).to_have_text("审计日志")
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_contain_text(marker, timeout=30_000)  # the grid's accessible cells carry the text
    expect(table).to_contain_text("即席 SQL")
    expect(table).to_contain_text("local")
    assert page.locator('[data-testid="stException"]').count() == 0
    full_page_screenshot(page, "audit-log-zh")
    page.close()
