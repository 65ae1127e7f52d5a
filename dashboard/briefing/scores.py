"""Pillar scores for a briefing's title slide, from the query a preset names; absent scores are marked, not faked."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dashboard.registry import Registry
from dashboard.runner import QueryError, Runner
from dashboard.scope import Scope
from dashboard.sqlfile import PILLARS, QueryFileError


@dataclass(frozen=True)
class PillarScores:
    """Score per pillar id (None where unknown) and the query file they came from (None: no scores)."""

    scores: dict[str, float | None]
    source: str | None
    title: dict[str, str] = field(default_factory=dict)

    def source_label(self, lang: str) -> str:
        """Name where the scores come from: the query's title and file."""
        title = self.title.get(lang, "")
        return f"{title}（{self.source}）" if lang == "zh" else f"{title} ({self.source})"

    @property
    def available(self) -> bool:
        """Say whether any pillar has a score."""
        return any(v is not None for v in self.scores.values())


def unavailable() -> PillarScores:
    """Return the marked-absent scores."""
    return PillarScores(scores=dict.fromkeys(PILLARS), source=None)


def pillar_scores(runner: Runner, registry: Registry, query_id: str | None, scope: Scope) -> PillarScores:
    """Run the scores query (columns `pillar`, `score`) under the briefing's filters, or mark scores absent."""
    if not query_id:
        return unavailable()
    try:
        spec = registry.get(query_id)
        frame = runner.run(spec, scope.params()).frame
    except (KeyError, QueryFileError, QueryError):
        return unavailable()
    if not {"pillar", "score"} <= set(frame.columns):
        return unavailable()
    found = {str(p): float(s) for p, s in zip(frame["pillar"], frame["score"], strict=True)
             if s is not None and not (isinstance(s, float) and math.isnan(s))}
    return PillarScores(scores={p: found.get(p) for p in PILLARS}, source=f"queries/{query_id}.sql", title=spec.title)
