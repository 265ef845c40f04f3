"""A larger corpus from a JSONL one: ``K`` copies of every record, each a distinct paper.

``.venv/bin/python bench/corpus_copies.py real25k.jsonl 10 real250k.jsonl [--limit N]``

Copy ``k`` of a record gets the id ``<id>-c<k>`` (``r<line>-c<k>`` without an id) and the
title ``<title> [copy k]``, so no two copies merge; the abstracts stay the same, which keeps
the extraction work and the entity vocabulary those of the real corpus while the graph grows.
``--limit`` stops after ``N`` records written (the first ``N`` of the copies, in copy order).
Write it outside the repository: the real corpus has no licence to be copied into it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a JSONL corpus with id and title fields")
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="records to write at most")
    args = parser.parse_args()
    written = 0
    with args.out.open("w") as out:
        for copy in range(args.copies):
            with args.corpus.open() as lines:
                for number, line in enumerate(lines):
                    if args.limit is not None and written >= args.limit:
                        break
                    record = json.loads(line)
                    record["id"] = f"{record.get('id') or f'r{number:05d}'}-c{copy}"
                    record["title"] = f"{record.get('title', '')} [copy {copy}]"
                    out.write(json.dumps(record) + "\n")
                    written += 1
    print(f"wrote {written} records to {args.out}")


if __name__ == "__main__":
    main()
