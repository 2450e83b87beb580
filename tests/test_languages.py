"""Which language TeamTrack writes in: the project's for its channel, each person's Slack language
for what only they see, falling back to the project's, then English."""

from __future__ import annotations

import json
import re

from bot.i18n import lang_of_locale, pick_lang


def test_slack_locales_map_to_our_languages() -> None:
    assert lang_of_locale("zh-CN") == "zh" and lang_of_locale("zh-TW") == "zh"
    assert lang_of_locale("en-GB") == "en" and lang_of_locale("ja-JP") is None
    assert lang_of_locale(None) is None
    assert pick_lang("ja-JP", "zh") == "zh" and pick_lang(None, None) == "en"


def test_a_refusal_is_in_the_persons_slack_language(slack) -> None:
    slack.fake.add_user("U0002", "li", locale="zh-CN")
    english = slack.command("/project", "new Portal lang:xx")
    chinese = slack.command("/project", "new Portal lang:xx", user="U0002")
    assert "is not a language I speak" in english.text
    assert "不是我会的语言" in chinese.text and "`lang:xx`" in chinese.text


def test_a_person_with_no_language_of_ours_reads_the_projects(slack) -> None:
    slack.project("new Portal key:MP lang:zh")
    slack.fake.add_user("U0003", "taro", locale="ja-JP")
    reply = slack.command("/project", "new Other lang:xx", user="U0003")
    assert "不是我会的语言" in reply.text


def test_lang_is_a_project_setting(slack) -> None:
    slack.project("new Portal key:MP lang:中文")
    shown = slack.command("/project", "settings")
    assert "*Language:* 中文" in shown.text
    changed = slack.command("/project", "settings lang:en")
    assert "*Language:* English" in changed.text


def test_a_persons_language_is_looked_up_once_and_kept(slack) -> None:
    for _ in range(3):
        slack.command("/project", "new Portal lang:xx")
    looked_up = slack.fake.calls_to("users.info")
    assert len(looked_up) == 1
    assert looked_up[0].args.get("include_locale") in (True, "true", "1", 1)


def test_every_commands_help_is_in_the_readers_language(slack) -> None:
    slack.project()
    slack.fake.add_user("U0002", "li", locale="zh-CN")
    for command in ("/task", "/project", "/risk", "/resource", "/standup"):
        english = slack.command(command, "help")
        chinese = slack.command(command, "help", user="U0002")
        assert f"{command} help" in english.text, (command, english.text)
        assert english.json.get("blocks") != chinese.json.get("blocks"), command
        blocks = json.dumps(chinese.json.get("blocks"), ensure_ascii=False)
        assert re.search(r"[\u4e00-\u9fff]", blocks), (command, blocks[:200])


def test_a_chinese_projects_health_reads_in_chinese_in_info_and_app_home(slack) -> None:
    slack.fake.add_user("U0001", "lead", locale="zh-CN")
    slack.project("new Portal key:MP start:2026-11-01 end:2026-12-31 lang:zh")
    slack.command("/task", "add Schema est:8h due:2026-11-20")  # overdue: the project is not green
    info = slack.command("/project", "info")
    shown = json.dumps(info.json.get("blocks"), ensure_ascii=False)
    assert "逾期" in shown or "SPI" in shown, shown
    words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"`[^`]*`|<[^>]*>|:[a-z_]+:", "", shown)))
    words -= {"type", "text", "mrkdwn", "plain", "emoji", "true", "false", "section", "header"}
    words -= {"context", "elements", "fields", "divider", "Portal", "SPI", "CPI", "block_id"}
    assert not words, words


def test_a_rate_limited_lookup_is_not_retried_on_the_way_to_the_ack(slack) -> None:
    """users.info answered 429 (Retry-After 30 s): the reply comes at once, in the project's
    language, instead of sleeping out the app client's rate-limit retries."""
    slack.project("new Portal key:MP lang:zh")
    slack.fake.add_user("U0003", "taro", locale="en-US")
    slack.fake.inject("users.info", "429", retry_after=30)
    reply = slack.command("/project", "new Other lang:xx", user="U0003")
    assert "不是我会的语言" in reply.text  # unknown person: the channel's project's language
    assert len(slack.fake.calls_to("users.info")) == 1  # one try, no retry
