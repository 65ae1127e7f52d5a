"""Command-line entry: each module here adds its sub-commands to one parser."""

from __future__ import annotations

import argparse
import sys

from dashboard.cli import boundaries, briefing, core, data, meeting, pillars, workbench
from dashboard.metrics.warmup import warm_before_publish
from dashboard.warehouse.writer import before_publish

# Each module exposes register(subparsers); add a module here to add commands.
COMMAND_MODULES = [core, data, boundaries, workbench, pillars, briefing, meeting]


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen command; return its exit code."""
    parser = argparse.ArgumentParser(prog="python -m dashboard",
                                     description="社治成效看板 · Governance Outcomes Dashboard")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    # Streamlit's own options (--server.port 8502) follow `run`; argparse would take them for its own.
    args, unknown = parser.parse_known_args(argv)
    if unknown and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "run":
        args.streamlit_args = [*unknown, *args.streamlit_args]
    before_publish(warm_before_publish)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
