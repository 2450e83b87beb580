"""Malformed or missing signature headers: 401 and one log line, never a 500 or a traceback."""

from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy import func, select

from bot.store.models import Project
from bot.testing.signed import sign

SECRET = "test-signing-secret"
BODY = b"command=%2Fproject&text=new+Portal&team_id=T0001&user_id=U0001&channel_id=C0001"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _good() -> dict[str, str]:
    return sign(SECRET, BODY, int(time.time()))


def _headers(case: str) -> dict[str, str]:
    good = _good()
    ts, sig = good["X-Slack-Request-Timestamp"], good["X-Slack-Signature"]
    return {
        "timestamp not a number": {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": sig},
        "timestamp empty": {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": sig},
        "timestamp a float": {"X-Slack-Request-Timestamp": f"{ts}.5", "X-Slack-Signature": sig},
        "timestamp too long": {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": sig},
        "timestamp missing": {"X-Slack-Signature": sig},
        "signature missing": {"X-Slack-Request-Timestamp": ts},
        "signature empty": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": ""},
        "signature without v0=": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig[3:]},
        "signature not hex": {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": "v0=" + "zz" * 32,
        },
        "both missing": {},
    }[case]


CASES = [
    "timestamp not a number",
    "timestamp empty",
    "timestamp a float",
    "timestamp too long",
    "timestamp missing",
    "signature missing",
    "signature empty",
    "signature without v0=",
    "signature not hex",
    "both missing",
]


@pytest.mark.parametrize("case", CASES)
def test_malformed_signature_headers_are_401_without_a_traceback(slack, caplog, case):
    caplog.set_level(logging.DEBUG)
    reply = slack.sender.raw(BODY, {**FORM, **_headers(case)})
    assert reply.status == 401, (reply.status, reply.body)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], [
        r.getMessage() for r in caplog.records
    ]
    assert "Traceback" not in caplog.text
    refusals = [r for r in caplog.records if "signature" in r.getMessage().lower()]
    assert len(refusals) == 1, [r.getMessage() for r in caplog.records]
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Project)) == 0


def test_a_well_signed_request_still_passes(slack):
    reply = slack.sender.raw(BODY, {**FORM, **_good()})
    assert reply.status == 200, reply.body
