"""Which language a reader gets: their Slack locale, else their project's, else English."""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = get_args(Lang)


def lang_of_locale(locale: str | None) -> Lang | None:
    """A Slack locale (`zh-CN`, `en-US`, `ja-JP`) as one of our languages; None when we have none.

    Slack's Chinese locales are `zh-CN` and `zh-TW`; we write Simplified Chinese for both, which a
    Traditional reader can read, rather than English.
    """
    if not locale:
        return None
    base = locale.replace("_", "-").split("-")[0].lower()
    return base if base in LANGS else None  # type: ignore[return-value]


def pick_lang(*candidates: str | None) -> Lang:
    """The first candidate that is one of our languages (`zh`, `en`, or a locale), else English."""
    for candidate in candidates:
        lang = candidate if candidate in LANGS else lang_of_locale(candidate)
        if lang:
            return lang  # type: ignore[return-value]
    return "en"
