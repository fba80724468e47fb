"""Small statistics for bench numbers: median/min/max, percentiles, pairwise ratios."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def summary(values: Sequence[float | None]) -> dict[str, float | int | None]:
    """Median, min and max of the measured values (None = not measured), and how many there were."""
    present = [value for value in values if value is not None]
    if not present:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {
        "median": statistics.median(present),
        "min": min(present),
        "max": max(present),
        "n": len(present),
    }


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile (fraction in 0..1) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def pair_ratios(
    numerators: Sequence[float | None], denominators: Sequence[float | None]
) -> list[float | None]:
    """Ratios run by run (the same run's pages), None where either side is missing."""
    return [
        None if top is None or bottom in (None, 0) else top / bottom
        for top, bottom in zip(numerators, denominators, strict=True)
    ]
