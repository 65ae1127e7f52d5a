"""`indicators`: where each pillar and indicator stands, in the terminal, under the same filters as the app."""

from __future__ import annotations

import argparse

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.base.settings import load_settings
from dashboard.engine.runner import Runner
from dashboard.metrics.pillars import assess_pillars, evaluation_day, pillar_summary
from dashboard.present.pillar_tables import indicator_table
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope, parse_month

COLUMNS = ["label", "current", "target", "basis", "progress", "expected", "status", "projected"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `indicators` command."""
    parser = subparsers.add_parser("indicators", help="print every pillar's score and each indicator's pace")
    parser.add_argument("--township", help="township id, e.g. T01")
    parser.add_argument("--area", choices=["urban", "rural"])
    parser.add_argument("--to", dest="month_to", help="last month, YYYY-MM (judged at its end)")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.set_defaults(handler=cmd_indicators)


def cmd_indicators(args: argparse.Namespace) -> int:
    """Evaluate every indicator under the given selection and print a table per pillar; exit 1 on a problem."""
    settings = load_settings()
    registry = load_registry(settings.queries_dir)
    runner = Runner(settings)
    scope = Scope(township=args.township, area=args.area, month_to=parse_month(args.month_to), lang=args.lang)
    as_of = pd.Timestamp(runner.run(registry.get("reference/snapshot")).frame["as_of"].iloc[0]).date()
    today, config = evaluation_day(as_of, scope.month_to), load_settings().pace
    towns = runner.run(registry.get("reference/townships"), {"lang": args.lang}).frame
    names = dict(zip(towns["township_id"], towns["township"], strict=True))
    print(f"{scope.describe(names.get(args.township))} · {today.isoformat()}")
    fetch = lambda spec, params: runner.run(spec, params).frame  # noqa: E731
    for pillar, assessed in assess_pillars(registry, fetch, scope, as_of, config, settings.min_sample).items():
        score, _ = pillar_summary(assessed, config)
        shown = "—" if score.score is None else f"{score.score:.0f}"
        print(f"\n{translate(f'pillar.{pillar}', args.lang)}: {shown} / 100 · "
              f"{translate(f'pillars.status.{score.status}', args.lang)}")
        table = indicator_table(assessed, args.lang)[COLUMNS].round({"progress": 0})
        print(table.to_string(index=False))
    return 0
