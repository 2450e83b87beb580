"""The grammar's and dates' refusals reach a Chinese reader in Chinese, also when the command was
written with Chinese verbs and keys; English is unchanged."""

from __future__ import annotations

import re

import pytest
from slack_sdk.models.blocks import Block, SectionBlock

from bot.grammar import GrammarError, parse_channel, parse_command, parse_ref, parse_user
from bot.i18n import Tr
from bot.option_values import (
    parse_amount,
    parse_choice,
    parse_duration_hours,
    parse_percent,
    parse_time_of_day,
    parse_timezone,
    parse_weekdays,
)

MISTAKES = [
    lambda: parse_command("add x foo:bar", known_keys=frozenset({"due"})),
    lambda: parse_command("add x due:", known_keys=frozenset({"due"})),
    lambda: parse_command("add x due:a due:b"),
    lambda: parse_command('add "x'),
    lambda: parse_user("alice", key="owner"),
    lambda: parse_channel("general", key="digest-to"),
    lambda: parse_ref("X-1", "T", key="after"),
    lambda: parse_ref("T-1", "R"),
    lambda: parse_ref("T-1", "M", key="milestone"),
    lambda: parse_ref("T-1", "C"),
    lambda: parse_duration_hours("-3h"),
    lambda: parse_duration_hours("soon"),
    lambda: parse_duration_hours("20000h"),
    lambda: parse_duration_hours("0h", allow_zero=False),
    lambda: parse_percent("lots"),
    lambda: parse_percent("120%"),
    lambda: parse_amount("-5"),
    lambda: parse_amount("five"),
    lambda: parse_amount("10000000000000"),
    lambda: parse_amount("1.234"),
    lambda: parse_time_of_day("teatime", key="standup"),
    lambda: parse_weekdays("someday"),
    lambda: parse_timezone("Mars/Base"),
    lambda: parse_choice("huge", ("low", "high"), key="prio"),
]
NOT_PROSE = re.compile(r"`[^`]*`|<[^<>]*>")


@pytest.mark.parametrize("mistake", MISTAKES)
def test_every_grammar_mistake_reads_in_chinese_and_plainly(mistake) -> None:
    with pytest.raises(GrammarError) as caught:
        mistake()
    exc = caught.value
    assert exc.code.startswith("grammar."), exc.code  # a catalogue id, not English prose
    chinese = Tr("zh").error(exc)
    english_words = re.findall(r"[A-Za-z]{2,}", NOT_PROSE.sub(" ", chinese))
    assert not english_words, chinese
    assert Tr("en").error_text(exc) == exc.message  # English as it always read
    plain = Tr("zh").error_plain(exc)
    assert "`" not in plain and len(plain) <= 150
    SectionBlock(text={"type": "mrkdwn", "text": chinese}).validate_json()


def test_typed_text_stays_inert_in_both_languages() -> None:
    with pytest.raises(GrammarError) as caught:
        parse_percent("<!channel>")
    assert "&lt;!channel&gt;" in Tr("zh").error(caught.value)
    assert "<!channel>" in Tr("zh").error_plain(caught.value)


def test_a_chinese_reader_gets_the_grammar_and_unknown_verbs_in_chinese(slack) -> None:
    slack.project()
    slack.fake.set_locale("U0002", "zh-CN")
    slack.command("/project", "members add <@U0002|alice>")
    reply = slack.command("/task", "add 写文档 est:soon", user="U0002")
    assert "无法把 `est:soon` 读作时长" in reply.text and "例如" in reply.text
    bad_day = slack.command("/task", "新建 写文档 截止：31/02", user="U0002")
    assert "`due:31/02` 不是有效日期：2月没有 31 日。" in bad_day.text
    unknown = slack.command("/task", "frobnicate T-1", user="U0002")
    assert "我不认识 `/task frobnicate`" in unknown.text and "`add`" in unknown.text
    english = slack.command("/task", "frobnicate T-1")
    assert "I don't know `/task frobnicate`. Known verbs: `add`" in english.text
    for text in (reply.text, unknown.text):
        Block.parse({"type": "section", "text": {"type": "mrkdwn", "text": text}}).validate_json()


@pytest.mark.parametrize(
    ("phrase", "chinese"),
    [
        ("31/02", "`due:31/02` 不是有效日期：2月没有 31 日。"),
        ("0/5", "`due:0/5` 不是有效日期：没有 0 月。"),
        ("2027年2月29日", "`due:2027年2月29日` 不是有效日期：2027年不是闰年"),
        ("blorp", "无法把 `due:blorp` 读作日期。"),
        ("70个月后", "`due:70个月后` 读作 2032-09-23"),
    ],
)
def test_a_date_that_cannot_be_taken_is_refused_in_chinese(phrase, chinese) -> None:
    from datetime import UTC, datetime

    from bot.dates import DateError, default_parser

    with pytest.raises(DateError) as caught:
        default_parser().parse(
            phrase, now=datetime(2026, 11, 23, 2, tzinfo=UTC), tz="Asia/Shanghai"
        )
    said = Tr("zh").error(caught.value)
    assert said.startswith(chinese), said
    assert not re.findall(r"[A-Za-z]{2,}", NOT_PROSE.sub(" ", said)), said
