"""Said once: no block of six lines repeats across the indicator files, the KPI files or the renovation files.

Headers count too. A block of SQL that several files need belongs in schema.sql as a view or table macro (see
docs/analysts/query-files.md); a header line that several files of a folder repeat belongs in queries/folders.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT

QUERIES = REPO_ROOT / "queries"
WINDOW = 6
GROUPS = {
    "indicator files": sorted((QUERIES / "indicators").rglob("*.sql")),
    "KPI files": [*sorted(QUERIES.glob("*/kpis*.sql")), QUERIES / "renovation" / "named_places.sql"],
    "renovation files": sorted((QUERIES / "renovation").glob("*.sql")),
}
# Lines that say nothing of their own: the header's fences and lone brackets.
THIN = re.compile(r"^(/\*---|---\*/|[()\[\],;]+)$")


def normalised_lines(text: str) -> list[str]:
    """Return a file's lines, header included, without comments, blank or thin lines, case and spacing."""
    lines = (re.sub(r"\s+", " ", line.split("--", 1)[0]).strip().lower() for line in text.splitlines())
    return [line for line in lines if line and not THIN.match(line)]


def repeated_blocks(texts: dict[str, str], window: int = WINDOW) -> list[tuple[str, str, list[str]]]:
    """Return (file, other file, block) for every window of lines that stands in two files."""
    first_seen: dict[tuple[str, ...], str] = {}
    found = []
    for name, text in texts.items():
        lines = normalised_lines(text)
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


def test_the_window_reads_headers_too() -> None:
    header = "".join(f"    col{n}: {{zh: 列{n}, en: Column {n}}}\n" for n in range(6))
    texts = {"a.sql": f"/*---\ntitle: a\nchart:\n  labels:\n{header}---*/\nselect 1",
             "b.sql": f"/*---\ntitle: b\nchart:\n  labels:\n{header}order: 2\n---*/\nselect 2"}
    found = repeated_blocks(texts)
    assert {(a, b) for a, b, _ in found} == {("a.sql", "b.sql")}
    assert all(block[-1].startswith("col") for _, _, block in found)  # the SQL lines differ: the labels repeat


@pytest.mark.parametrize("group", list(GROUPS))
def test_no_block_of_six_lines_repeats_across_the_group(group: str) -> None:
    paths: list[Path] = GROUPS[group]
    assert len(paths) >= 5
    texts = {path.relative_to(QUERIES).as_posix(): path.read_text(encoding="utf-8") for path in paths}
    found = repeated_blocks(texts)
    described = [f"{a} and {b} share:\n    " + "\n    ".join(block) for a, b, block in found[:3]]
    assert not found, f"{len(found)} repeated {WINDOW}-line blocks in the {group}; make SQL a view or table " \
                      "macro in schema.sql, and header lines a default in queries/folders.yaml:\n" + \
                      "\n".join(described)
