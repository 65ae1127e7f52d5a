"""Places as clerks write them: a township or community cell may hold its id or its name, stored as the id.

Before the checks, the live snapshot's townships and communities are copied into the staged file with every
spelling that names them (id, Chinese name, English name, folded as headers are). A name is then resolved to its
id: a community within the row's own township when the table has a township column, otherwise across the city. A
name that fits several places, or one that fits only places in another township, leaves the cell empty and notes
the candidates beside it, so the check refuses the row naming them; a value that fits nothing is left as written
and refused by the reference check. Identifiers come from the schema's catalog only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard.warehouse.dictionary import Table

PLACES = "staged.main.staged_places"
# The tables a place column refers to, and the level of place each holds.
PLACE_TABLES = {"townships": "township", "communities": "community"}
SEPARATOR = chr(31)  # between the count and the candidates in each language, in a problem's detail
_SHOWN = 5  # candidates named in a refusal


@dataclass(frozen=True)
class PlaceColumn:
    """A column of the loaded table that names a township or community, and the township column that scopes it."""

    name: str
    level: str
    scope: str | None = None


def q(name: str) -> str:
    """Quote an identifier taken from the schema's catalog."""
    return '"' + name.replace('"', '""') + '"'


def folded(text: str) -> str:
    """Return the SQL that folds a cell as names are compared: case, spaces and full-width brackets ignored."""
    return f"lower(regexp_replace(translate({text}, '（）：', '():'), '\\s+', '', 'g'))"


def note_column(name: str) -> str:
    """Return the typed table's column holding a place problem's kind for one column."""
    return f"place:{name}"


def candidates_column(name: str) -> str:
    """Return the typed table's column holding a place problem's candidates for one column."""
    return f"candidates:{name}"


def place_columns(table: Table, mapping: dict[str, int]) -> list[PlaceColumn]:
    """Return the file's columns that name places, townships first, each community scoped by the row's township."""
    found = [(column, PLACE_TABLES[other]) for column, other, _ in table.foreign_keys
             if other in PLACE_TABLES and column in mapping]
    township = next((name for name, level in found if level == "township"), None)
    return sorted((PlaceColumn(name, level, township if level == "community" else None) for name, level in found),
                  key=lambda c: c.level != "township")


def copy_places(con: duckdb.DuckDBPyConnection, live: Path | None) -> None:
    """Copy every spelling of every stored township and community into the staged file (none without a snapshot)."""
    con.execute(f"create or replace table {PLACES} (level varchar, place_id varchar, township_id varchar, "
                "spelling varchar, is_id boolean, zh varchar, en varchar)")
    if live is None:
        return
    try:
        con.execute("attach $path as places_live (read_only)", {"path": str(live)})
    except duckdb.Error:
        return
    try:
        con.execute(f"""
            insert into {PLACES}
            with named as (
                select 'township' as level, t.township_id as place_id, t.township_id, t.name_zh, t.name_en,
                    t.name_zh || '（' || t.township_id || '）' as zh,
                    coalesce(t.name_en, t.name_zh) || ' (' || t.township_id || ')' as en
                from places_live.main.townships as t
                union all
                select 'community', c.community_id, c.township_id, c.name_zh, c.name_en,
                    coalesce(t.name_zh, c.township_id) || ' ' || c.name_zh || '（' || c.community_id || '）',
                    coalesce(c.name_en, c.name_zh) || ', ' || coalesce(t.name_en, t.name_zh, c.township_id)
                        || ' (' || c.community_id || ')'
                from places_live.main.communities as c
                left join places_live.main.townships as t using (township_id)
            ),
            spelled as (
                select *, place_id as spelling, true as is_id from named
                union all select *, name_zh, false from named
                union all select *, name_en, false from named
            )
            select distinct level, place_id, township_id, {folded('spelling')}, is_id, zh, en
            from spelled where spelling is not null
        """)
    except duckdb.Error:  # a snapshot of an older schema: names are not resolved, ids still are checked
        pass
    finally:
        con.execute("detach places_live")


def resolve_places(con: duckdb.DuckDBPyConnection, typed: str, columns: list[PlaceColumn]) -> None:
    """Replace each place name in the typed table by its id, noting names that fit several or the wrong places."""
    for column in columns:
        name, note, listed = q(column.name), q(note_column(column.name)), q(candidates_column(column.name))
        con.execute(f"alter table {typed} add column {note} varchar")
        con.execute(f"alter table {typed} add column {listed} varchar")
        # A row's township scopes its community only when the township is a stored one (resolved just before).
        scope = f"s.{q(column.scope)}" if column.scope else "null"
        scoped = (f"{scope} is null or {scope} not in (select t.place_id from {PLACES} as t where t.level = 'township')"
                  f" or p.township_id = {scope}")
        con.execute(f"""
            create or replace temp table place_hits as
            with hits as (
                select s.__line, p.place_id, p.is_id, p.zh, p.en,
                    ({scoped}) as in_scope
                from {typed} as s
                join {PLACES} as p on p.level = '{column.level}' and p.spelling = {folded(f's.{name}')}
            ),
            chosen as (
                select __line, bool_or(is_id) as by_id, count(distinct place_id) filter (where in_scope) as fits,
                    count(distinct place_id) as named
                from hits group by __line
            )
            select c.__line,
                case when c.by_id then any_value(h.place_id) filter (where h.is_id)
                     when c.fits = 1 then any_value(h.place_id) filter (where h.in_scope) end as place_id,
                case when c.by_id or c.fits = 1 then null
                     when c.fits > 1 then 'ambiguous_place' else 'place_elsewhere' end as kind,
                case when c.fits > 1 then c.fits else c.named end as shown_count,
                list(distinct h.zh order by h.zh) filter (where c.fits = 0 or h.in_scope) as zh,
                list(distinct h.en order by h.en) filter (where c.fits = 0 or h.in_scope) as en
            from chosen as c join hits as h using (__line)
            group by c.__line, c.by_id, c.fits, c.named
        """)
        more_zh = f"case when len(h.zh) > {_SHOWN} then '、…' else '' end"
        more_en = f"case when len(h.en) > {_SHOWN} then '; …' else '' end"
        con.execute(f"""
            update {typed} as s set
                {name} = h.place_id,
                {note} = h.kind,
                {listed} = case when h.kind is not null then h.shown_count || chr(31)
                    || array_to_string(h.zh[1:{_SHOWN}], '、') || {more_zh} || chr(31)
                    || array_to_string(h.en[1:{_SHOWN}], '; ') || {more_en} end
            from place_hits as h
            where s.__line = h.__line
        """)


def candidates(detail: str, lang: str) -> tuple[str, str]:
    """Split a place problem's detail into how many places fit and their names in one language."""
    count, _, rest = detail.partition(SEPARATOR)
    zh, _, en = rest.partition(SEPARATOR)
    return count, en if lang == "en" else zh
