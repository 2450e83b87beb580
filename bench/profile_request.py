"""Where one request's time goes: cProfile around the WSGI app, as one gunicorn worker runs it.

Run: .venv/bin/python bench/profile_request.py --scenario project-info -n 300 [--sort tottime]
Seeds a temp SQLite like bench/load.py (or, with `--url`, reseeds that PostgreSQL database), starts the fake Slack in-process, builds the app with
`create_app`, then calls the WSGI app directly with signed bodies (no HTTP, no gunicorn).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import SCENARIOS, body_for, seed_template  # noqa: E402
from bot.testing.signed import sign  # noqa: E402

SECRET = "bench-profile-secret"


def call(web, body: bytes) -> tuple[str, bytes]:
    """One POST /slack/events through the WSGI app."""
    headers = sign(SECRET, body, int(time.time()))
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": headers["X-Slack-Request-Timestamp"],
        "HTTP_X_SLACK_SIGNATURE": headers["X-Slack-Signature"],
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "3000",
    }
    status: list[str] = []
    body = web(environ, lambda s, h, *a: status.append(s))
    try:
        out = b"".join(body)
    finally:
        if hasattr(body, "close"):  # as a WSGI server does once the answer is written: this
            body.close()  # starts the work the request deferred (`bot.after_response`)
    return status[0], out


def deferred_cpu() -> float:
    """CPU seconds used so far by the deferred-work threads (`rt.defer`'s pool)."""
    return sum(
        time.clock_gettime(time.pthread_getcpuclockid(t.ident))
        for t in threading.enumerate()
        if t.name.startswith(("teamtrack-after", "control-after")) and t.ident is not None
    )


def print_statements(web, built, body: bytes) -> None:
    """The SQL one request sends, in order, deferred work included (its threads marked)."""
    from sqlalchemy import event

    said: list[str] = []

    def note(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        where = "" if threading.current_thread() is threading.main_thread() else "  (deferred)"
        many = f" ×{len(params)}" if executemany else ""
        said.append(" ".join(statement.split())[:110] + many + where)

    engines = (built.runtime.db.engine, built.runtime.db.reads)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", note)
    call(web, body)
    built.runtime.drain(timeout=300)
    for engine in engines:
        event.remove(engine, "before_cursor_execute", note)
    print(
        f"{len(said)} statements through SQLAlchemy (not listed: BEGIN, COMMIT, first_row reads):"
    )
    for line in said:
        print("  " + line)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default="project-info", choices=list(SCENARIOS))
    p.add_argument("-n", type=int, default=300)
    p.add_argument("--timed", type=int, default=300, help="requests timed without the profiler")
    p.add_argument("--sort", default="cumulative")
    p.add_argument(
        "--timer",
        choices=("wall", "cpu"),
        default="wall",
        help="cpu: count this thread's CPU only, not waits (for the Web API, locks)",
    )
    p.add_argument("--dump", default="", help="also write the raw profile to this file")
    p.add_argument("--callees", default="", help="also print what functions matching this call")
    p.add_argument("--limit", type=int, default=45)
    p.add_argument("--tasks", type=int, default=10_000)
    p.add_argument("--url", help="a PostgreSQL database to reseed and use (dropped and recreated)")
    p.add_argument("--miss", action="store_true", help="keep no answers: build each one afresh")
    p.add_argument(
        "--inline-deferred",
        action="store_true",
        help="profile deferred work too: run it on the request thread, after the answer",
    )
    p.add_argument(
        "--target",
        choices=("app", "add-floor"),
        default="app",
        help="add-floor: bench/add_floor.py's listener (task-add only), for comparison",
    )
    p.add_argument("--pre-ping", action="store_true", help="ping at every pool checkout, as before")
    args = p.parse_args()

    from bench.load import reseed
    from bot.app import create_app
    from bot.config import Settings
    from bot.store.db import Database
    from bot.testing.fake_slack import FakeSlack
    from bot.web import WebApp

    tmp = Path(tempfile.mkdtemp(prefix="teamtrack-profile-"))
    if args.url:
        reseed(args.url, args.tasks, True)
    else:
        seed_template(tmp / "template.db", args.tasks, True)
    url = args.url or f"sqlite:///{tmp / 'template.db'}"
    fake = FakeSlack().start()
    fake.add_user("U0001", "lead", tz="Asia/Shanghai")
    for channel in ("C0001", "C0002"):
        fake.add_channel(channel, channel.lower(), members=["U0001"])
    settings = Settings(
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
        database_url=url,
        log_level="WARNING",
        teamtrack_answer_cache=0 if args.miss else 256,
    )
    db = Database(url, **({"pool_pre_ping": True} if args.pre_ping else {}))
    built = create_app(settings, db=db)
    web = WebApp(built.app, db)
    if args.target == "add-floor":
        from bench.control_app import build_control_web

        os.environ.update(SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SECRET)
        os.environ.update(SLACK_API_URL=fake.api_url, DATABASE_URL=url)
        web = build_control_web(add=True)
    sc = SCENARIOS[args.scenario]

    def fresh(n: int) -> list[bytes]:
        """Bodies with trigger_ids never sent: a repeated one is acked as a replay, doing nothing."""
        return [body_for(sc, sc.texts[i % len(sc.texts)]) for i in range(n)]

    for body in fresh(20):  # warm: imports, first auth.test, dateparser data
        status, out = call(web, body)
    print(f"{status}: {out[:200]!r}")
    built.runtime.drain(timeout=300)
    print_statements(web, built, fresh(1)[0])
    timed, bodies = fresh(args.timed), fresh(args.n)
    built.runtime.drain(timeout=300)
    start, cpu, after = time.perf_counter(), time.thread_time(), deferred_cpu()
    for body in timed:
        call(web, body)
    wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
    built.runtime.drain(timeout=300)
    after = deferred_cpu() - after
    # thread_time counts this thread only: the request path; deferred work runs on the pool.
    per = 1000 / len(timed)
    print(
        f"unprofiled, per request ({len(timed)}): {wall * per:.2f} ms wall, "
        f"{cpu * per:.2f} ms CPU on the request thread, {after * per:.2f} ms CPU of deferred work"
    )
    if args.inline_deferred:
        built.runtime.defer = lambda fn: fn()  # type: ignore[method-assign]
    prof = cProfile.Profile(time.thread_time) if args.timer == "cpu" else cProfile.Profile()
    prof.enable()
    for body in bodies:
        call(web, body)
    prof.disable()
    built.runtime.drain(timeout=300)
    if args.dump:
        prof.dump_stats(args.dump)
    stats = pstats.Stats(prof).strip_dirs().sort_stats(args.sort)
    stats.print_stats(args.limit)
    if args.callees:
        stats.print_callees(args.callees)
    fake.stop()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
