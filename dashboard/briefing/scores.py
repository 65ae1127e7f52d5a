"""Pillar scores for a briefing's title slide, from the same indicator core as the overview; none are faked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.engine.runner import QueryError, Runner
from dashboard.metrics.indicators import PaceConfig
from dashboard.metrics.pillars import assess_pillars, pillar_summary
from dashboard.query.registry import Registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QuerySpec

SOURCE = "queries/indicators/"


@dataclass(frozen=True)
class PillarScores:
    """Score per pillar id (None where no indicator has data) and where they come from (None: no indicators)."""

    scores: dict[str, float | None]
    source: str | None

    def source_label(self, lang: str) -> str:
        """Name where the scores come from: the indicator queries, weighted as on the overview."""
        return translate("briefing.deck.scores_from", lang, folder=self.source)

    @property
    def available(self) -> bool:
        """Say whether any pillar has a score."""
        return any(v is not None for v in self.scores.values())


def pillar_scores(runner: Runner, registry: Registry, scope: Scope, as_of: dt.date) -> PillarScores:
    """Score each pillar under the briefing's filters exactly as the overview does."""
    def fetch(spec: QuerySpec, params: dict) -> pd.DataFrame | None:
        try:
            return runner.run(spec, params).frame
        except QueryError:
            return None  # counts as no data, so the pillar shows no score rather than a wrong one

    config = PaceConfig.from_env()
    assessed = assess_pillars(registry, fetch, scope, as_of, config, runner.settings.min_sample)
    if not any(assessed.values()):
        return PillarScores(scores=dict.fromkeys(PILLARS), source=None)
    return PillarScores(scores={p: pillar_summary(a, config)[0].score for p, a in assessed.items()}, source=SOURCE)
