"""Messages written as mrkdwn, read as plain text: what a modal field's error shows."""

from __future__ import annotations

from bot.i18n.markup import ERROR_MAX, field_error, plain_text

__all__ = ["ERROR_MAX", "field_error", "plain_text"]
