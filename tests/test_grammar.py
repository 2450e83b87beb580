"""The command grammar and its value parsers, with examples and property tests."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import option_values
from bot.grammar import (
    GrammarError,
    Ref,
    escape_mrkdwn,
    parse_channel,
    parse_command,
    parse_ref,
    parse_user,
    unescape_slack,
)
from bot.option_values import (
    parse_amount,
    parse_choice,
    parse_duration_hours,
    parse_percent,
    parse_time_of_day,
    parse_timezone,
    parse_weekdays,
)

TASK_KEYS = frozenset({"due", "est", "prio", "in", "goal"})


def test_command_splits_verb_free_text_mentions_and_options():
    cmd = parse_command('add "Member Portal v2" <@U1|bob smith> due:"next friday" EST:8h')
    assert cmd.verb == "add"
    assert cmd.args == ["Member Portal v2", "<@U1|bob smith>"]
    assert cmd.options == {"due": "next friday", "est": "8h"}
    assert cmd.mentions == ["U1"]
    assert cmd.text == "Member Portal v2"


def test_chinese_passes_through_untouched():
    cmd = parse_command("add 设计会员数据表 <@U07ALICE|alice> due:下周五")
    assert (cmd.verb, cmd.text, cmd.mentions) == ("add", "设计会员数据表", ["U07ALICE"])
    assert cmd.options == {"due": "下周五"}


@pytest.mark.parametrize(
    ("text", "options", "args"),
    [
        ("add x goal:“a b”", {"goal": "a b"}, ["x"]),
        ("add x goal:'a b'", {"goal": "a b"}, ["x"]),
        ("add ‘quoted thing’ prio:high", {"prio": "high"}, ["quoted thing"]),
        ("add x due：明天", {"due": "明天"}, ["x"]),  # full-width colon from a Chinese IME
        ("add Fix Bob's login", {}, ["Fix", "Bob's", "login"]),
        ("add Bob’s '90s party", {}, ["Bob’s", "'90s", "party"]),
        ("add see https://x.org at 10:30", {}, ["see", "https://x.org", "at", "10:30"]),
        ('add "due:friday"', {}, ["due:friday"]),
        ("add x in:prj", {"in": "prj"}, ["x"]),
    ],
)
def test_quotes_and_options(text, options, args):
    cmd = parse_command(text, known_keys=TASK_KEYS)
    assert (cmd.options, cmd.args) == (options, args)


def test_options_may_come_first_and_verb_is_first_positional_word():
    cmd = parse_command("in:PRJ ADD title")
    assert (cmd.verb, cmd.args, cmd.options) == ("add", ["title"], {"in": "PRJ"})


def test_refs_channels_and_specials():
    cmd = parse_command("block t-12 see R-3 in <#C9|general> <!channel> <@W2>")
    assert cmd.refs == [Ref("T", 12), Ref("R", 3)]
    assert cmd.channels == ["C9"]
    assert cmd.mentions == ["W2"]
    assert cmd.text == "see in <!channel>"
    assert str(Ref("T", 12)) == "T-12"


def test_an_unquoted_word_ends_where_a_slack_form_begins():
    """Slack sends `<@U…>` and links as typed, with nothing before them; the word stops there."""
    cmd = parse_command("assign T-7 to<@U0001>now <#C0001|dev>x lt&lt;3 <https://a.b|doc>:")
    assert cmd.mentions == ["U0001"] and cmd.channels == ["C0001"]
    assert cmd.args == ["T-7", "to", "<@U0001>", "now", "<#C0001|dev>", "x", "lt<3", "<https://a.b|doc>", ":"]  # fmt: skip
    spaced = parse_command("add a\tb\u3000c")
    assert spaced.args == ["a", "b", "c"]


def test_a_leading_ref_or_quoted_word_is_not_a_verb():
    assert parse_command("T-12").verb is None
    assert parse_command('"add" x').args == ["add", "x"]


def test_empty_text():
    cmd = parse_command("   ")
    assert (cmd.verb, cmd.args, cmd.options, cmd.text) == (None, [], {}, "")


def test_mention_labels_with_colons_and_urls_are_not_options():
    cmd = parse_command("add <@U1|a:b> <https://x.org/a?b=1&amp;c=2|the doc>", known_keys=TASK_KEYS)
    assert cmd.options == {}
    assert cmd.args == ["<@U1|a:b>", "<https://x.org/a?b=1&c=2|the doc>"]


def test_slack_escaping_is_undone_once():
    cmd = parse_command("add R&amp;D &amp;lt;b&amp;gt; a&lt;b")
    assert cmd.text == "R&D &lt;b&gt; a<b"


def test_a_colon_word_without_value_is_prose():
    cmd = parse_command("Fix: login page", known_keys=TASK_KEYS)
    assert (cmd.verb, cmd.args, cmd.options) == (None, ["Fix:", "login", "page"], {})


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("add x foo:bar", "`foo:`"),
        ("add x due:", "needs a value"),
        ('add "x', "not closed"),
        ("add x goal:“a", "not closed"),
        ("add x due:a due:b", "twice"),
    ],
)
def test_command_errors(text, needle):
    with pytest.raises(GrammarError) as exc:
        parse_command(text, known_keys=TASK_KEYS)
    assert needle in str(exc.value)


def test_unknown_option_lists_the_known_ones():
    with pytest.raises(GrammarError) as exc:
        parse_command("add x foo:bar", known_keys=TASK_KEYS)
    assert "`due:`, `est:`, `goal:`, `in:`, `prio:`" in exc.value.message


def test_error_text_and_example():
    err = GrammarError("Bad.", "due:friday")
    assert (str(err), err.message, err.example) == (
        "Bad.\nExample: `due:friday`",
        "Bad.",
        "due:friday",
    )
    assert str(GrammarError("Bad.")) == "Bad."


def test_user_text_in_errors_is_escaped():
    with pytest.raises(GrammarError) as exc:
        parse_percent("<!channel>`", key="progress")
    assert "<!channel>" not in exc.value.message and "&lt;!channel&gt;'" in exc.value.message


def test_escape_and_unescape():
    assert escape_mrkdwn("a & <@U1> > b") == "a &amp; &lt;@U1&gt; &gt; b"
    assert unescape_slack("a &amp; &lt;@U1&gt; &amp;lt;") == "a & <@U1> &lt;"
    assert unescape_slack(escape_mrkdwn("R&D <x> &amp;")) == "R&D <x> &amp;"


def test_users_channels_refs():
    assert parse_user("<@U123>") == "U123"
    assert parse_user("<@W9|bob smith>") == "W9"
    assert parse_channel("<#C123|general>") == "C123"
    assert parse_channel("<#C123>") == "C123"
    assert parse_ref("T-12", "T") == 12
    assert parse_ref("m-2", "M") == 2
    with pytest.raises(GrammarError, match="`R-3` is not a task ref; write it like `T-12`"):
        parse_ref("R-3", "T")
    for bad in ("@bob", "<#C1>", "U123"):
        with pytest.raises(GrammarError):
            parse_user(bad)
    with pytest.raises(GrammarError, match="owner:"):
        parse_user("bob", key="owner")


@pytest.mark.parametrize(
    ("text", "hours"),
    [("8h", 8), ("1.5h", 1.5), ("90m", 1.5), ("2d", 16), ("1d4h", 12), ("8", 8), ("8小时", 8)]
    + [("30min", 0.5), ("2 hours", 2), ("1天", 8), ("0", 0), ("１０ｈ", 10)],
)
def test_durations(text, hours):
    assert parse_duration_hours(text) == pytest.approx(hours)


@pytest.mark.parametrize("text", ["-3h", "10001h", "2x", "h", "", "3h-", "1e3"])
def test_bad_durations(text):
    with pytest.raises(GrammarError, match="est:"):
        parse_duration_hours(text)


def test_zero_duration_only_when_allowed():
    with pytest.raises(GrammarError, match="zero"):
        parse_duration_hours("0h", key="log", allow_zero=False)


def test_percent():
    assert [parse_percent(t) for t in ("60%", "60", "0", "100%", " 5 % ")] == [60, 60, 0, 100, 5]
    with pytest.raises(GrammarError, match="0 to 100"):
        parse_percent("140%")
    for bad in ("-5", "5.5", "abc", ""):
        with pytest.raises(GrammarError, match="progress:"):
            parse_percent(bad)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("50000", "50000"),
        ("50,000", "50000"),
        ("50k", "50000"),
        ("1.2m", "1200000"),
        ("12.50", "12.5"),
        ("¥50,000", "50000"),
        ("$1.5K", "1500"),
        ("€3", "3"),
        ("£0.99", "0.99"),
        ("5万", "50000"),
    ],
)
def test_amounts(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("-5", "negative"),
        ("$-5", "negative"),
        ("1.234", "2 decimals"),
        ("5,00", "read"),
        ("x", "read"),
    ],
)
def test_bad_amounts(text, needle):
    with pytest.raises(GrammarError, match=needle):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("9am", time(9)),
        ("16:00", time(16)),
        ("4:30pm", time(16, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("noon", time(12)),
        ("下午3点", time(15)),
        ("9点半", time(9, 30)),
        ("上午十点一刻", time(10, 15)),
        ("晚上8点30分", time(20, 30)),
        ("中午1点", time(13)),
    ],
)
def test_time_of_day(text, expected):
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9", "13pm", "9:75", "soon", ""])
def test_bad_time_of_day(text):
    with pytest.raises(GrammarError):
        parse_time_of_day(text)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("mon,wed,fri", {0, 2, 4}),
        ("sun-thu", {6, 0, 1, 2, 3}),
        ("weekdays", {0, 1, 2, 3, 4}),
        ("daily", set(range(7))),
        ("everyday", set(range(7))),
        ("Tue", {1}),
        ("周一-周五", {0, 1, 2, 3, 4}),
    ],
)
def test_weekdays(text, days):
    assert parse_weekdays(text) == frozenset(days)


def test_bad_weekdays():
    for bad in ("funday", "mon-tue-wed", "", ","):
        with pytest.raises(GrammarError, match="days:mon-fri"):
            parse_weekdays(bad)


def test_timezone_and_choice():
    assert parse_timezone("Asia/Shanghai") == "Asia/Shanghai"
    assert parse_timezone("america/new_york") == "America/New_York"
    with pytest.raises(GrammarError, match="tz:Asia/Shanghai"):
        parse_timezone("Asia/Beijing")
    assert parse_choice("HIGH", ["low", "normal", "high"], key="prio") == "high"
    with pytest.raises(GrammarError, match="`low`, `normal`, `high`"):
        parse_choice("asap", ["low", "normal", "high"], key="prio")


def test_small_numbers():
    assert [
        option_values.small_int(t) for t in ("3", "三", "两", "十", "十五", "二十", "二十三")
    ] == [
        3,
        3,
        2,
        10,
        15,
        20,
        23,
    ]
    assert option_values.small_int("十十") is None and option_values.small_int("百") is None


# Text that exercises the tokenizer's edge cases more often than st.text() would.
_PIECES = ['"', "“", "”", "'", "’", ":", "：", "<@", "<#", ">", "|", " ", "due:", "T-", "&amp;"]
tricky_text = st.text() | st.lists(
    st.sampled_from(_PIECES) | st.text("下周五设计abc12", max_size=3), max_size=12
).map("".join)
VALUE_PARSERS = [
    parse_user,
    parse_channel,
    lambda t: parse_ref(t, "T"),
    parse_duration_hours,
    parse_percent,
    parse_amount,
    parse_time_of_day,
    parse_weekdays,
    parse_timezone,
    lambda t: parse_choice(t, ["low", "high"], key="prio"),
]


@settings(max_examples=200)
@given(text=tricky_text, strict=st.booleans())
def test_parse_command_only_raises_grammar_errors(text, strict):
    try:
        cmd = parse_command(text, known_keys=TASK_KEYS if strict else None)
    except GrammarError:
        return
    assert all(isinstance(a, str) for a in cmd.args)
    assert cmd.raw == text


@settings(max_examples=200)
@given(
    verb=st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12),
    before=st.sampled_from(["", " ", "  ", "\t", "\u3000"]),
    after=st.sampled_from(["", " ", "\n", "\u00a0"]),
)
def test_a_bare_verb_parses_as_the_tokenizer_reads_it(verb, before, after):
    """`info`, ` list `: the short path for a lone word gives what the tokenizer would (options
    checked against a known set always go through the tokenizer)."""
    text = before + verb + after
    assert parse_command(text) == parse_command(text, known_keys=frozenset({"due"}))
    assert parse_command(text).verb == verb.lower()


@settings(max_examples=200)
@given(text=tricky_text, which=st.sampled_from(range(len(VALUE_PARSERS))))
def test_value_parsers_only_raise_grammar_errors(text, which):
    try:
        VALUE_PARSERS[which](text)
    except GrammarError as exc:
        assert exc.message
