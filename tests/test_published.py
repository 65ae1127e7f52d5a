"""Every figure the seed article states is reproduced on the demo warehouse by published/figures.sql."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from dashboard.base.settings import REPO_ROOT, load_settings
from dashboard.engine.runner import Runner
from dashboard.present.formatting import published_rounding
from dashboard.query.registry import load_registry

FIGURES_CSV = REPO_ROOT / "data" / "seed" / "published_figures.csv"
with FIGURES_CSV.open(encoding="utf-8", newline="") as _handle:
    FIGURES = list(csv.DictReader(_handle))


@pytest.fixture(scope="module")
def reproduced(demo_var: Path) -> pd.DataFrame:
    """Run the published-figures query once on the demo warehouse (built once per session by conftest)."""
    settings = dataclasses.replace(load_settings(), var_dir=demo_var, queries_dir=REPO_ROOT / "queries")
    spec = load_registry(settings.queries_dir).get("published/figures")
    result = Runner(settings).run(spec, {})
    assert not result.truncated
    return result.frame.set_index("figure_id")


def test_every_figure_has_one_row(reproduced: pd.DataFrame) -> None:
    assert sorted(reproduced.index) == sorted(f["figure_id"] for f in FIGURES)


@pytest.mark.parametrize("figure", FIGURES, ids=[f["figure_id"] for f in FIGURES])
def test_published_figure_is_reproduced(figure: dict[str, str], reproduced: pd.DataFrame) -> None:
    row = reproduced.loc[figure["figure_id"]]
    published, precision = float(figure["value"]), float(figure["precision"])
    computed = row["computed_value"]
    assert row["published_value"] == published
    assert not pd.isna(computed), "not computed: add it to the view published_figure_parts in schema.sql"
    if figure["qualifier"] == "more_than":
        # 「35000余」: at least the figure, and the article's rounding step gives back the figure.
        assert computed >= published
        assert published_rounding(computed, figure["qualifier"], precision) == pytest.approx(published)
    elif figure["unit"] == "percent":
        # Rounded to the article's step exactly as the app's cards do (one function, half to even).
        assert published_rounding(computed, figure["qualifier"], precision) == pytest.approx(published)
    else:
        assert computed == published
