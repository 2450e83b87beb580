"""Hours with at most one decimal and money in its currency's minor units, wherever they are written."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from bot.format import hours, money, plain_hours, plain_money


def test_hours_and_money_helpers():
    assert [hours(8 / 3), hours(8.0), hours(326.4), hours(1240.04), hours(None)] == [
        "2.7 h",
        "8 h",
        "326.4 h",
        "1,240 h",
        "—",
    ]
    assert plain_hours(8 / 3) == "2.7" and plain_hours(16.0) == "16"
    assert money(Decimal("80000"), "CNY") == "¥80,000.00"
    assert money(1200.5, "usd") == "$1,200.50"
    assert money(80000, "JPY") == "¥80,000"  # the yen has no minor unit
    assert money(Decimal("1200.5"), "CHF") == "1,200.50 CHF"
    assert money(Decimal("-3.4567"), "KWD") == "-3.457 KWD"
    assert plain_money(Decimal("500"), "CNY") == "500.00" and plain_money(80000.4, "JPY") == "80000"


def test_resource_load_writes_a_spread_estimate_with_one_decimal(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice> capacity:32h")
    # 8 h over Thu, Fri and Mon: 2.666… h fall in the week of Dec 14.
    added = slack.command(
        "/task", "add Schema <@U0002|alice> start:2026-12-10 due:2026-12-14 est:8h"
    )
    assert "T-1" in added.text
    body = json.dumps(slack.command("/resource", "load week:2026-12-14").json["blocks"])
    assert "2.7 / 32 h (claimed 0, tasks 2.7)" in body
    assert "2.66" not in body
    body = json.dumps(slack.command("/resource", "load week:2026-12-07").json["blocks"])
    assert "5.3 / 32 h (claimed 0, tasks 5.3)" in body


def test_report_writes_hours_and_money_plainly(slack):
    slack.project("new Portal key:MP start:2026-11-02 end:2026-11-24 budget:80000 currency:JPY")
    slack.command("/project", "members add <@U0002|alice> capacity:32h")
    card = slack.command("/task", "add Schema <@U0002|alice> due:2026-11-24 est:2h40m")
    assert "2.7 h" in json.dumps(card.json)
    slack.command("/task", "log T-1 1h20m", user="U0002")
    slack.command("/project", 'spend 500.4 "licences"')
    body = json.dumps(slack.command("/project", "report").json["blocks"], ensure_ascii=False)
    assert "¥80,000 · ¥500" in body  # JPY: no minor unit
    # 17 working days of 32 h a week: 108.8 h; 2 h 40 m assigned.
    assert "<@U0002>: 2.7 h claimed and assigned of 108.8 h" in body
    assert "2.66" not in body and ".0 h" not in body

    slack.command("/project", "report csv")
    exported = next(f for f in slack.fake.files.values() if f.filename.endswith(".csv"))
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert ["cost", "budget", "80000"] in rows and ["cost", "spent", "500"] in rows
    alice = next(r for r in rows if r and r[0] == "U0002")
    assert alice[-2:] == ["2.7", "108.8"]
