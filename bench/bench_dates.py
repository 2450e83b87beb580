"""Median warm parse time: the shared DateParser against `dateparser.parse`.

Run: .venv/bin/python bench/bench_dates.py
"""

from __future__ import annotations

import contextlib
import statistics
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import dateparser

from bot.dates import DateError, default_parser

PHRASES = ["2026-12-04", "tomorrow", "Dec 4", "in 3 days", "下周五", "明天下午3点", "blorp"]
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ROUNDS = 50


def median_ms(fn) -> float:
    """Median wall time of `fn()` in milliseconds, after one warm-up call."""
    fn()
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def ours(phrase: str) -> None:
    with contextlib.suppress(DateError):
        default_parser().parse(phrase, now=NOW, tz="Asia/Shanghai")


def theirs(phrase: str, languages: list[str] | None = None) -> None:
    dateparser.parse(
        phrase,
        languages=languages,
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": NOW.replace(tzinfo=None),
            "TIMEZONE": "UTC",
        },
    )


def main() -> None:
    print("median warm ms  DateParser  dateparser.parse(en,zh)  dateparser.parse(any language)")
    for phrase in PHRASES:
        a = median_ms(lambda p=phrase: ours(p))
        b = median_ms(lambda p=phrase: theirs(p, ["en", "zh"]))
        c = median_ms(lambda p=phrase: theirs(p))
        print(f"{phrase:<14}{a:>12.3f}{b:>25.3f}{c:>31.3f}")


if __name__ == "__main__":
    main()
