"""The scheduler as a child process of `teamtrack serve`: gunicorn's workers must not each tick.

Kept apart from `scheduler.py` so gunicorn's master imports neither APScheduler nor the app.
"""

from __future__ import annotations

import os
import subprocess
import sys


def spawn_scheduler(env: dict[str, str] | None = None) -> subprocess.Popen:
    """`teamtrack scheduler` as a child process: for `serve`, whose gunicorn workers must not each tick."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "scheduler"], env={**os.environ, **(env or {})}
    )


def stop_spawned(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Ask the child scheduler to stop (SIGTERM: it finishes its tick), then make sure it did."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
