"""Text Slack escaped (a typed `<@U…>`) stays text: never a mention, echoed escaped."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.grammar import parse_command
from bot.store.models import Change, Member, Risk, Task

FAKE = "&lt;@U0FAKE99&gt;"  # what Slack sends when someone types <@U0FAKE99>
LIVE = "<@U0FAKE99>"


def _team(slack) -> None:
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")


def _count(slack, model) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _everything(reply) -> str:
    return reply.body.decode()


def test_the_grammar_finds_mentions_only_in_slacks_own_forms():
    cmd = parse_command(f"remove {FAKE} <@U0002|alice> &lt;#C1&gt; <#C2|x>")
    assert cmd.mentions == ["U0002"] and cmd.channels == ["C2"]
    assert (cmd.verb, cmd.args) == ("remove", [LIVE, "<@U0002|alice>", "<#C1>", "<#C2|x>"])
    assert cmd.text == f"{LIVE} <#C1>"
    assert not cmd.is_slack_form(LIVE) and cmd.is_slack_form("<@U0002|alice>")
    quoted = parse_command(f'add x owner:"{FAKE}" due:"<@U0002>"')
    assert not quoted.is_slack_form(quoted.options["owner"])
    assert quoted.is_slack_form(quoted.options["due"])


@pytest.mark.parametrize(
    ("command", "text", "model"),
    [
        ("/project", f"members remove {FAKE}", Member),
        ("/project", f"members add {FAKE}", Member),
        ("/task", f"assign T-1 {FAKE}", Change),
        ("/task", f"show {FAKE}", Change),
        ("/risk", f"add Vendor owner:{FAKE}", Risk),
        ("/project", f"settings digest-to:{FAKE.replace('@U', '#C')}", Change),
    ],
)
def test_an_escaped_mention_is_echoed_escaped_and_changes_nothing(slack, command, text, model):
    _team(slack)
    slack.command("/task", "add Schema <@U0002|alice>")
    before = (_count(slack, model), _count(slack, Change))
    reply = slack.command(command, text)
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral", reply.text
    body = _everything(reply)
    assert FAKE in body or FAKE.replace("@U", "#C") in body, body
    assert LIVE not in body and "<#C0FAKE99>" not in body, body
    assert (_count(slack, model), _count(slack, Change)) == before
    with slack.rt.db.session() as s:
        assert s.scalar(select(Task.owner_id)) == "U0002"


def test_an_escaped_mention_in_a_title_stays_text_wherever_shown(slack):
    _team(slack)
    reply = slack.command("/task", f"add Ask {FAKE} about it")
    assert FAKE in reply.text and LIVE not in _everything(reply), reply.text
    with slack.rt.db.session() as s:
        task = s.scalar(select(Task))
        assert (task.title, task.owner_id) == (f"Ask {LIVE} about it", None)
    card = [c for c in slack.fake.calls_to("chat.postMessage") if c.args.get("channel") == "C0001"]
    posted = json.dumps(card[-1].args)
    assert FAKE in posted and LIVE not in posted
    shown = _everything(slack.command("/task", "show T-1"))
    assert FAKE in shown and LIVE not in shown
