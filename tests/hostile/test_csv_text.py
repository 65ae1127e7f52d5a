"""CSV downloads and `sql --csv` keep hostile text as text: rows never split, formulas never run."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.base.settings import REPO_ROOT
from dashboard.present.downloads import csv_bytes

FORMULA_START = ("=", "+", "-", "@")
# What a careless or malicious cell may hold: a CR or LF before a formula, blanks or control characters in front
# of one, a stray quote, a comma, and a formula in a column name.
HOSTILE = ["备注\r=1+1", "第一行\n=2+2", "\r\n", " =1+1", "\x01=cmd|' /C calc'!A0", "\t=1+1", "\u3000@SUM(1)",
           '更换6"排水管', "甲,乙", '=HYPERLINK("http://evil.example","点此")', "+1", "-1", "普通文字", ""]
FRAME = pd.DataFrame({"=说明": HOSTILE, "n": range(len(HOSTILE))})


def lead(text: str) -> str:
    """Return text without the leading blanks and control characters a spreadsheet skips."""
    skipped = {"Cc", "Cf", "Zs", "Zl", "Zp"}
    i = 0
    while i < len(text) and (text[i].isspace() or unicodedata.category(text[i]) in skipped):
        i += 1
    return text[i:]


def parse(text: str) -> list[list[str]]:
    """Read CSV text back with Python's csv module, as a spreadsheet import would."""
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_text_stays_text(rows: list[list[str]], frame: pd.DataFrame) -> None:
    """One row per frame row, every field kept, and nothing that starts like a formula."""
    assert len(rows) == len(frame) + 1, "a row was split or merged"
    assert all(len(row) == len(frame.columns) for row in rows)
    for row in rows:
        for cell in row:
            assert not lead(cell).startswith(FORMULA_START), repr(cell)
    texts = [cell.removeprefix("'") for cell in (row[0] for row in rows[1:])]
    assert texts == [str(v) for v in frame.iloc[:, 0]], "a value changed beyond the apostrophe in front"
    assert [int(row[1]) for row in rows[1:]] == list(frame["n"])


def test_download_quotes_line_breaks_and_neutralises_formulas_after_blanks() -> None:
    data = csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    assert_text_stays_text(parse(data.decode("utf-8-sig")), FRAME)


def test_sql_csv_prints_the_same_safe_csv(fixture_var: Path, tmp_path: Path) -> None:
    statement = ("select s as \"=说明\", n from (values ('备注' || chr(13) || '=1+1', 0), "
                 "('第一行' || chr(10) || '=2+2', 1), (chr(1) || '=cmd', 2), (' =1+1', 3), ('更换6\"排水管', 4), "
                 "('甲,乙', 5)) as t(s, n) order by n")
    var = tmp_path / "var"  # the command writes to the audit log: a private copy keeps the shared warehouse as it was
    shutil.copytree(fixture_var, var)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DASHBOARD_VAR_DIR": str(var)}
    done = subprocess.run([sys.executable, "-m", "dashboard", "sql", statement, "--csv"], env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    expected = pd.DataFrame({"=说明": ["备注\r=1+1", "第一行\n=2+2", "\x01=cmd", " =1+1", '更换6"排水管', "甲,乙"],
                             "n": range(6)})
    assert_text_stays_text(parse(done.stdout.decode("utf-8")), expected)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (Debian: libreoffice-calc)")
def test_libreoffice_opens_the_download_with_no_formula_and_no_split_row(tmp_path: Path) -> None:
    source = tmp_path / "hostile.csv"
    source.write_bytes(csv_bytes(FRAME))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180, check=True)
    sheet = openpyxl.load_workbook(tmp_path / "hostile.xlsx").active
    rows = list(sheet.iter_rows())
    assert len(rows) == len(FRAME) + 1, "LibreOffice split or merged a row"
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"], "a cell became a formula"
    # XLSX writes control characters as _xHHHH_; what matters is what follows them.
    shown = [re.sub(r"_x[0-9A-F]{4}_", "", str(row[0].value or "")).removeprefix("'") for row in rows[1:]]
    assert [lead(v) for v in shown] == [lead(v.replace("\r\n", "\n").replace("\r", "\n")) for v in HOSTILE]
