"""Community breakdowns list each place once, in either language: a name shared in English merges no rows."""

from __future__ import annotations

import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry

_REGISTRY = load_registry(REPO_ROOT / "queries")
BREAKDOWNS = sorted(query_id for query_id, spec in _REGISTRY.specs.items()
                    if query_id.endswith("__by_community") and "lang" in spec.params)


def test_the_demo_has_villages_and_communities_that_share_an_english_name_in_one_township(
        demo_settings: Settings) -> None:
    shared = Runner(demo_settings).run_sql(
        "select township_id, name_en from communities group by all having count(distinct name_zh) > 1").frame
    assert len(shared) > 0, "without such names the test below could not tell places from names"


@pytest.mark.parametrize("query_id", BREAKDOWNS)
def test_a_breakdown_lists_as_many_places_in_english_as_in_chinese(query_id: str, demo_settings: Settings) -> None:
    spec = load_registry(demo_settings.queries_dir).get(query_id)
    runner = Runner(demo_settings)
    for area in (None, "urban", "rural"):
        zh, en = (runner.run(spec, {"lang": lang, "area": area}).frame for lang in ("zh", "en"))
        assert len(en) == len(zh), f"area {area}: {len(zh)} rows in Chinese, {len(en)} in English"
        # The same numbers stand in both languages, whatever the names.
        numbers = [c for c in zh.columns if c not in ("township", "community")]
        key = sorted(map(tuple, zh[numbers].astype(str).to_numpy()))
        assert key == sorted(map(tuple, en[numbers].astype(str).to_numpy())), f"area {area}"
