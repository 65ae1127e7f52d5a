"""SQL said once: no block of six lines repeats across the KPI files or across the renovation files.

A block that several files need belongs in schema.sql as a view or table macro (see README "Shared views").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT
from dashboard.query.sqlfile import HEADER_RE

QUERIES = REPO_ROOT / "queries"
WINDOW = 6
GROUPS = {
    "KPI files": [*sorted(QUERIES.glob("*/kpis*.sql")), QUERIES / "renovation" / "named_places.sql"],
    "renovation files": sorted((QUERIES / "renovation").glob("*.sql")),
}


def sql_lines(text: str) -> list[str]:
    """Return the SQL after the header, one normalised line each: no comments, blank lines or case and spacing."""
    match = HEADER_RE.match(text)
    body = text[match.end():] if match else text
    lines = (re.sub(r"\s+", " ", line.split("--", 1)[0]).strip().lower() for line in body.splitlines())
    return [line for line in lines if line]


def repeated_blocks(texts: dict[str, str], window: int = WINDOW) -> list[tuple[str, str, list[str]]]:
    """Return (file, other file, block) for every window of lines that stands in two files."""
    first_seen: dict[tuple[str, ...], str] = {}
    found = []
    for name, text in texts.items():
        lines = sql_lines(text)
        for start in range(len(lines) - window + 1):
            block = tuple(lines[start:start + window])
            other = first_seen.setdefault(block, name)
            if other != name:
                found.append((other, name, list(block)))
    return found


def test_the_window_finds_a_block_two_files_share() -> None:
    block = "".join(f"select {n} as c{n}\nunion all\n" for n in range(3))
    texts = {"a.sql": f"/*---\ntitle: x\n---*/\n-- a\n{block}select 9",
             "b.sql": f"with x as (\n{block.upper()}select 8)"}
    assert [(a, b) for a, b, _ in repeated_blocks(texts)] == [("a.sql", "b.sql")]
    assert repeated_blocks({"a.sql": texts["a.sql"], "c.sql": block[:-30]}) == []


@pytest.mark.parametrize("group", list(GROUPS))
def test_no_sql_block_of_six_lines_repeats_across_the_group(group: str) -> None:
    paths: list[Path] = GROUPS[group]
    assert len(paths) >= 5
    texts = {path.relative_to(QUERIES).as_posix(): path.read_text(encoding="utf-8") for path in paths}
    found = repeated_blocks(texts)
    described = [f"{a} and {b} share:\n    " + "\n    ".join(block) for a, b, block in found[:3]]
    assert not found, f"{len(found)} repeated {WINDOW}-line blocks in the {group}; make them a view or table " \
                      "macro in schema.sql:\n" + "\n".join(described)
