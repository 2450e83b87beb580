"""A throwaway PostgreSQL server in a temporary directory, which tests may stop and start at will.

Never the machine's own cluster: other people's tests run on that one.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin directory (Debian's layout, else PATH), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayServer:
    """`initdb` into a temporary directory, then `start()` / `stop()` on a free port of 127.0.0.1.

    initdb refuses to run as root: as root the server runs as the `postgres` user.
    Every statement is logged (`log_statement=all`) to `log`, so tests can count round trips.
    """

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_port()
        self.home = Path(tempfile.mkdtemp(prefix="teamtrack-pg-"))
        self.data = self.home / "data"
        self.log = self.home / "server.log"
        self._as: list[str] = []
        self.running = False
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")  # KeyError: no user to run it as
            os.chown(self.home, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-F -p {self.port} -k {self.home} -h 127.0.0.1 -c log_statement=all"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self.running = True

    def stop(self) -> None:
        """Stop at once, as a crash or a failover would: sessions are cut, open work rolled back."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False

    def statements(self) -> list[str]:
        """Every statement the server has logged so far, in order."""
        marker = "statement: "
        lines = self.log.read_text(errors="replace").splitlines()
        return [line.split(marker, 1)[1] for line in lines if marker in line]

    def remove(self) -> None:
        if self.running:
            self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        command = [*self._as, str(self.bin_dir / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
