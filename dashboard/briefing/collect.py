"""Gather what a briefing shows: run each query under the filters on one snapshot, build plots and captions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.base.i18n import LANGS, translate
from dashboard.base.settings import Settings
from dashboard.briefing.captions import Caption, SnapshotInfo, make_caption, speaker_notes
from dashboard.briefing.frame import slide_plot
from dashboard.briefing.meeting_close import closing
from dashboard.briefing.meeting_facts import MeetingFacts, gather_meeting
from dashboard.briefing.meeting_tables import TableSlide, meeting_tables
from dashboard.briefing.plots import chart_plot
from dashboard.briefing.presets import Preset
from dashboard.briefing.scores import SOURCE, PillarScores, pillar_scores
from dashboard.engine.runner import Runner
from dashboard.present.maps import Shapes
from dashboard.query.registry import Registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QuerySpec
from dashboard.warehouse import snapshot


@dataclass(frozen=True)
class BriefingRequest:
    """What to brief: title, charts (query ids, in slide order), filters and language, snapshot (None: live).

    With an edition it is a meeting deck: the edition's numbers against the previous edition's, then the charts,
    all read from the edition's snapshot as of its day.
    """

    title: dict[str, str]
    query_ids: tuple[str, ...]
    scope: Scope
    preset_id: str | None = None
    snapshot_id: str | None = None
    edition_id: str | None = None

    @property
    def lang(self) -> str:
        """Return the briefing's language."""
        return self.scope.lang

    @classmethod
    def build(cls, query_ids: Sequence[str], scope: Scope, preset: Preset | None = None,
              snapshot_id: str | None = None, edition_id: str | None = None) -> BriefingRequest:
        """Request the given charts, titled after the preset they came from, or as a custom briefing."""
        title = preset.title if preset else {lang: translate("briefing.custom_title", lang) for lang in LANGS}
        return cls(title=title, query_ids=tuple(query_ids), scope=scope, preset_id=preset.preset_id if preset else None,
                   snapshot_id=snapshot_id, edition_id=edition_id)


@dataclass(frozen=True)
class BriefChart:
    """One chart ready to render: its query, slide plot (caption included), caption and speaker notes."""

    spec: QuerySpec
    plot: dict
    caption: Caption
    notes: str


@dataclass(frozen=True)
class Briefing:
    """A collected briefing: request, snapshot read, charts, pillar scores, and for a meeting its facts, tables
    and closing slide (next steps and open follow-ups)."""

    request: BriefingRequest
    info: SnapshotInfo
    filters: str
    charts: list[BriefChart] = field(default_factory=list)
    scores: PillarScores | None = None
    meeting: MeetingFacts | None = None
    tables: tuple[TableSlide, ...] = ()
    closing: TableSlide | None = None

    @property
    def title(self) -> str:
        """Return the title in the briefing's language; a meeting deck's starts with its edition's name."""
        lang = self.request.lang
        title = self.request.title.get(lang) or self.request.title["zh"]
        if self.meeting is None:
            return title
        return translate("meeting_deck.title", lang, edition=self.meeting.edition.name, title=title)


def open_runner(settings: Settings, snapshot_id: str | None = None) -> Runner:
    """Return a runner pinned to a kept snapshot, or to the live one as of now, so every query reads one snapshot."""
    return Runner(settings, snapshot_id=snapshot_id or snapshot.current_snapshot_id(settings))


def kept_snapshots(settings: Settings) -> list[str]:
    """Return the ids of the snapshots still on disk, newest first."""
    return sorted((p.stem for p in settings.snapshots_dir.glob("*.duckdb")), reverse=True)


def _snapshot_info(runner: Runner, registry: Registry, snapshot_id: str | None = None) -> SnapshotInfo:
    """Read the id, build time, as-of date and kind of the snapshot the runner reads (or of the one given)."""
    rows = runner.run(registry.get("reference/snapshot"), snapshot_id=snapshot_id).frame
    return SnapshotInfo.from_row(rows.iloc[0].to_dict())


def _township_name(runner: Runner, registry: Registry, scope: Scope) -> str | None:
    """Return the selected township's name in the briefing language."""
    if not scope.township:
        return None
    towns = runner.run(registry.get("reference/townships"), {"lang": scope.lang}).frame
    match = towns.loc[towns["township_id"] == scope.township, "township"]
    return str(match.iloc[0]) if len(match) else scope.township


def briefing_filters(runner: Runner, registry: Registry, scope: Scope) -> str:
    """Describe a selection in the briefing's language, naming the township."""
    return scope.describe(_township_name(runner, registry, scope))


def single_chart(spec: QuerySpec, rows: pd.DataFrame, info: SnapshotInfo, lang: str, filters: str,
                 shapes: Shapes | None = None) -> BriefChart:
    """Prepare one chart from rows already fetched, as a page's "download for slides" button does.

    A map needs the boundaries of its level from the rows' snapshot (`shapes`).
    """
    caption = make_caption(spec, info, lang, filters)
    return BriefChart(spec=spec, plot=slide_plot(chart_plot(spec, rows, lang, shapes), caption), caption=caption,
                      notes=speaker_notes(spec, info, lang, filters))


def map_shapes(runner: Runner, registry: Registry, spec: QuerySpec, lang: str,
               snapshot_id: str | None = None) -> Shapes | None:
    """Return the boundaries a map query draws on, from the given snapshot; None for any other chart."""
    level = spec.chart.level if spec.chart.type == "map" else None
    if level is None:
        return None
    def read(at: str) -> pd.DataFrame:
        return runner.run(registry.get("reference/boundaries"), {"level": at, "lang": lang},
                          snapshot_id=snapshot_id).frame

    return Shapes.from_frame(level, read(level), read("township") if level == "community" else None)


def collect(runner: Runner, registry: Registry, request: BriefingRequest) -> Briefing:
    """Run every query of the request on the runner's snapshot and prepare its charts.

    The app passes its confined reader (dashboard.access.reader) as the runner, so a slide never shows a place the
    page would not; the CLI passes the engine's runner for the whole city.
    """
    if request.edition_id:
        return collect_meeting(runner, registry, request)
    lang = request.lang
    info = _snapshot_info(runner, registry)
    filters = briefing_filters(runner, registry, request.scope)
    charts = []
    for query_id in request.query_ids:
        spec = registry.get(query_id)
        rows = runner.run(spec, request.scope.params()).frame
        charts.append(single_chart(spec, rows, info, lang, filters, map_shapes(runner, registry, spec, lang)))
    scores = pillar_scores(runner, registry, request.scope, info.as_of)
    return Briefing(request=request, info=info, filters=filters, charts=charts, scores=scores)


def collect_meeting(runner: Runner, registry: Registry, request: BriefingRequest) -> Briefing:
    """Gather an edition's meeting facts and tables, then its charts, on its snapshot as of its day."""
    assert request.edition_id is not None
    settings = runner.settings
    facts = gather_meeting(runner, registry, request.edition_id, request.scope, settings.pace, settings.min_sample)
    snapshot_id = facts.edition.snapshot_id
    info = _snapshot_info(runner, registry, snapshot_id)
    info = replace(info, as_of=min(info.as_of, facts.edition.as_of))
    filters = briefing_filters(runner, registry, facts.scope)
    charts = [single_chart(spec, runner.run(spec, facts.scope.params(), snapshot_id=snapshot_id).frame, info,
                           request.lang, filters, map_shapes(runner, registry, spec, request.lang, snapshot_id))
              for spec in map(registry.get, request.query_ids)]
    scores = PillarScores(scores={p.pillar: None if p.pillar in facts.failed else p.score_now for p in facts.pillars},
                          source=SOURCE, failed=facts.failed)
    return Briefing(request=request, info=info, filters=filters, charts=charts, scores=scores, meeting=facts,
                    tables=tuple(meeting_tables(facts, registry, request.lang)), closing=closing(facts, request.lang))
