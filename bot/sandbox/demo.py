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
# What the lead types, in English or (`--lang zh`) in Chinese with the Chinese verbs and keys.
WORDS = {
    "en": {
        "name": "Membership portal relaunch", "goal": "Members renew, pay and find events in one place",
        "scope": "Sign-up, renewals, payments, events calendar", "lang": "",
        "beta": "Beta launch", "t1": "Audit the current portal", "t2": "Design the new sign-up flow",
        "t3": "Migrate member records", "t4": "Payment provider integration",
        "t5": "Committee roles and permissions", "t6": "Launch announcement email",
        "r1": "Payment provider changes its API before launch",
        "m1": "Pin the API version and test weekly", "r2": "Members cannot find the new login",
    },
    "zh": {
        "name": "会员门户改版", "goal": "会员在一个地方续费、付款、查找活动",
        "scope": "注册、续费、支付、活动日历", "lang": " lang:zh",
        "beta": "公测上线", "t1": "梳理现有门户", "t2": "设计新的注册流程", "t3": "迁移会员数据",
        "t4": "对接支付服务商", "t5": "委员会角色与权限", "t6": "上线公告邮件",
        "r1": "支付服务商在上线前变更接口", "m1": "锁定接口版本并每周测试",
        "r2": "会员找不到新的登录入口",
    },
}  # fmt: skip


def has_command(name: str) -> bool:
    """Whether bot/commands/<name>.py exists (features land one by one)."""
    return importlib.util.find_spec(f"bot.commands.{name}") is not None


def seed(sb: Sandbox) -> None:
    """Create the sample project through signed slash commands, two weeks back on the sandbox clock.

    With `sb.lang == "zh"` the project is `lang:zh` and is typed with Chinese titles.
    """
    w = WORDS.get(getattr(sb, "lang", "en"), WORDS["en"])
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
        f'/project new "{w["name"]}" key:MP start:{day(-14)} end:{day(56)} '
        f'goal:"{w["goal"]}" scope:"{w["scope"]}" budget:80000{w["lang"]}'
    )
    run("/project members add @alice @bob role:member capacity:32h")
    run("/project members add @sam role:stakeholder")
    run(f'/project milestone "{w["beta"]}" due:{day(21)}')
    if has_command("task"):
        run(f'/task add "{w["t1"]}" @alice start:{day(-14)} due:{day(-10)} est:8h')
        run(f'/task add "{w["t2"]}" @alice start:{day(-12)} due:{day(-4)} est:16h')
        run(f'/task add "{w["t3"]}" @bob start:{day(-10)} due:{day(-2)} est:24h prio:high')
        run(
            f'/task add "{w["t4"]}" @bob start:{day(-3)} due:{day(9)} est:24h prio:high milestone:M-1'
        )
        run(f'/task add "{w["t5"]}" @alice due:{day(14)} est:16h milestone:M-1')
        run(f'/task add "{w["t6"]}" @lead due:{day(25)} est:4h')
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
            f'/risk add "{w["r1"]}" likelihood:3 impact:4 '
            f'owner:@bob mitigation:"{w["m1"]}" review:{day(7)}'
        )
        run(f'/risk add "{w["r2"]}" likelihood:medium impact:medium owner:@alice')
    else:
        log.info("demo: /risk is not built yet (bot/commands/risk.py); no sample risks")
    sb.clock.set(now)
    sb.touch()
