"""What TeamTrack says, in English and Simplified Chinese: the catalogue and how it is read.

`Tr(lang)` is what every view builder is given: `tr("task.added", ref="MP-7")` writes a message
from the catalogue (`bot/i18n/messages/*`), `tr.day(d)`, `tr.money(...)` and `tr.hours(...)`
write dates and numbers as a reader of that language expects. Nothing here touches Slack, the
database or a service: it is plain text in, text out.
"""

from __future__ import annotations

from bot.format import plain_hours, plain_money
from bot.i18n.catalog import CATALOG, Msg
from bot.i18n.lang import LANGS, Lang, lang_of_locale, pick_lang
from bot.i18n.markup import escape_mrkdwn, plain_text
from bot.i18n.tr import Mrkdwn, Phrase, Tr, plain

__all__ = [
    "CATALOG",
    "LANGS",
    "Lang",
    "Mrkdwn",
    "Msg",
    "Phrase",
    "Tr",
    "escape_mrkdwn",
    "lang_of_locale",
    "pick_lang",
    "plain",
    "plain_hours",
    "plain_money",
    "plain_text",
]
