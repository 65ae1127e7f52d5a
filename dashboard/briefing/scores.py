"""Pillar scores for a briefing's title slide, from the same indicator core as the overview; none are faked.

A pillar with an indicator query that failed to run gets no score, only the names of those indicators: a
deck travels without the page's error banner, and an average over the indicators that happened to run would
read as the pillar's score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.engine.runner import QueryError, Runner
from dashboard.metrics.pillars import assess_pillars, pillar_summary
from dashboard.query.registry import Registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QuerySpec

SOURCE = "queries/indicators/"


@dataclass(frozen=True)
class PillarScores:
    """Score per pillar id (None: no data, or withheld), their source (None: no indicators), failed files per pillar."""

    scores: dict[str, float | None]
    source: str | None
    failed: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def source_label(self, lang: str) -> str:
        """Name where the scores come from: the indicator queries, weighted as on the overview."""
        return translate("briefing.deck.scores_from", lang, folder=self.source)

    @property
    def available(self) -> bool:
        """Say whether any pillar has a score."""
        return any(v is not None for v in self.scores.values())

    def withheld_notes(self, lang: str) -> list[str]:
        """Say, per pillar whose score is withheld, which indicators could not be computed (by name)."""
        return [translate("briefing.deck.score_withheld", lang, pillar=translate(f"pillar.{pillar}", lang),
                          files=", ".join(files)) for pillar, files in self.failed.items()]


def pillar_scores(runner: Runner, registry: Registry, scope: Scope, as_of: dt.date) -> PillarScores:
    """Score each pillar under the briefing's filters as the overview does, withholding those with a failed query."""
    failed: dict[str, list[str]] = {}

    def fetch(spec: QuerySpec, params: dict) -> pd.DataFrame | None:
        try:
            return runner.run(spec, params).frame
        except QueryError:
            assert spec.indicator is not None
            failed.setdefault(spec.indicator.pillar, []).append(spec.label(scope.lang))  # its name, not its file
            return None

    config = runner.settings.pace
    assessed = assess_pillars(registry, fetch, scope, as_of, config, runner.settings.min_sample)
    if not any(assessed.values()):
        return PillarScores(scores=dict.fromkeys(PILLARS), source=None)
    scores = {p: None if p in failed else pillar_summary(a, config)[0].score for p, a in assessed.items()}
    return PillarScores(scores=scores, source=SOURCE,
                        failed={p: tuple(failed[p]) for p in PILLARS if p in failed})
