"""HTTP load bench: signed slash commands through wrk against `teamtrack serve` and a bare Bolt control.

Run: .venv/bin/python bench/load.py                      # control sweep, then the app, every scenario
     .venv/bin/python bench/load.py --scenarios project-info --app serve:2,serve:3 --control pbr:sync:2
See bench/README.md. wrk and the servers share this machine's cores; the table shows who used what.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.control_app import create_floor_table  # noqa: E402
from bench.procs import (  # noqa: E402
    PY,
    Server,
    busy_seconds,
    certificate,
    children,
    cpu_seconds,
    memory_mb,
    parse_wrk,
    start_fake,
    summarise_py_spy,
    system_seconds,
    wrk,
)
from bot.testing.signed import sign  # noqa: E402

TASK_MODULE = ROOT / "bot" / "commands" / "task.py"
UNEVEN = 0.5  # a worker that did under half the CPU of the busiest one
DUES = ("friday", '"in 3 days"', "下周五", '"next monday"', "tomorrow")
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Every request carries its own trigger_id (the app acks a repeated one as a replay, doing
# nothing): this process's serial numbers, under a tag of its own so runs never meet.
RUN_TAG = secrets.token_hex(4)
SERIAL = itertools.count()
RATE_GUESS = 6000  # req/s to write requests for before a server's rate is known


@dataclass(frozen=True)
class Scenario:
    name: str
    command: str
    channel: str
    texts: tuple[str, ...]
    needs_task: bool = False


# Canonical order: task-add runs last so task-list and the 10k info see exactly 10,000 tasks.
SCENARIOS = {
    s.name: s
    for s in (
        Scenario("project-info", "/project", "C0001", ("info",)),
        Scenario("project-info-10k", "/project", "C0002", ("info",)),
        Scenario("task-list", "/task", "C0002", ("list",), needs_task=True),
        Scenario(
            "task-add",
            "/task",
            "C0002",
            tuple(f"add Bench load task {i} est:4h due:{DUES[i % len(DUES)]}" for i in range(200)),
            needs_task=True,
        ),
    )
}


@dataclass
class Result:
    target: str
    config: str
    scenario: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    c1_p50_ms: float | None = None
    alone_p50_ms: float | None = None
    cpu_ms: float | None = None  # server CPU per request: unaffected by other load, unlike req/s
    rss_mb: float | None = None
    pss_mb: float | None = None
    hwm_mb: float | None = None
    server_cpu: float = 0.0  # share of one core during the timed run
    wrk_cpu: float = 0.0
    fake_cpu: float = 0.0
    other_cpu: float = 0.0  # everything else on the machine (other people's tests...)
    attempts: int = 1
    uneven: str = ""  # the workers' CPU shares when one did under half another's work
    errors: str = ""
    sample: str = ""
    ratio: float | None = None
    cpu_ratio: float | None = None  # control CPU/request ÷ this row's: the ratio on a quiet machine
    extra: dict = field(default_factory=dict)


# -- requests and wrk --------------------------------------------------------------------------


def body_for(sc: Scenario, text: str, n: int | None = None) -> bytes:
    """A signed command's body; its trigger_id is unique (`n`, or the next serial number)."""
    n = next(SERIAL) if n is None else n
    return urlencode(
        {
            "token": "verification-token",
            "team_id": "T0001",
            "team_domain": "teamtrack",
            "channel_id": sc.channel,
            "channel_name": sc.channel.lower(),
            "user_id": "U0001",
            "user_name": "lead",
            "command": sc.command,
            "text": text,
            "api_app_id": "A0001",
            "is_enterprise_install": "false",
            "response_url": "http://127.0.0.1:9/respond/bench",  # the discard port: fails fast
            "trigger_id": f"{n}.{RUN_TAG}.bench",
        }
    ).encode()


def write_requests(sc: Scenario, secret: str, path: Path, count: int) -> bytes:
    """`count` signed requests for wrk, stamped now, each with a trigger_id never used before
    (wrk sends each once; `replays=` in a row's errors says it ran out); returns the first body."""
    ts = int(time.time())
    bodies = [body_for(sc, sc.texts[i % len(sc.texts)]) for i in range(count)]
    with path.open("w") as f:
        for body in bodies:
            f.write(f"{ts}\t{sign(secret, body, ts)['X-Slack-Signature']}\t{body.decode()}\n")
    return bodies[0]


def sanity(url: str, secret: str, body: bytes) -> tuple[int, str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    headers.update(sign(secret, body, int(time.time())))
    req = urllib.request.Request(url + "/slack/events", data=body, headers=headers, method="POST")
    try:
        with _opener.open(req, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


# -- one measured run ------------------------------------------------------------------------


def drain(server: Server, step: float = 0.25, idle: float = 0.02, limit: float = 60.0) -> tuple[float, float]:  # fmt: skip
    """CPU seconds the server spends after the load stopped, until it idles (under `idle` of a
    core over `step` s): the after-work of requests already answered; and the seconds it took."""
    started = time.monotonic()
    total, deadline = 0.0, started + limit
    last = cpu_seconds(server.pids())
    while time.monotonic() < deadline:
        time.sleep(step)  # a measuring window on the server's CPU, not a wait on the app
        now = cpu_seconds(server.pids())
        total, last, used = total + now - last, now, now - last
        if used < idle * step:
            break
    return total, time.monotonic() - started


@dataclass
class Bench:
    args: argparse.Namespace
    secret: str
    env: dict[str, str]
    tmp: Path
    fake: subprocess.Popen
    rate: float = RATE_GUESS  # the last warm-up's req/s: how many requests a run needs

    def measure(self, server: Server, sc: Scenario, target: str, config: str) -> Result:
        a, result = self.args, Result(target, config, sc.name)
        reqfile = self.tmp / f"{sc.name}.tsv"
        status, text = sanity(server.url, self.secret, body_for(sc, sc.texts[0]))
        result.sample = text[:160].replace("\n", " ")
        if status != 200 or (target == "app" and (":warning:" in text or not text)):
            result.errors = f"sanity request answered {status}: {result.sample}"
            return result
        self.rate = RATE_GUESS
        write_requests(sc, self.secret, reqfile, self.enough(a.warmup))
        out, _ = wrk(server.url, reqfile, threads=a.threads, conns=a.connections, secs=a.warmup)
        self.rate = parse_wrk(out)["rps"] or RATE_GUESS
        # The machine is shared: retry a run that other processes disturbed, keep the quietest.
        best: Result | None = None
        # A run whose workers shared the load unevenly is retried too, and kept only if all were.
        for attempt in range(1, a.attempts + 1):
            self.wait_quiet(server)
            timed = self.timed(server, sc, reqfile, Result(target, config, sc.name))
            timed.attempts, timed.sample = attempt, result.sample
            if best is None or (bool(timed.uneven), timed.other_cpu) < (
                bool(best.uneven),
                best.other_cpu,
            ):
                best = timed
            if timed.other_cpu <= a.max_noise and not timed.uneven:
                break
            why = timed.uneven or f"noisy: other processes used {timed.other_cpu:.0%} of a core"
            print(f"  ({why}; again)")
        result = best
        out = result.extra.pop("out")
        if a.verbose:
            print(out)
        if a.probe:
            write_requests(sc, self.secret, reqfile, self.enough(a.probe))
            out, _ = wrk(server.url, reqfile, threads=1, conns=1, secs=a.probe)
            result.c1_p50_ms = parse_wrk(out)["p50"]
        if a.probe and a.pace:
            # One request at a time with a pause after each: the latency of a request that meets
            # a server with nothing left from the last (its card posted, its after-work done).
            write_requests(sc, self.secret, reqfile, self.enough(a.probe))
            out, _ = wrk(server.url, reqfile, threads=1, conns=1, secs=a.probe, pace_ms=a.pace)
            result.alone_p50_ms = parse_wrk(out)["p50"]
        return result

    def timed(self, server: Server, sc: Scenario, reqfile: Path, result: Result) -> Result:
        """One timed wrk run with the CPU each party used and the resident memory after it."""
        a = self.args
        # A fresh timestamp for the timed run, and new trigger ids.
        write_requests(sc, self.secret, reqfile, self.enough(a.duration))
        fake_pids = [self.fake.pid]
        cpu0, fake0, busy0 = cpu_seconds(server.pids()), cpu_seconds(fake_pids), busy_seconds()
        workers = children(server.proc.pid)
        each0 = [cpu_seconds([pid]) for pid in workers]
        sys0 = system_seconds(server.pids())
        spy = self.start_py_spy(server, sc, result.config)
        t0 = time.monotonic()
        out, wrk_cpu = wrk(
            server.url, reqfile, threads=a.threads, conns=a.connections, secs=a.duration
        )
        wall = time.monotonic() - t0
        server_cpu = cpu_seconds(server.pids()) - cpu0
        # Work queued after the acks (cards posted, rows written) that was still running when wrk
        # stopped belongs to the requests measured: a server whose after-work falls behind would
        # otherwise look cheaper than one that keeps up.
        after, drained = drain(server)
        result.extra["after_cpu"] = round(after, 3)
        server_cpu += after
        wall += drained  # the shares below are of the whole span, run and drain
        # Keep-alive connections stay on the worker that accepted them: gthread workers can get
        # wrk's 16 connections unevenly, and then the run measures about one worker, not two.
        each = [cpu_seconds([pid]) - was for pid, was in zip(workers, each0, strict=True)]
        if len(each) > 1 and min(each) < UNEVEN * max(each):
            result.uneven = "uneven: workers " + "/".join(f"{c / sum(each):.0%}" for c in each)
        result.extra["system_share"] = round((system_seconds(server.pids()) - sys0) / server_cpu, 3) if server_cpu else None  # fmt: skip
        fake_cpu = cpu_seconds(fake_pids) - fake0
        other = busy_seconds() - busy0 - server_cpu - fake_cpu - wrk_cpu
        result.server_cpu, result.fake_cpu = server_cpu / wall, fake_cpu / wall
        result.wrk_cpu, result.other_cpu = wrk_cpu / wall, max(other, 0.0) / wall
        result.rss_mb, result.pss_mb, result.hwm_mb = memory_mb(server.pids())
        result.extra["rss_each_mb"] = [round(memory_mb([pid])[0], 1) for pid in server.pids()]
        parsed = parse_wrk(out)
        result.rps, result.p50_ms, result.p99_ms = parsed["rps"], parsed["p50"], parsed["p99"]
        result.errors = parsed["errors"]
        if parsed["responses"]:
            result.cpu_ms = server_cpu / parsed["responses"] * 1000
        result.extra.update(responses=parsed["responses"], out=out)
        if spy is not None:
            try:
                spy[0].wait(30)
            except subprocess.TimeoutExpired:
                spy[0].kill()
                spy[0].wait()
            print(summarise_py_spy(spy[1], a.profile_top), flush=True)
        return result

    def enough(self, secs: float) -> int:
        """Requests for `secs` of wrk at twice the last rate seen: none is sent twice."""
        return int(self.rate * 2 * max(1, round(secs))) + 500

    def wait_quiet(self, server: Server) -> None:
        """Wait (up to --quiet-wait s) for a second in which other processes use under --max-noise."""
        deadline = time.monotonic() + self.args.quiet_wait
        ours = [*server.pids(), self.fake.pid]
        while True:
            busy0, own0 = busy_seconds(), cpu_seconds(ours)
            time.sleep(1)  # a measuring window, not a wait on the app
            other = busy_seconds() - busy0 - (cpu_seconds(ours) - own0)
            if other <= self.args.max_noise or time.monotonic() > deadline:
                return

    def start_py_spy(self, server: Server, sc: Scenario, config: str):
        """Sample one worker (every thread, GIL holder or not) for the timed run, with py-spy."""
        if not self.args.profile:
            return None
        worker = children(server.proc.pid)[0]
        out = self.tmp / f"py-spy-{config.replace(':', '-')}-{sc.name}.txt"
        argv = [self.args.py_spy, "record", "--pid", str(worker), "--rate", "200", "--threads"]
        argv += ["--duration", str(max(1, round(self.args.duration))), "--format", "raw"]
        argv += ["--output", str(out), "--nonblocking"]
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return proc, out

    def fresh_copy(self, db: Path) -> None:
        """The seeded template at `db`, without a last round's WAL beside it (SQLite would
        apply that log to the new copy)."""
        for stale in (db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-writer"))):
            stale.unlink(missing_ok=True)
        shutil.copy(self.tmp / "template.db", db)

    def run_server(
        self, argv: list[str], workers: int, target: str, config: str, scenarios: list[Scenario]
    ) -> list[Result]:
        env = dict(self.env)
        if target == "control" and ("+write" in config or "+add" in config):  # the app's database
            if self.args.database:
                env["DATABASE_URL"] = self.args.database
            else:
                db = self.tmp / f"control-{config.replace(':', '-')}.db"
                self.fresh_copy(db)
                env["DATABASE_URL"] = f"sqlite:///{db}"
            create_floor_table(env["DATABASE_URL"])
        if target == "app" and self.args.database:
            print(f"seeding {self.args.database} ...", flush=True)
            reseed(
                self.args.database, self.args.tasks, any(s.channel == "C0002" for s in scenarios)
            )
            env["DATABASE_URL"] = self.args.database
        elif target == "app":
            db = self.tmp / f"app-{config.replace(':', '-')}.db"
            self.fresh_copy(db)
            env["DATABASE_URL"] = f"sqlite:///{db}"
            if config.startswith("uncached:"):
                env["TEAMTRACK_ANSWER_CACHE"] = "0"  # every read built afresh
        log = self.tmp / f"{target}-{config.replace(':', '-')}.log"
        server = Server(argv, env, workers, log)
        results = []
        try:
            server.wait_ready()
            for sc in scenarios:
                result = self.measure(server, sc, target, config)
                print(row(result), flush=True)
                results.append(result)
        finally:
            server.stop()
        return results


def control_argv(variant: str) -> tuple[list[str], int]:
    """ "pbr:sync:2" or "default:gthread:2x4" (mode:worker-class:workers[xthreads]);
    "pbr+stack:sync:2" is the same control loading the stack's libraries (memory floor), and
    "pbr+read:sync:2" one that reads a SQLite row and answers 1.3 KB (the floor of a data answer);
    floors are measured beside the controls but never taken as the control."""
    mode, klass, size = variant.split(":")
    workers, _, threads = size.partition("x")
    argv = [PY, "bench/servers.py", "gunicorn", "--target", "control", "--mode", mode]
    argv += ["--worker-class", klass, "--workers", workers, "--threads", threads or "4"]
    return [*argv, "--port", "{port}"], int(workers)


def app_argv(config: str) -> tuple[list[str], int]:
    """ "serve:2" is `teamtrack serve --workers 2`, "uncached:2" the same keeping no answers;
    "gthread:2x4", "sync+pre:2" the same app on bench/servers.py with another worker class, or
    with modules imported before the fork."""
    kind, size = config.split(":")
    workers, _, threads = size.partition("x")
    if kind in ("serve", "uncached"):
        exe = str(Path(PY).parent / "teamtrack")
        argv = [exe, "serve", "--host", "127.0.0.1", "--port", "{port}", "--workers", workers]
        return [*argv, "--no-scheduler"], int(workers)
    klass, _, pre = kind.partition("+")
    argv = [PY, "bench/servers.py", "gunicorn", "--target", "app", "--worker-class", klass]
    argv += ["--workers", workers, "--threads", threads or "4", "--port", "{port}"]
    return argv + (["--preload"] if pre == "pre" else []), int(workers)


# -- output ----------------------------------------------------------------------------------

HEADER = (
    f"{'target':<8}{'config':<20}{'scenario':<18}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
    f"{'ratio':>7}{'cpu×':>6}{'c1 p50':>8}{'alone':>7}{'cpu/req':>8}{'RSS MB':>8}{'PSS MB':>8}  cpu srv/wrk/fake/other  errors"
)


def row(r: Result) -> str:
    def num(v, fmt):
        return format(v, fmt) if v is not None else format("-", fmt[0] + fmt[1:].split(".")[0])

    return (
        f"{r.target:<8}{r.config:<20}{r.scenario:<18}{r.rps:>8.0f}{r.p50_ms:>8.2f}{r.p99_ms:>8.2f}"
        f"{num(r.ratio, '>7.2f')}{num(r.cpu_ratio, '>6.2f')}{num(r.c1_p50_ms, '>8.2f')}{num(r.alone_p50_ms, '>7.2f')}{num(r.cpu_ms, '>8.2f')}{num(r.rss_mb, '>8.0f')}"
        f"{num(r.pss_mb, '>8.0f')}  {r.server_cpu:>4.0%}/{r.wrk_cpu:>3.0%}/{r.fake_cpu:>3.0%}/{r.other_cpu:>3.0%}"
        f"  {r.errors or r.uneven or 'ok'}"
    )


def machine() -> dict[str, str]:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "nproc": str(os.cpu_count()),
        "cpu": cpu.group(1) if cpu else "?",
        "python": sys.version.split()[0],
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0],
    }


# -- main ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help="comma list of " + ", ".join(SCENARIOS)
    )
    p.add_argument(
        "--control",
        default="pbr:sync:2,default:sync:2,pbr:sync:3,pbr:sync:4,pbr:gthread:2x4,default:gthread:2x8,pbr+write:sync:2",
        help="control variants mode:class:workers[xthreads]; the fastest is the control; "
        "modes pbr+stack (the stack's libraries loaded: memory floor), pbr+read (one SQLite "
        "read, a 1.3 KB answer: throughput floor) and pbr+write (one write transaction on the "
        "app's database, the ack, one chat.postMessage: /task add's floor, fed its requests) and "
        "pbr+add (what an add must do, from bare parts: bench/add_floor.py) are measured, never "
        "the control",
    )
    p.add_argument(
        "--app",
        default="serve:2",
        help="app configs: serve:N, uncached:N (no kept answers), gthread:NxT, sync+pre:N",
    )
    p.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every config this many times over, alternating, and summarize (medians)",
    )
    p.add_argument(
        "--tls",
        action="store_true",
        help="the fake Slack serves HTTPS, as Slack does (a throwaway certificate)",
    )
    p.add_argument("--duration", type=float, default=10)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument(
        "--warmup", type=float, default=2, help="seconds of untimed load before each run"
    )
    p.add_argument(
        "--probe",
        type=float,
        default=3,
        help="seconds of -c1 load for single-request p50 (0: skip)",
    )
    p.add_argument(
        "--pace",
        type=int,
        default=20,
        help="ms between requests for the 'alone p50' probe: one request at a time (0: skip)",
    )
    p.add_argument(
        "--attempts", type=int, default=3, help="timed runs allowed per scenario when noisy"
    )
    p.add_argument(
        "--max-noise", type=float, default=0.10, help="other processes' CPU (cores) a run may see"
    )
    p.add_argument(
        "--quiet-wait", type=float, default=60, help="seconds to wait for a quiet machine per run"
    )
    p.add_argument("--tasks", type=int, default=10_000, help="tasks in the big project (C0002)")
    p.add_argument(
        "--database",
        help="run the app on this PostgreSQL URL instead of SQLite; its tables are DROPPED and "
        "seeded afresh for each app configuration",
    )
    p.add_argument("--profile", action="store_true", help="py-spy one app worker during each run")
    p.add_argument("--py-spy", default="py-spy", help="the py-spy binary (pip install py-spy)")
    p.add_argument("--profile-top", type=int, default=30)
    p.add_argument("--json", type=Path, help="also write every result here")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (logs, databases)")
    p.add_argument("-v", "--verbose", action="store_true", help="print wrk's own output")
    return p.parse_args()


def pick_scenarios(names: str) -> list[Scenario]:
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenarios {unknown}; known: {', '.join(SCENARIOS)}")
    chosen = [sc for name, sc in SCENARIOS.items() if name in wanted]
    if not TASK_MODULE.exists():
        skipped = [sc.name for sc in chosen if sc.needs_task]
        if skipped:
            print(
                f"skipping {', '.join(skipped)}: {TASK_MODULE.relative_to(ROOT)} does not exist yet"
            )
        chosen = [sc for sc in chosen if not sc.needs_task]
    return chosen


def reseed(url: str, tasks: int, big: bool) -> None:
    """An empty PostgreSQL schema, migrated and seeded like the SQLite template."""
    from sqlalchemy import text

    from bench.seed import seed
    from bot.store.db import Database

    db = Database(url)
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    db.upgrade()
    seed(db, key="MP", channel="C0001", tasks=100)
    if big:
        seed(db, key="BIG", channel="C0002", tasks=tasks)
    db.dispose()


def seed_template(path: Path, tasks: int, big: bool) -> None:
    from bench.seed import seed
    from bot.store.db import Database

    db = Database(f"sqlite:///{path}")
    db.upgrade()
    seed(db, key="MP", channel="C0001", tasks=100)
    if big:
        seed(db, key="BIG", channel="C0002", tasks=tasks)
    db.dispose()


def measure_round(bench: Bench, args: argparse.Namespace, scenarios: list[Scenario]) -> tuple[list[Result], Result | None]:  # fmt: skip
    """Every control, then every app config, once; their rows printed, with each `/task add`'s
    CPU against the write floor measured in the same round. Returns the rows and the control."""
    info = SCENARIOS["project-info"]
    print(HEADER, flush=True)
    controls: list[Result] = []
    results: list[Result] = []
    for variant in [v for v in args.control.split(",") if v]:
        argv, workers = control_argv(variant)
        # The write and add floors take `/task add`'s requests; the rest `/project info`'s.
        asked = [SCENARIOS["task-add"]] if "+write" in variant or "+add" in variant else [info]
        controls += bench.run_server(argv, workers, "control", variant, asked)
    bare = [
        r for r in controls if not r.errors and not r.uneven and "+" not in r.config.split(":")[0]
    ]
    best = max(bare, key=lambda r: r.rps, default=None)
    for config in [c for c in args.app.split(",") if c]:
        argv, workers = app_argv(config)
        results += bench.run_server(argv, workers, "app", config, scenarios)
    floors = [r for r in controls if "+" in r.config.split(":")[0]]
    for r in [*floors, *results]:
        r.ratio = r.rps / best.rps if best and best.rps else None
        if best and best.cpu_ms and r.cpu_ms:
            r.cpu_ratio = best.cpu_ms / r.cpu_ms
    writes = [r for r in floors if "+write" in r.config and r.cpu_ms and not r.errors]
    adds = [r for r in floors if "+add" in r.config and r.cpu_ms and not r.errors]
    for r in [*results, *adds]:
        if r.scenario == "task-add" and writes and r.cpu_ms and r.rps:
            w = min(writes, key=lambda f: f.cpu_ms)
            r.extra["write_floor"] = {
                "config": w.config,
                "cpu_x": round(r.cpu_ms / w.cpu_ms, 2),  # CPU/request ÷ the floor's
                "rps_x": round(w.rps / r.rps, 2),  # the floor's req/s ÷ this row's
            }
    print(
        f"\n{machine()}\nwrk -t{args.threads} -c{args.connections} -d{args.duration:g}s; "
        f"control = fastest variant: {best.config if best else 'none'}"
    )
    print(HEADER)
    for r in [*controls, *results]:
        print(row(r))
    for r in [*results, *adds]:
        if r.scenario == "task-add" and writes and r.cpu_ms and r.rps:
            w = min(writes, key=lambda f: f.cpu_ms)
            print(
                f"{r.config} task-add against the write floor ({w.config}): "
                f"{r.cpu_ms / w.cpu_ms:.2f}x its CPU per request, {w.rps / r.rps:.2f}x fewer req/s"
            )
    return [*controls, *results], best


def summarize(rounds: list[tuple[list[Result], Result | None]]) -> None:
    """Each config over the rounds: the median and range of its CPU per request, of its CPU
    against the write floor of the same round (so a slower stretch of the machine moves both),
    and of its one-connection p50s. A noisy host moves single runs by a third; medians less."""
    by: dict[tuple[str, str, str], list[Result]] = {}
    for rows, _ in rounds:
        for r in rows:
            if r.cpu_ms and not r.errors:
                by.setdefault((r.target, r.config, r.scenario), []).append(r)

    def spread(values: list[float]) -> str:
        if not values:
            return "-"
        return f"{statistics.median(values):.2f} ({min(values):.2f}\u2013{max(values):.2f})"

    print(f"\nover {len(rounds)} rounds: median (min\u2013max)")
    heads = ("cpu/req", "\u00f7 write floor", "c1 p50", "alone p50")
    print(f"{'target':<8}{'config':<20}{'scenario':<14}" + "".join(f"{h:>20}" for h in heads))
    for (target, config, scenario), rows in by.items():
        floors = [r.extra["write_floor"]["cpu_x"] for r in rows if "write_floor" in r.extra]
        print(
            f"{target:<8}{config:<20}{scenario:<14}{spread([r.cpu_ms for r in rows]):>20}"
            f"{spread(floors):>20}{spread([r.c1_p50_ms for r in rows if r.c1_p50_ms]):>20}"
            f"{spread([r.alone_p50_ms for r in rows if r.alone_p50_ms]):>20}"
        )


def main() -> None:
    args = parse_args()
    scenarios = pick_scenarios(args.scenarios)
    tmp = Path(tempfile.mkdtemp(prefix="teamtrack-bench-"))
    secret = secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env.update(SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=secret, LOG_LEVEL="WARNING")
    env["PYTHONPATH"] = str(ROOT)
    tls = certificate(tmp) if args.tls else None
    fake, port = start_fake(env, tmp / "fake.log", tls)
    env["SLACK_API_URL"] = f"{'https' if tls else 'http'}://127.0.0.1:{port}/api/"
    if tls:  # every client's default TLS context trusts the fake's certificate
        env["SSL_CERT_FILE"] = str(tls[0])
    try:
        print(f"seeding {tmp / 'template.db'} ...", flush=True)
        seed_template(tmp / "template.db", args.tasks, any(s.channel == "C0002" for s in scenarios))
        bench = Bench(args, secret, env, tmp, fake)
        rounds = []
        for n in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"\n-- round {n} of {args.rounds}", flush=True)
            rounds.append(measure_round(bench, args, scenarios))
        if args.rounds > 1:
            summarize(rounds)
        if args.json:
            payload = {
                "machine": machine(),
                "args": {k: str(v) for k, v in vars(args).items()},
                "rounds": [
                    {"control": best.config if best else None, "results": [asdict(r) for r in rows]}
                    for rows, best in rounds
                ],
            }
            args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False))
    finally:
        fake.send_signal(signal.SIGTERM)
        fake.wait(10)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
