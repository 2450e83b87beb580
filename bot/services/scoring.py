"""Risk score and band: one function for the command, the matrix, the digest and the report."""

from __future__ import annotations

BANDS = (("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("critical", 20, 25))
CRITICAL_SCORE = 20


def score(likelihood: int, impact: int) -> int:
    return likelihood * impact


def band(value: int) -> str:
    """low 1–4, medium 5–9, high 10–16, critical 20–25 (no product of 1–5 falls between)."""
    for name, low, high in BANDS:
        if low <= value <= high:
            return name
    raise ValueError(f"score {value} is outside 1–25")
