"""`--demo`: a membership-portal relaunch, typed into the sandbox as its lead would type it."""

from __future__ import annotations

import importlib.util
import logging
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from bot.sandbox.main import Sandbox

log = logging.getLogger(__name__)
LEAD, CHANNEL = "U0001", "C0001"
HISTORY = timedelta(days=14)  # the project started two weeks before "now"


def has_command(name: str) -> bool:
    """Whether bot/commands/<name>.py exists (features land one by one)."""
    return importlib.util.find_spec(f"bot.commands.{name}") is not None


def seed(sb: Sandbox) -> None:
    """Create the sample project through signed slash commands, two weeks back on the sandbox clock."""
    now = sb.clock()
    tz = ZoneInfo(sb.timezone)

    def day(offset: int) -> str:
        return (now + timedelta(days=offset)).astimezone(tz).date().isoformat()

    def run(text: str, user: str = LEAD) -> None:
        result = sb.bridge.send(user, CHANNEL, text, None)
        sb.rt.drain()
        if not result["ok"]:
            log.warning("demo: %s -> %s", text, result["error"])

    sb.clock.set(now - HISTORY)
    run(
        f'/project new "Membership portal relaunch" key:MP start:{day(-14)} end:{day(56)} '
        'goal:"Members renew, pay and find events in one place" '
        'scope:"Sign-up, renewals, payments, events calendar" budget:80000'
    )
    run("/project members add @alice @bob role:member capacity:32h")
    run("/project members add @sam role:stakeholder")
    run(f'/project milestone "Beta launch" due:{day(21)}')
    if has_command("task"):
        run(f'/task add "Audit the current portal" @alice start:{day(-14)} due:{day(-10)} est:8h')
        run(
            f'/task add "Design the new sign-up flow" @alice start:{day(-12)} due:{day(-4)} est:16h'
        )
        run(
            f'/task add "Migrate member records" @bob start:{day(-10)} due:{day(-2)} est:24h prio:high'
        )
        run(
            f'/task add "Payment provider integration" @bob start:{day(-3)} due:{day(9)} '
            "est:24h prio:high milestone:M-1"
        )
        run(
            f'/task add "Committee roles and permissions" @alice due:{day(14)} est:16h milestone:M-1'
        )
        run(f'/task add "Launch announcement email" @lead due:{day(25)} est:4h')
    else:
        log.info("demo: /task is not built yet (bot/commands/task.py); no sample tasks")
    run("/project baseline")
    if has_command("task"):
        sb.clock.set(now - timedelta(days=9))
        run("/task done T-1", user="U0002")
        sb.clock.set(now - timedelta(days=5))
        run("/task progress T-2 40%", user="U0002")
        run("/task start T-3", user="U0003")
    if has_command("risk"):
        run(
            '/risk add "Payment provider changes its API before launch" likelihood:3 impact:4 '
            f'owner:@bob mitigation:"Pin the API version and test weekly" review:{day(7)}'
        )
        run(
            '/risk add "Members cannot find the new login" likelihood:medium impact:medium owner:@alice'
        )
    else:
        log.info("demo: /risk is not built yet (bot/commands/risk.py); no sample risks")
    sb.clock.set(now)
    sb.touch()
