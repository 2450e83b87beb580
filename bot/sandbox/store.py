"""The fake Slack's people, channels, messages and the sandbox clock, kept in SQLite next to the bot's DB."""

from __future__ import annotations

import base64
import itertools
import json
import re
import sqlite3
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.testing.fake_slack import FakeSlack, File, Message, View

PEOPLE = (  # id, Slack name, real name, what they do (shown in the "you are" switch)
    ("U0001", "lead", "Lin Wei", "team lead"),
    ("U0002", "alice", "Alice Chen", "designer"),
    ("U0003", "bob", "Bob Martin", "developer"),
    ("U0004", "sam", "Sam Patel", "stakeholder"),
)
CHANNELS = (("C0001", "portal"), ("C0002", "general"))
SLACKBOT = "USLACKBOT"


def state_path(db_path: str | Path) -> Path:
    """The sibling file for the fake's state: sandbox.db -> sandbox.slack.db."""
    path = Path(db_path)
    return path.with_name(f"{path.stem}.slack{path.suffix or '.db'}")


def populate(fake: FakeSlack, timezone: str, locale: str = "en-US") -> None:
    """The sandbox's people and channels; everyone is in every channel, with Slack set to `locale`."""
    fake.add_user(SLACKBOT, "slackbot", real_name="Slackbot", tz=timezone, is_bot=True)
    for uid, name, real, _ in PEOPLE:
        fake.add_user(uid, name, real_name=real, tz=timezone, locale=locale)
    for cid, name in CHANNELS:
        fake.add_channel(cid, name, members=[uid for uid, *_ in PEOPLE])


class StateFile:
    """A key/value table of JSON documents; written whole, which is fine at sandbox sizes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        with self._connect() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def load(self) -> dict[str, Any]:
        """Every stored document by key."""
        with self._connect() as conn:
            rows = conn.execute("SELECT key, value FROM state").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def save(self, docs: dict[str, Any]) -> None:
        """Replace the stored documents with these."""
        with self._lock, self._connect() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in docs.items()],
            )


# -- the fake's state as JSON ----------------------------------------------------------------


def _file_doc(f: File) -> dict[str, Any]:
    doc = asdict(f)
    doc["content"] = base64.b64encode(f.content).decode()
    return doc


def _file(doc: dict[str, Any]) -> File:
    return File(**{**doc, "content": base64.b64decode(doc["content"])})


def dump(fake: FakeSlack) -> dict[str, Any]:
    """The parts of the workspace a restart should keep (calls and triggers are transient)."""
    with fake._lock:  # one consistent picture while the bot may be posting
        messages = []
        for m in fake.messages:
            doc = asdict(m)
            doc["files"] = [f.id for f in m.files]
            messages.append(doc)
        files = [_file_doc(f) for f in fake.files.values()]
        homes = [asdict(v) for v in fake.views.values() if v.kind == "home"]
        locales = {u.id: u.locale for u in fake.users.values() if not u.is_bot}
    return {"messages": messages, "files": files, "homes": homes, "locales": locales}


def restore(fake: FakeSlack, doc: dict[str, Any]) -> None:
    """Put saved messages, files and App Home views back into a fresh fake."""
    files = {d["id"]: _file(d) for d in doc.get("files", [])}
    messages = []
    for d in doc.get("messages", []):
        messages.append(Message(**{**d, "files": [files[i] for i in d["files"] if i in files]}))
    homes = [View(**d) for d in doc.get("homes", [])]
    with fake._lock:
        for uid, locale in doc.get("locales", {}).items():
            if uid in fake.users:
                fake.users[uid].locale = locale
        fake.files.update(files)
        fake.messages.extend(messages)
        fake.views.update({v.id: v for v in homes})
        used = [
            int(m.group(1))
            for m in map(re.compile(r"^[A-Z](\d+)$").match, [*files, *(v.id for v in homes)])
            if m
        ]
        # New file and view ids must not collide with restored ones; FakeSlack numbers them from one counter.
        fake._ids = itertools.count(max(used, default=0) + 1)
        stamps = [m.ts for m in messages]
        if stamps:
            last = max(stamps, key=float)
            fake._last_ts = max(fake._last_ts, int(last.replace(".", "")))
