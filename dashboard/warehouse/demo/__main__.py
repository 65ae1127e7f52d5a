"""Command line: `python -m dashboard.warehouse.demo [OUT_DIR]` regenerates the demo CSVs (data/seed)."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.base.settings import REPO_ROOT
from dashboard.warehouse.demo import generate


def main(argv: list[str]) -> int:
    """Generate the demo CSVs into the folder given, or into data/seed."""
    out_dir = Path(argv[0]) if argv else REPO_ROOT / "data" / "seed"
    generate(out_dir)
    print(f"demo data written to {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
