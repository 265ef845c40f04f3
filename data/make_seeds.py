"""Regenerate data/seeds.jsonl from the seed page dumps (default: ../shared/seeds).

Usage: .venv/bin/python data/make_seeds.py [SEEDS_DIR] [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a plain checkout

from extract.readers import format_report  # noqa: E402
from extract.readers.bundle import BUNDLED_SEEDS, SHARED_SEEDS, make_seeds  # noqa: E402


def main(argv: list[str]) -> int:
    """Write the bundled corpus and print what was read."""
    seeds_dir = Path(argv[0]) if argv else SHARED_SEEDS
    out = Path(argv[1]) if len(argv) > 1 else BUNDLED_SEEDS
    if not seeds_dir.is_dir():
        print(f"error: seed directory not found: {seeds_dir}", file=sys.stderr)
        return 2
    report = make_seeds(seeds_dir, out)
    print(format_report(report))
    print(f"wrote {len(report.papers):,} papers to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
