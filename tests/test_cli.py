"""The `teamtrack` command line: settings errors, migrations, and `serve` on gunicorn for real."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.testing.fake_slack import FakeSlack
from bot.testing.signed import SlackSender

ENV_KEYS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "DATABASE_URL",
    "SLACK_API_URL",
)


def _clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without TeamTrack's settings, plus `settings`."""
    return {**{k: v for k, v in os.environ.items() if k not in ENV_KEYS}, **settings}


def run_cli(args: list[str], env: dict[str, str], cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=_clean_env(**env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_setting_is_one_line_and_exit_2(tmp_path):
    result = run_cli(["db", "upgrade"], {"SLACK_SIGNING_SECRET": "s"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "teamtrack: SLACK_BOT_TOKEN is missing (set it in the environment or .env)"
    ]


def test_empty_setting_is_named(tmp_path):
    result = run_cli(
        ["db", "upgrade"], {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "s"}, tmp_path
    )
    assert result.returncode == 2 and "SLACK_BOT_TOKEN is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_come_from_dotenv_and_db_upgrade_creates_the_database(tmp_path):
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=s\n")
    result = run_cli(["db", "upgrade"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "teamtrack.db").exists()


def test_socket_mode_needs_an_app_token(tmp_path):
    result = run_cli(
        ["socket"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, tmp_path
    )
    assert result.returncode == 2 and "SLACK_APP_TOKEN" in result.stderr


def test_unknown_job_is_refused(tmp_path):
    result = run_cli(
        ["jobs", "run", "nope"],
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"},
        tmp_path,
    )
    assert result.returncode == 2 and "unknown job 'nope'" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, deadline: float = 30.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)  # polling for the server to come up, not for the app's behaviour
    raise AssertionError("serve did not become healthy")


def _start_serve(tmp_path, *args: str, **settings: str) -> tuple[subprocess.Popen, int]:
    """`teamtrack serve` on a free port with one worker, its stderr piped."""
    port = _free_port()
    env = _clean_env(DATABASE_URL=f"sqlite:///{tmp_path}/serve.db", **settings)
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--workers", "1", *args],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, port


def test_serve_answers_signed_commands_on_gunicorn(tmp_path):
    with FakeSlack() as fake:
        proc, port = _start_serve(
            tmp_path,
            "--no-scheduler",
            SLACK_BOT_TOKEN="xoxb-1",
            SLACK_SIGNING_SECRET="serve-secret",
            SLACK_API_URL=fake.api_url,
        )
        try:
            _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
            sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", "serve-secret", fake=fake)
            reply = sender.command("/project", "new Portal key:MP")
            assert reply.status == 200 and reply.json["response_type"] == "in_channel"
            assert "MP" in reply.text
            assert sender.command("/project", "info").status == 200
            bad = SlackSender(f"http://127.0.0.1:{port}/slack/events", "wrong", fake=fake)
            assert bad.command("/project", "info").status == 401
        finally:
            proc.terminate()
            proc.wait(timeout=15)


def _children(pid: int) -> list[str]:
    """Command lines of the direct children of `pid`, from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    out.append(f.read().replace(b"\0", b" ").decode())
        except (OSError, ValueError, IndexError):
            continue
    return out


def test_serve_runs_the_scheduler_beside_gunicorn_and_stops_it(tmp_path):
    proc, port = _start_serve(tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
        assert any("bot scheduler" in c for c in _children(proc.pid))
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert not any("bot scheduler" in c for c in _children(proc.pid))


def _wait_for_line(proc: subprocess.Popen, needle: str, deadline: float = 60.0) -> str:
    """Read the process's output until a line containing `needle` (the sandbox prints its address)."""
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if not sel.select(timeout=end - time.monotonic()):
            break
        line = proc.stdout.readline()
        if not line:
            break
        if needle in line:
            return line
    raise AssertionError(f"no line with {needle!r}")


def test_sandbox_starts_with_no_environment_and_serves_its_page(tmp_path):
    port = _free_port()
    env = _clean_env()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "sandbox",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "s.db"),
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = _wait_for_line(proc, "TeamTrack sandbox:")
        assert f"http://127.0.0.1:{port}" in line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
            assert "TeamTrack" in resp.read().decode()
    finally:
        proc.terminate()
        proc.communicate(timeout=15)


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["jobs", "run", "--help"]])
def test_help_describes_commands(args, tmp_path):
    result = run_cli(args, {}, tmp_path)
    assert result.returncode == 0 and "usage: teamtrack" in result.stdout


def test_serve_with_a_missing_setting_is_one_line_and_exit_2(tmp_path):
    result = run_cli(["serve", "--no-scheduler"], {"SLACK_SIGNING_SECRET": "s"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "teamtrack: SLACK_BOT_TOKEN is missing (set it in the environment or .env)"
    ]


def _maps(pid: int) -> str:
    with open(f"/proc/{pid}/maps") as f:
        return f.read()


@pytest.mark.parametrize(("level", "info_logged"), [("INFO", True), ("WARNING", False)])
def test_serve_master_holds_no_pydantic_and_logs_at_the_dotenv_level(tmp_path, level, info_logged):
    """The gunicorn master gets its log level from the child that reads the settings (here from
    .env), so it never loads pydantic: every page it holds is counted again in each worker."""
    (tmp_path / ".env").write_text(
        f"SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=s\nLOG_LEVEL={level}\n"
    )
    port = _free_port()
    env = {k: v for k, v in _clean_env().items() if k != "LOG_LEVEL"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", "1", "--no-scheduler"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
        assert "pydantic_core" not in _maps(proc.pid)
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
            worker = int(f.read().split()[0])
        assert "pydantic_core" in _maps(worker)  # the worker does read its settings
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=15)
    assert ("Listening at" in stderr) is info_logged, stderr
