"""A human-readable summary of an IngestReport."""

from __future__ import annotations

from collections import Counter

from extract.records import IngestReport

# Reasons that carry a number ("abstract too short (3 chars, min 20)") are grouped by their
# text before the parenthesis so the summary counts kinds, not values.


def _reason_kind(reason: str) -> str:
    return reason.split(" (", 1)[0].split(": ", 1)[0]


def format_report(report: IngestReport, max_skipped: int = 10) -> str:
    """Loaded/merged/skipped counts, skip reasons by kind, and the first skipped records."""
    lines = [
        f"loaded {len(report.papers):,} papers from {report.read:,} records "
        f"({report.merged:,} duplicates merged), skipped {len(report.skipped):,}"
    ]
    if report.skipped:
        kinds = Counter(_reason_kind(skip.reason) for skip in report.skipped)
        lines.append("skipped by reason:")
        lines.extend(f"  {count:>6,}  {kind}" for kind, count in kinds.most_common())
        shown = report.skipped[:max_skipped]
        lines.append(f"first {len(shown)} skipped:")
        lines.extend(f"  {skip.source}:{skip.record}: {skip.reason}" for skip in shown)
    return "\n".join(lines)
