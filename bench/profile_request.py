"""Where one request's time goes: cProfile around the WSGI app, as one gunicorn worker runs it.

Run: .venv/bin/python bench/profile_request.py --scenario project-info -n 300 [--sort tottime]
Seeds a temp SQLite like bench/load.py (or, with `--url`, reseeds that PostgreSQL database), starts the fake Slack in-process, builds the app with
`create_app`, then calls the WSGI app directly with signed bodies (no HTTP, no gunicorn).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
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
    out = b"".join(web(environ, lambda s, h, *a: status.append(s)))
    return status[0], out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default="project-info", choices=list(SCENARIOS))
    p.add_argument("-n", type=int, default=300)
    p.add_argument("--sort", default="cumulative")
    p.add_argument("--limit", type=int, default=45)
    p.add_argument("--tasks", type=int, default=10_000)
    p.add_argument("--url", help="a PostgreSQL database to reseed and use (dropped and recreated)")
    p.add_argument("--miss", action="store_true", help="keep no answers: build each one afresh")
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
    sc = SCENARIOS[args.scenario]

    def fresh(n: int) -> list[bytes]:
        """Bodies with trigger_ids never sent: a repeated one is acked as a replay, doing nothing."""
        return [body_for(sc, sc.texts[i % len(sc.texts)]) for i in range(n)]

    for body in fresh(20):  # warm: imports, first auth.test, dateparser data
        status, out = call(web, body)
    print(f"{status}: {out[:200]!r}")
    timed, bodies = fresh(100), fresh(args.n)
    start, cpu = time.perf_counter(), time.thread_time()
    for body in timed:
        call(web, body)
    wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
    # thread_time counts this thread only: the request path, not deferred work on the pool.
    print(f"unprofiled: {wall * 10:.2f} ms wall, {cpu * 10:.2f} ms CPU on the request thread")
    prof = cProfile.Profile()
    prof.enable()
    for body in bodies:
        call(web, body)
    prof.disable()
    built.runtime.drain(timeout=300)
    stats = pstats.Stats(prof).strip_dirs().sort_stats(args.sort)
    stats.print_stats(args.limit)
    fake.stop()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
