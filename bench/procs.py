"""What the load bench measures with: the servers it starts, /proc accounting, wrk and py-spy output."""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LUA = ROOT / "bench" / "wrk" / "signed.lua"
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# -- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _stat_seconds(pids: list[int], fields: tuple[int, ...]) -> float:
    """The sum of /proc/PID/stat's clock-tick fields over the processes, in seconds."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(stat[i]) for i in fields)
    return total / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    return _stat_seconds(pids, (11, 12))  # utime, stime


def system_seconds(pids: list[int]) -> float:
    """The kernel's share of `cpu_seconds`: system calls, sockets, page faults."""
    return _stat_seconds(pids, (12,))  # stime


def busy_seconds() -> float:
    """CPU time the whole machine spent busy (every core, every process) since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait


def memory_mb(pids: list[int]) -> tuple[float, float, float]:
    """(sum of VmRSS, sum of Pss, largest VmHWM) in MB over the processes."""
    rss = pss = hwm = 0.0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        hwm = max(hwm, int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
        pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) / 1024
    return rss, pss, hwm


class Server:
    """One gunicorn (master + workers) started for a run, stopped by its own pid."""

    def __init__(self, argv: list[str], env: dict[str, str], workers: int, log: Path) -> None:
        self.port = free_port()
        self.workers, self.log = workers, log
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.proc = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        return [self.proc.pid, *children(self.proc.pid)]

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                with _opener.open(self.url + "/healthz", timeout=2) as resp:
                    if resp.status == 200 and len(children(self.proc.pid)) >= self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)  # polling a process we started, not the app under test
        raise RuntimeError(f"server not ready: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_fake(
    env: dict[str, str], log: Path, tls: tuple[Path, Path] | None = None
) -> tuple[subprocess.Popen, int]:
    extra = ["--tls", str(tls[0]), str(tls[1])] if tls else []
    proc = subprocess.Popen(
        [PY, "bench/servers.py", "fake", "--port", "0", *extra],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
    )
    line = proc.stdout.readline()
    if not line.startswith("port "):
        proc.kill()
        raise RuntimeError(f"fake Slack did not start: {line!r} {log.read_text()}")
    return proc, int(line.split()[1])


# -- wrk ----------------------------------------------------------------------------------------


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(out: str) -> dict:
    def lat(pct: str) -> float:
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    check = re.search(
        r"bench-check: responses=(\d+) bad_status=(\d+) warnings=(\d+) replays=(\d+)", out
    )
    sock = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = []
    if check and (int(check.group(2)) or int(check.group(3))):
        errors.append(f"bad_status={check.group(2)} warnings={check.group(3)}")
    if check and int(check.group(4)):  # the request file ran out: some were acked as replays
        errors.append(f"replays={check.group(4)}")
    if sock:
        errors.append("socket " + sock.group(1))
    if non2xx and not check:
        errors.append(f"non2xx={non2xx.group(1)}")
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": lat("50"),
        "p99": lat("99"),
        "responses": int(check.group(1)) if check else None,
        "errors": "; ".join(errors),
    }


def summarise_py_spy(path: Path, top: int) -> str:
    """Collapsed py-spy stacks as the functions most often on the stack (inclusive) and on top (self)."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    threads: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines() if path.exists() else []:
        stack, _, count = line.rpartition(" ")
        frames, n = stack.split(";"), int(count)
        total += n
        threads[frames[0]] = threads.get(frames[0], 0) + n
        for frame in set(frames[1:]):
            inclusive[frame] = inclusive.get(frame, 0) + n
        own[frames[-1]] = own.get(frames[-1], 0) + n
    if not total:
        return f"  py-spy: no samples in {path}"
    lines = [f"  py-spy {path.name}: {total} samples; by thread:"]
    lines += [
        f"    {n / total:6.1%}  {t}" for t, n in sorted(threads.items(), key=lambda kv: -kv[1])
    ]
    for title, table in (("on the stack", inclusive), ("on top", own)):
        lines.append(f"  {title}:")
        for frame, n in sorted(table.items(), key=lambda kv: -kv[1])[:top]:
            lines.append(f"    {n / total:6.1%}  {frame[:150]}")
    return "\n".join(lines)


def certificate(tmp: Path) -> tuple[Path, Path]:
    """A throwaway self-signed P-256 certificate for 127.0.0.1 (the `openssl` command)."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-nodes", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def wrk(
    url: str, reqfile: Path, *, threads: int, conns: int, secs: float, pace_ms: int = 0
) -> tuple[str, float]:
    """Run wrk; its output and the CPU seconds it used. `pace_ms`: a pause after each answer."""
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{conns}",
        f"-d{max(1, round(secs))}s",
        "--timeout",
        "10s",  # wrk leaves timed-out requests out of the latencies; 10 s keeps them in
        "--latency",
        "-s",
        str(LUA),
        url,
    ]
    env = {**os.environ, "BENCH_REQUESTS": str(reqfile), "BENCH_THREADS": str(threads)}
    env["BENCH_PACE_MS"] = str(pace_ms)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"wrk failed: {out}")
    return out, usage.ru_utime + usage.ru_stime


def cpu_per_call(
    ways: dict[str, Callable[[], object]], *, rounds: int, calls: int, warm: int, unit: str
) -> None:
    """Print each way's CPU ms per call on this thread: the median of `rounds`, the ways taking
    turns within a round so a slow stretch of the host moves them all; `warm` calls each first."""
    for fn in ways.values():  # imports, compile caches, first connections
        for _ in range(warm):
            fn()
    results: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for name, fn in ways.items():
            cpu = time.thread_time()
            for _ in range(calls):
                fn()
            results[name].append((time.thread_time() - cpu) / calls * 1000)
    width = max(map(len, ways))
    for name, values in results.items():
        spread = f"{min(values):.3f}\u2013{max(values):.3f}"
        print(
            f"{name:{width}s} {statistics.median(values):.3f} ms CPU per {unit} (rounds: {spread})"
        )
