"""A person's language follows their Slack locale, and a `user_change` event makes a change count
at once (the runtime otherwise keeps a locale for ten minutes)."""

from __future__ import annotations

from bot.testing.signed import SlackSender

ZH = "不是我会的语言"
EN = "is not a language I speak"


def change_language(slack, user: str, locale: str):
    """The person picks a language in Slack; Slack sends `user_change` with their profile."""
    changed = slack.fake.set_locale(user, locale)
    profile = changed.to_dict(slack.sender.team_id, include_locale=True)
    reply = slack.sender.event({"type": "user_change", "user": profile, "cache_ts": 1764554400})
    slack.rt.drain()
    return reply


def refusal(slack, user: str = "U0001") -> str:
    return slack.command("/project", "settings lang:xx", user=user).text


def test_user_change_makes_a_new_slack_language_count_at_once(slack):
    slack.project()
    assert EN in refusal(slack)  # English, and now kept for a while
    slack.fake.set_locale("U0001", "zh-CN")
    assert EN in refusal(slack)  # still the kept locale: Slack has not told the app
    reply = change_language(slack, "U0001", "zh-CN")
    assert reply.status == 200
    assert ZH in refusal(slack)
    assert change_language(slack, "U0001", "en-US").status == 200
    assert EN in refusal(slack)


def test_user_change_forgets_only_that_person(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice> role:owner")
    assert EN in refusal(slack) and EN in refusal(slack, "U0002")
    slack.fake.set_locale("U0001", "zh-CN")
    change_language(slack, "U0002", "zh-CN")
    assert ZH in refusal(slack, "U0002")
    assert EN in refusal(slack)  # lead's kept locale is untouched until Slack says so


def test_a_user_change_event_without_a_user_is_acked_and_ignored(slack):
    sender: SlackSender = slack.sender
    assert sender.event({"type": "user_change", "user": {}}).status == 200
    assert sender.event({"type": "user_change", "user": "U0001"}).status == 200


def test_a_kept_answer_is_not_given_in_the_language_the_person_just_left(slack):
    """`/project info` is kept until its project changes; a kept English answer must not be
    given to someone who has just switched their Slack to Chinese (or back)."""
    slack.project()
    assert "Complete" in str(slack.command("/project", "info").json)
    assert "Complete" in str(slack.command("/project", "info").json)  # kept, and given again
    change_language(slack, "U0001", "zh-CN")
    assert "完成度" in str(slack.command("/project", "info").json)
    change_language(slack, "U0001", "en-US")
    assert "Complete" in str(slack.command("/project", "info").json)
