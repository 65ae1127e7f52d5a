"""One colour and one name per code value: every chart the app and the decks draw, walked on the demo warehouse."""

from __future__ import annotations

from collections import defaultdict

import plotly.graph_objects as go
import pytest

from dashboard.base.settings import Settings
from dashboard.base.vocabulary import CODE_COLUMNS, VOCABULARY
from dashboard.engine.runner import Runner
from dashboard.present import palette
from dashboard.present.charts import PILLAR_COLORS, status_color
from dashboard.present.codes import code_colors, code_label
from dashboard.present.plots import query_plot
from dashboard.query.registry import load_registry

LANGS = ("zh", "en")


def _drawn(figure: go.Figure) -> list[tuple[str, str]]:
    """Return (category shown, colour) for every trace or pie slice that names a category."""
    pairs = []
    for trace in figure.data:
        if trace.type == "pie":
            pairs += [(str(label), str(color)) for label, color in zip(trace.labels, trace.marker.colors, strict=True)]
        elif trace.name and isinstance(getattr(trace.marker, "color", None), str):
            pairs.append((str(trace.name), trace.marker.color))
    return pairs


def _charts(settings: Settings, lang: str) -> dict[str, tuple[str, go.Figure]]:
    """Draw every query with a coded colour column as the app, the library and the decks draw it."""
    registry, runner = load_registry(settings.queries_dir), Runner(settings)
    charts = {}
    for query_id, spec in sorted(registry.specs.items()):
        coloured = spec.chart.x if spec.chart.type == "pie" else spec.chart.color
        if spec.chart.type in ("table", "map") or coloured not in CODE_COLUMNS:
            continue
        frame = runner.run(spec, {"lang": lang} if "lang" in spec.params else {}).frame
        if not frame.empty:
            charts[query_id] = (VOCABULARY.get(coloured, coloured), query_plot(frame, spec, lang))
    return charts


@pytest.mark.parametrize("lang", LANGS)
def test_one_code_value_has_one_colour_in_every_chart(lang: str, demo_settings: Settings) -> None:
    charts = _charts(demo_settings, lang)
    assert len(charts) >= 5, "the walk found too few coded charts to mean anything"
    seen: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for query_id, (vocabulary, figure) in charts.items():
        for shown, colour in _drawn(figure):
            seen[(vocabulary, shown)][colour] = query_id
    twice = {key: where for key, where in seen.items() if len(where) > 1}
    assert not twice, f"one code value drawn in two colours: {twice}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_category_drawn_is_named_by_the_shared_code_names(lang: str, demo_settings: Settings) -> None:
    for query_id, (vocabulary, figure) in _charts(demo_settings, lang).items():
        names = set(code_colors(vocabulary, lang))
        drawn = [shown for shown, _ in _drawn(figure)]
        assert set(drawn) <= names, f"{query_id} names codes itself: {sorted(set(drawn) - names)}"
        colours = [colour for _, colour in _drawn(figure)]
        assert len(set(colours)) == len(colours), f"{query_id}: two categories share a colour: {_drawn(figure)}"


@pytest.mark.parametrize("lang", LANGS)
def test_status_hues_mean_status_only(lang: str, demo_settings: Settings) -> None:
    for query_id, (vocabulary, figure) in _charts(demo_settings, lang).items():
        if vocabulary in palette.STATUS_VOCABULARIES:
            continue
        for shown, colour in _drawn(figure):
            assert colour not in palette.STATUS_HUES, f"{query_id}: category {shown} drawn in a status hue {colour}"
    assert not set(PILLAR_COLORS.values()) & palette.STATUS_HUES, "a pillar coloured like a status"


@pytest.mark.parametrize("lang", LANGS)
def test_each_code_has_one_label_and_each_label_one_code(lang: str) -> None:
    for column in CODE_COLUMNS:
        colours = code_colors(column, lang)
        vocabulary = VOCABULARY.get(column, column)
        assert all(code_label(column, label, lang) for label in colours), column
        # Two codes of one vocabulary never share a name: the dictionary returns a name per code.
        assert len(colours) == len(set(colours)), f"{vocabulary}: two codes share a label"


def test_urban_and_rural_keep_their_colours_in_both_languages() -> None:
    for lang in LANGS:
        colours = code_colors("area", lang)
        assert colours[code_label("area", "urban", lang)] == palette.AREA["urban"]
        assert colours[code_label("area", "rural", lang)] == palette.AREA["rural"]


def test_met_and_on_track_read_apart() -> None:
    assert status_color("met") != status_color("on_track")
    assert code_colors("status", "zh")[code_label("status", "completed", "zh")] == status_color("met")
    assert code_colors("status", "zh")[code_label("status", "overdue", "zh")] == status_color("off_track")


def test_a_follow_up_status_has_the_apps_colour_in_the_deck() -> None:
    from dashboard.briefing.meeting_tables import follow_up_fill

    for code in ("overdue", "open", "done"):
        assert follow_up_fill(code) == code_colors("status", "zh")[code_label("status", code, "zh")], code
