"""Said once: no block of six lines repeats across the indicator files, the KPI files or the renovation files.

Headers count too. Among the indicator files a block may not even repeat in shape (the same lines with other names,
texts and numbers), within one file either: variants state only what differs, and sibling files share macros. A
block of SQL that several files need belongs in schema.sql as a view or table macro (see
docs/analysts/query-files.md); a header line that several files of a folder repeat belongs in queries/folders.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT

QUERIES = REPO_ROOT / "queries"
WINDOW = 6
# More places than this, and a shape is the format every file follows (as `duplicates` leaves such runs out).
COMMON = 8
GROUPS = {
    "indicator files": sorted((QUERIES / "indicators").rglob("*.sql")),
    "KPI files": [*sorted(QUERIES.glob("*/kpis*.sql")), QUERIES / "renovation" / "named_places.sql"],
    "renovation files": sorted((QUERIES / "renovation").glob("*.sql")),
}
# Lines that say nothing of their own: the header's fences and lone brackets.
THIN = re.compile(r"^(/\*|[()\[\],;]+)$")
# A line's tokens: a quoted text, a number, a word, or any other character (so each Chinese character is one).
TOKEN = re.compile(r"'[^']*'|\"[^\"]*\"|\d+(?:\.\d+)?|[a-z_][a-z0-9_]*|\S")
# SQL words a shape keeps; every other word stands for a name (a column, a table, a YAML key, a word of text).
KEYWORDS = frozenset((
    "select", "distinct", "from", "where", "and", "or", "not", "as", "join", "left", "inner", "cross", "on", "using",
    "group", "by", "order", "with", "case", "when", "then", "else", "end", "is", "null", "in", "between", "over",
    "partition", "filter", "union", "all", "having", "limit", "asc", "desc", "nulls", "first", "last", "true",
    "false", "interval",
))


def normalised_lines(text: str) -> list[str]:
    """Return a file's lines, header included, without comments, blank or thin lines, case and spacing."""
    lines = (re.sub(r"\s+", " ", line.split("--", 1)[0]).strip().lower() for line in text.splitlines())
    return [line for line in lines if line and not THIN.match(line)]


def shape(line: str) -> str:
    """Return a normalised line's shape: each text, number and name replaced by a placeholder, SQL words kept."""
    return " ".join("s" if token[0] in "'\"" else "0" if token[0].isdigit()
                    else token if token in KEYWORDS or (not token[0].isalnum() and token[0] != "_") else "n"
                    for token in TOKEN.findall(line))


def repeated_shapes(texts: dict[str, str], window: int = WINDOW) -> list[tuple[str, str, list[str]]]:
    """Return (file, other file, block) for each window of lines whose shape stands twice, in one file or two.

    Within a file the two windows must not overlap, and a window of lines all of one shape is a list (column
    labels), not a repeat. A shape that stands in more than COMMON places is the file format every file follows.
    """
    places: dict[tuple[str, ...], list[tuple[str, int, list[str]]]] = {}
    for name, text in texts.items():
        lines = normalised_lines(text)
        for start in range(len(lines) - window + 1):
            block = lines[start:start + window]
            shapes = tuple(map(shape, block))
            if len(set(shapes)) > 1:
                places.setdefault(shapes, []).append((name, start, block))
    found = []
    for where in places.values():
        if len(where) > COMMON:
            continue
        for i, (name, start, block) in enumerate(where):
            other = next((o for o, at, _ in where[:i] if o != name or start - at >= window), None)
            if other is not None:
                found.append((other, name, block))
    return found


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


def test_the_shape_check_finds_sibling_variants_and_files_that_differ_only_in_names() -> None:
    variant = ("  {name}:\n    params: {{kind: {name}}}\n    title: {{zh: {zh}, en: {name} care}}\n"
               "    description: {{zh: {zh}的占比。, en: \"Share of {name} places.\"}}\n"
               "    indicator: {{target: {{figure: {name}}}, note: {{zh: 报道：{zh}, en: \"Report: {name}\"}}}}\n"
               "    order: {order}\n")
    siblings = "/*---\nvariants:\n" + variant.format(name="urban", zh="城市", order=1) + \
        variant.format(name="rural", zh="农村", order=2) + "---*/\nselect 1"
    assert [(a, b) for a, b, _ in repeated_shapes({"v.sql": siblings})] == [("v.sql", "v.sql")]
    assert repeated_blocks({"v.sql": siblings}) == []  # no line is the same to the letter
    one_less = re.sub(r"\n    order: \d", "", siblings)
    assert repeated_shapes({"v.sql": one_less}) == []
    sql = "select\n    a.x,\n    a.y as value\nfrom {t} as a\nwhere a.k = $k\ngroup by all\norder by value\n"
    texts = {"a.sql": sql.format(t="teams"), "b.sql": sql.format(t="sites").replace("a.", "b.")}
    assert {(a, b) for a, b, _ in repeated_shapes(texts)} == {("a.sql", "b.sql")}
    labels = "".join(f"    c{n}: {{zh: 列, en: Column}}\n" for n in range(12))
    assert repeated_shapes({"l.sql": f"/*---\nchart:\n  labels:\n{labels}---*/\nselect 1"}) == []


def test_no_indicator_file_repeats_a_block_in_shape() -> None:
    texts = {path.relative_to(QUERIES).as_posix(): path.read_text(encoding="utf-8")
             for path in GROUPS["indicator files"]}
    found = repeated_shapes(texts)
    described = [f"{a} and {b} share the shape of:\n    " + "\n    ".join(block) for a, b, block in found[:3]]
    assert not found, f"{len(found)} {WINDOW}-line blocks repeat in shape among the indicator files; give sibling " \
                      "variants only what differs and shared SQL a macro in schema.sql:\n" + "\n".join(described)


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
