"""Parse one query file (YAML front matter in a leading block comment, then one SELECT) into a QuerySpec."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from dashboard.base.i18n import LANGS
from dashboard.base.settings import load_settings
from dashboard.query.header_merge import deep_merged, with_folder_labels, with_folder_params
from dashboard.query.indicator_spec import SERIES_COLUMNS, IndicatorError, IndicatorSpec, parse_indicator
from dashboard.query.published_figures import PublishedFigure, load_published_figures
from dashboard.query.variants import VARIANTS, Variant, VariantError, expand, variant_names
from dashboard.query.yaml_lines import KeyPath, YamlDoc, YamlProblem, read_yaml

HEADER_RE = re.compile(r"\A\s*/\*---\s*\n(?P<yaml>.*?)\n---\*/", re.S)
HEADER_KEYS = {"title", "description", "pillar", "chart", "params", "source", "indicator", "order", "scope",
               VARIANTS}
# `scope: city` marks a file that shows only city-wide facts anyone may read, so township-scoped accounts run it
# unbound; every other file must take a township parameter to be run for them (see dashboard/access/scoped.py).
SCOPES = ("township", "city")
CHART_KEYS = {"type", "x", "y", "color", "y_format", "orientation", "sort", "stack", "labels", "level", "value"}
# A map colours places by a value; its rows name the place by `<level>_id`, matched to the warehouse's boundaries.
MAP_LEVELS = ("township", "community")
CHART_TYPES = {"bar", "line", "area", "scatter", "pie", "funnel", "table", "map"}
PARAM_KEYS = {"type", "default", "label", "options"}
PARAM_TYPES = {"township", "community", "month", "date", "number", "integer", "text", "area", "bool", "choice", "lang"}
SOURCES = {"published", "demo", "derived"}
PILLARS = ("city_change", "resident_perception", "social_recognition")


class QueryFileError(ValueError):
    """A query file is malformed; the message names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.detail = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ChartSpec:
    """How to draw a result: a chart type plus the column names it reads."""

    type: str = "table"
    x: str | None = None
    y: tuple[str, ...] = ()
    color: str | None = None
    y_format: str | None = None
    orientation: str = "v"
    sort: bool = False
    stack: bool = True
    labels: dict[str, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)
    level: str | None = None
    value: str | None = None

    @property
    def place_column(self) -> str | None:
        """Return the column a map reads its places from (`township_id` or `community_id`), else None."""
        return f"{self.level}_id" if self.type == "map" and self.level else None

    def column_labels(self, lang: str) -> dict[str, str]:
        """Return display names of result columns in one language."""
        return {col: names.get(lang) or col for col, names in self.labels.items() if isinstance(names, dict)}

    def columns(self) -> list[str]:
        """Return every result column this chart reads."""
        if self.type == "map":
            return [c for c in (self.place_column, self.value, self.color) if c]
        return [c for c in (self.x, *self.y, self.color) if c]


@dataclass(frozen=True)
class ParamSpec:
    """A declared `$name` parameter with its type and default."""

    name: str
    type: str
    default: Any = None
    label: dict[str, str] = field(default_factory=dict)
    options: tuple[Any, ...] = ()
    option_labels: dict[Any, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)

    def option_label(self, value: Any, lang: str) -> str:
        """Return how a choice option reads in a language: its declared label, else the value itself."""
        names = self.option_labels.get(value) or {}
        return names.get(lang) or names.get("zh") or str(value)


@dataclass(frozen=True)
class QuerySpec:
    """One query file: identity, bilingual text, chart, parameters, provenance and SQL."""

    query_id: str
    path: Path
    title: dict[str, str]
    description: dict[str, str]
    chart: ChartSpec
    params: dict[str, ParamSpec]
    source: str
    sql: str
    pillar: str | None = None
    indicator: IndicatorSpec | None = None
    order: int = 100
    city_wide: bool = False
    # Values a variant binds whatever the caller passes: not among params, so no widget shows them.
    fixed: dict[str, Any] = field(default_factory=dict)
    # The file line of each header key path, for checks that need the whole registry (a missing companion).
    lines: dict[KeyPath, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def section(self) -> str:
        """Return the folder the file sits in, which groups it in the app."""
        return self.query_id.rsplit("/", 1)[0] if "/" in self.query_id else ""

    def label(self, lang: str) -> str:
        """Return the title in a language, falling back to Chinese."""
        return self.title.get(lang) or self.title["zh"]


def parse_query_file(path: Path, root: Path, defaults: Mapping[str, Any] | None = None,
                     figures: Mapping[str, PublishedFigure] | None = None) -> QuerySpec:
    """Read and validate one `.sql` file under root, with its folder's header defaults and the published figures.

    Without figures, the seed's published_figures.csv is read (settings.seed_dir). A file with variants answers to
    several ids: read it with read_query_file.
    """
    query_id = path.relative_to(root).with_suffix("").as_posix()
    specs = read_query_file(path, root, lambda _query_id: defaults or {}, figures)
    if [spec.query_id for spec in specs] != [query_id]:
        raise QueryFileError(path, f"the file declares variants {[spec.query_id for spec in specs]}, not one query")
    return specs[0]


def read_query_file(path: Path, root: Path, defaults_for: Callable[[str], Mapping[str, Any]],
                    figures: Mapping[str, PublishedFigure] | None = None) -> list[QuerySpec]:
    """Read one `.sql` file under root into its query (or one per variant), each with its own folder's defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryFileError(path, f"not UTF-8 text (byte {exc.start})") from exc
    file_id = path.relative_to(root).with_suffix("").as_posix()
    if figures is None:
        figures = load_published_figures(load_settings().seed_dir)
    return parse_query_texts(text, file_id, path, defaults_for, figures)


def declared_ids(path: Path, root: Path) -> list[str]:
    """Return the ids a file answers to as far as its header can be read (its own id when it cannot), for errors."""
    file_id = path.relative_to(root).with_suffix("").as_posix()
    try:
        match = HEADER_RE.match(path.read_text(encoding="utf-8"))
        header = read_yaml(match.group("yaml")).data if match else None
    except (UnicodeDecodeError, YamlProblem):
        header = None
    folder = file_id.rsplit("/", 1)[0] + "/" if "/" in file_id else ""
    names = variant_names(header) if isinstance(header, dict) else []
    return [folder + name for name in names] or [file_id]


def parse_query_text(text: str, query_id: str, path: Path, defaults: Mapping[str, Any] | None = None,
                     figures: Mapping[str, PublishedFigure] | None = None) -> QuerySpec:
    """Validate header and SQL of one query file's text; a header key left out takes its folder's default."""
    specs = parse_query_texts(text, query_id, path, lambda _query_id: defaults or {}, figures)
    if [spec.query_id for spec in specs] != [query_id]:
        raise QueryFileError(path, f"the file declares variants {[spec.query_id for spec in specs]}, not one query")
    return specs[0]


def parse_query_texts(text: str, file_id: str, path: Path, defaults_for: Callable[[str], Mapping[str, Any]],
                      figures: Mapping[str, PublishedFigure] | None = None) -> list[QuerySpec]:
    """Validate a file's header and SQL into its query, or one query per variant when it declares `variants:`."""
    match = HEADER_RE.match(text)
    if not match:
        raise QueryFileError(path, "missing header: the file must start with a /*--- ... ---*/ block", 1)
    doc = _read_header(match.group("yaml"), path, first_line=text[: match.start("yaml")].count("\n") + 1)
    body = _Body(sql=text[match.end():].strip(), line=text[: match.end()].count("\n") + 1)
    if VARIANTS not in doc.data:
        return [_spec(doc, file_id, path, body, defaults_for(file_id), figures)]
    try:
        variants = expand(doc, file_id)
    except VariantError as exc:
        raise QueryFileError(path, str(exc), exc.line) from exc
    return [_spec(v.doc, v.query_id, path, body, defaults_for(v.query_id), figures, v) for v in variants]


@dataclass(frozen=True)
class _Body:
    """A file's SQL and the line it starts on."""

    sql: str
    line: int


def _spec(doc: YamlDoc, query_id: str, path: Path, body: _Body, defaults: Mapping[str, Any],
          figures: Mapping[str, PublishedFigure] | None, variant: Variant | None = None) -> QuerySpec:
    """Validate one header (a file's, or a variant's merged over it) with its folder's defaults into a QuerySpec."""
    header, sql = doc.data, body.sql
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise QueryFileError(path, f"unknown header key(s) {sorted(map(str, unknown))}; allowed: {sorted(HEADER_KEYS)}",
                             min(doc.line(key) or 0 for key in unknown) or None)
    params = with_folder_params(_parse_params(header.get("params") or {}, path, doc), defaults.get("params"), sql)
    _check_sql(sql, params, path, sql_line=body.line)
    fixed = _fixed_values(variant, params, path) if variant else {}
    pillar = _parse_pillar(header.get("pillar", defaults.get("pillar")), path, doc)
    raw_indicator = header.get("indicator")
    if isinstance(raw_indicator, dict):
        raw_indicator = deep_merged(defaults.get("indicator"), raw_indicator)
    indicator = _parse_indicator(raw_indicator, pillar, path, doc, figures)
    chart = _parse_chart(header.get("chart") or _default_chart(indicator), path, doc)
    chart = replace(chart, labels=with_folder_labels(chart.labels, defaults.get("labels")))
    if indicator and (chart.x != SERIES_COLUMNS[0] or SERIES_COLUMNS[1] not in chart.y):
        raise QueryFileError(path, "an indicator's chart must read x: period and y: value (or be left out)",
                             doc.line("chart"))
    return QuerySpec(
        query_id=query_id,
        path=path,
        title=_bilingual(header.get("title"), "title", path, doc, required=True),
        description=_bilingual(header.get("description"), "description", path, doc, required=False),
        chart=chart,
        params={name: spec for name, spec in params.items() if name not in fixed},
        source=_parse_source(header.get("source", defaults.get("source")), path, doc),
        sql=sql,
        pillar=pillar,
        indicator=indicator,
        order=int(header.get("order", 100)),
        city_wide=_parse_scope(header.get("scope"), path, doc) == "city",
        fixed=fixed,
        lines=dict(doc.lines),
    )


def _fixed_values(variant: Variant, params: dict[str, ParamSpec], path: Path) -> dict[str, Any]:
    """Return a variant's fixed values, each a declared parameter's valid value; raise naming the line."""
    fixed = {}
    for name, value in variant.fixed.items():
        line = variant.fixed_lines.get(name)
        if name not in params:
            raise QueryFileError(path, f"variant '{variant.name}' fixes '{name}', which is not a parameter the SQL "
                                       "uses and the file (or its folder) declares", line)
        spec = params[name]
        fixed[name] = _coerce_default(spec.type, value, path, name, line)
        if spec.type == "choice" and fixed[name] not in spec.options:
            raise QueryFileError(path, f"variant '{variant.name}' fixes '{name}' to {value!r}, not one of its "
                                       f"options {list(spec.options)}", line)
    return fixed


def _read_header(block: str, path: Path, first_line: int) -> YamlDoc:
    """Read the header YAML through the shared reader, so every later error can name its key's exact line."""
    try:
        doc = read_yaml(block, first_line)
    except YamlProblem as exc:
        raise QueryFileError(path, f"header is not valid YAML: {exc.problem}", exc.line) from exc
    if not isinstance(doc.data, dict):
        raise QueryFileError(path, "header must be a YAML mapping of keys to values", first_line)
    return doc


def _bilingual(value: Any, key: str, path: Path, doc: YamlDoc, required: bool) -> dict[str, str]:
    """Accept `{zh: ..., en: ...}` (both languages) or nothing when optional."""
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGS):
        raise QueryFileError(path, f"'{key}' needs both languages: {{zh: ..., en: ...}}", doc.line(key))
    extra = sorted(set(value) - set(LANGS))
    if extra:
        raise QueryFileError(path, f"'{key}' has unknown language(s) {extra}; put text with commas in quotes",
                             doc.line(key, extra[0]))
    return {lang: value[lang] for lang in LANGS}


def _parse_chart(value: Any, path: Path, doc: YamlDoc) -> ChartSpec:
    """Validate the chart block: a known type and known keys."""
    line = doc.line("chart")
    if not isinstance(value, dict):
        raise QueryFileError(path, "'chart' must be a mapping such as {type: bar, x: month, y: total}", line)
    unknown = sorted(set(value) - CHART_KEYS)
    if unknown:
        raise QueryFileError(path, f"unknown chart key(s) {unknown}; allowed: {sorted(CHART_KEYS)}", line)
    kind = value.get("type", "table")
    if kind not in CHART_TYPES:
        raise QueryFileError(path, f"chart type '{kind}' is not one of {sorted(CHART_TYPES)}", line)
    if kind == "map":
        return _parse_map(value, path, line)
    y = value.get("y") or ()
    y_cols = tuple(y) if isinstance(y, list) else (y,) if y else ()
    if kind != "table" and (not value.get("x") or not y_cols):
        raise QueryFileError(path, f"a {kind} chart needs both x and y columns", line)
    return ChartSpec(type=kind, x=value.get("x"), y=y_cols, color=value.get("color"),
                     y_format=value.get("y_format"), orientation=value.get("orientation", "v"),
                     sort=bool(value.get("sort", False)), stack=bool(value.get("stack", True)),
                     labels=value.get("labels") or {})


def _parse_map(value: dict[str, Any], path: Path, line: int | None) -> ChartSpec:
    """Validate a map: a level whose id column the rows carry, and the numeric column it colours by."""
    level, shown = value.get("level"), value.get("value")
    if level not in MAP_LEVELS:
        raise QueryFileError(path, f"a map needs level: one of {list(MAP_LEVELS)} (its rows carry <level>_id)", line)
    if not shown or not isinstance(shown, str):
        raise QueryFileError(path, "a map needs value: the column it colours places by", line)
    extra = sorted(set(value) & {"x", "y", "orientation", "sort", "stack"})
    if extra:
        raise QueryFileError(path, f"a map does not read {extra}; it reads level, value, color, y_format, labels", line)
    return ChartSpec(type="map", level=level, value=shown, color=value.get("color"),
                     y_format=value.get("y_format"), labels=value.get("labels") or {})


def _parse_params(value: Any, path: Path, doc: YamlDoc) -> dict[str, ParamSpec]:
    """Validate declared parameters: known types, known keys, usable defaults."""
    line = doc.line("params")
    if not isinstance(value, dict):
        raise QueryFileError(path, "'params' must map each name to {type: ..., default: ...}", line)
    specs: dict[str, ParamSpec] = {}
    for name, raw in value.items():
        raw = raw if isinstance(raw, dict) else {"type": raw}
        unknown = sorted(set(raw) - PARAM_KEYS)
        if unknown:
            raise QueryFileError(path, f"parameter '{name}' has unknown key(s) {unknown}",
                                 doc.line_near("params", name, unknown[0]))
        kind = raw.get("type")
        if kind not in PARAM_TYPES:
            raise QueryFileError(path, f"parameter '{name}' type '{kind}' is not one of {sorted(PARAM_TYPES)}",
                                 doc.line_near("params", name, "type"))
        label = raw.get("label") or {}
        default = _coerce_default(kind, raw.get("default"), path, name, doc.line_near("params", name, "default"))
        options, option_labels = _parse_options(kind, raw.get("options"), default, path, name, doc)
        specs[name] = ParamSpec(name=name, type=kind, default=default, label=label if isinstance(label, dict) else {},
                                options=options, option_labels=option_labels)
    return specs


def _parse_options(kind: str, value: Any, default: Any, path: Path, name: str,
                   doc: YamlDoc) -> tuple[tuple[Any, ...], dict[Any, dict[str, str]]]:
    """Read a choice's options: a list of values, or a mapping of value to {zh: ..., en: ...} labels."""
    labels = {k: v for k, v in value.items() if isinstance(v, dict)} if isinstance(value, dict) else {}
    options = tuple(value) if isinstance(value, dict | list) else ()
    if kind == "choice" and not options:
        raise QueryFileError(path, f"choice parameter '{name}' needs options: [a, b] or {{a: {{zh: ..., en: ...}}}}",
                             doc.line("params", name))
    if kind == "choice" and default is not None and default not in options:
        raise QueryFileError(path, f"parameter '{name}' default {default!r} is not one of its options {list(options)}",
                             doc.line_near("params", name, "default"))
    return options, labels


def _coerce_default(kind: str, value: Any, path: Path, name: str, line: int | None = None) -> Any:
    """Turn a YAML default into the Python value DuckDB will bind."""
    if value is None:
        return None
    try:
        if kind in {"month", "date"}:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            return day.replace(day=1) if kind == "month" else day
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
        if kind == "bool":
            return bool(value)
    except (TypeError, ValueError) as exc:
        raise QueryFileError(path, f"parameter '{name}' default {value!r} is not a valid {kind}", line) from exc
    return value


def _parse_indicator(raw: Any, pillar: str | None, path: Path, doc: YamlDoc,
                     figures: Mapping[str, PublishedFigure] | None) -> IndicatorSpec | None:
    """Validate the optional indicator block, pointing at the line of the key that is wrong."""
    if raw is None:
        return None
    try:
        return parse_indicator(raw, pillar, figures)
    except IndicatorError as exc:
        key = () if exc.key in (None, "indicator") else (exc.key,)
        raise QueryFileError(path, str(exc), doc.line_near("indicator", *key)) from exc


def _default_chart(indicator: IndicatorSpec | None) -> dict[str, Any]:
    """Return the chart used when none is declared: an indicator's series as a line, else a table."""
    return {"type": "line", "x": SERIES_COLUMNS[0], "y": SERIES_COLUMNS[1]} if indicator else {"type": "table"}


def _parse_source(value: Any, path: Path, doc: YamlDoc) -> str:
    """Require one of the known provenance kinds (stated, or the folder's default)."""
    if value is None:
        raise QueryFileError(path, f"no 'source': state one of {sorted(SOURCES)}, or give the folder a default "
                                   "in queries/folders.yaml")
    if value not in SOURCES:
        raise QueryFileError(path, f"'source' must be one of {sorted(SOURCES)}, got {value!r}",
                             doc.line("source"))
    return str(value)


def _parse_scope(value: Any, path: Path, doc: YamlDoc) -> str:
    """Return the file's declared scope (default: township), or raise naming the allowed values."""
    scope = "township" if value is None else value
    if scope not in SCOPES:
        raise QueryFileError(path, f"'scope' must be one of {list(SCOPES)}, got {value!r}", doc.line("scope"))
    return scope


def _parse_pillar(value: Any, path: Path, doc: YamlDoc) -> str | None:
    """Accept a known pillar id or nothing."""
    if value is not None and value not in PILLARS:
        raise QueryFileError(path, f"'pillar' must be one of {list(PILLARS)}, got {value!r}",
                             doc.line("pillar"))
    return value


def _check_sql(sql: str, params: dict[str, ParamSpec], path: Path, sql_line: int) -> None:
    """Require exactly one SELECT statement whose `$names` match the declared parameters."""
    if not sql:
        raise QueryFileError(path, "no SQL after the header", sql_line)
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFileError(path, f"SQL does not parse: {first_line(exc)}", sql_line) from exc
    if len(statements) != 1:
        raise QueryFileError(path, f"expected one SQL statement, found {len(statements)}", sql_line)
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        raise QueryFileError(path, f"only SELECT queries are allowed, found {statement.type.name}", sql_line)
    used = set(statement.named_parameters)
    undeclared = sorted(used - set(params))
    unused = sorted(set(params) - used)
    if undeclared:
        raise QueryFileError(path, f"parameter(s) {['$' + p for p in undeclared]} used but not declared in params")
    if unused:
        raise QueryFileError(path, f"parameter(s) {unused} declared but not used in the SQL")


def first_line(exc: BaseException) -> str:
    """Return the first line of an exception message, which is the part a person reads."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def parse_params(value: Any, path: Path, doc: YamlDoc) -> dict[str, ParamSpec]:
    """Validate a params mapping: a file's header's, or a folder's usual ones in queries/folders.yaml."""
    return _parse_params(value, path, doc)

