"""The one command grammar: `/<command> <verb> <free text> <key:value>...`, mentions and refs.

What an option's value says (hours, percents, amounts, times, weekdays, zones) is read by
`bot.option_values`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from bot.errors import UserError
from bot.i18n import aliases
from bot.i18n.markup import escape_mrkdwn, unescape_slack
from bot.i18n.tr import Mrkdwn


class GrammarError(UserError, ValueError):
    """A user's mistake in a command: says what is wrong and how to write it."""

    def __str__(self) -> str:
        return (
            self.message if self.example is None else f"{self.message}\nExample: `{self.example}`"
        )


REF_KINDS = {"T": "task", "R": "risk", "M": "milestone", "C": "resource claim"}
_REF_EXAMPLES = {"T": "T-12", "R": "R-3", "M": "M-2", "C": "C-5"}


@dataclass(frozen=True)
class Ref:
    kind: str
    number: int

    def __str__(self) -> str:
        return f"{self.kind}-{self.number}"


_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
# Slack's own forms: mentions, channels, <!here>, links; labels may hold spaces.
_SPECIAL = re.compile(r"<(?:[@#!]|[A-Za-z][A-Za-z0-9+.-]*:)[^<>]*>")
# The rest of an unquoted value: up to a space or the start of one of Slack's forms.
_BARE_REST = re.compile(rf"(?:(?!{_SPECIAL.pattern})\S)*")
_REF = re.compile(r"([TRMC])-([0-9]{1,9})", re.IGNORECASE)
# A bare verb ("info", "list"), as most reads are typed: answered without the tokenizer.
_BARE_VERB = re.compile(r"\s*([A-Za-z]+)\s*")
# A key starts a token and is ASCII; the full-width colon is what Chinese IMEs type.
_KEY = re.compile(r"([A-Za-z][A-Za-z_-]*)[:：]")
_QUOTES = {'"': '"', "“": '”“"', "”": '”“"', "'": "'", "‘": "’‘'", "’": "’‘'"}
_DOUBLE_QUOTES = '"“”'


@dataclass(frozen=True)
class Command:
    verb: str | None
    args: list[str]
    options: dict[str, str]
    mentions: list[str]
    channels: list[str]
    refs: list[Ref]
    raw: str
    # Values that came as Slack's own `<...>` forms; typed `<@U1>` arrives escaped and is text.
    slack_forms: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        """The free text: args that are not mentions, channels or refs, single-spaced."""
        return " ".join(a for a in self.args if not self._is_entity(a))

    def is_slack_form(self, value: str) -> bool:
        """Whether `value` (an arg or option) is a mention, channel or link Slack made."""
        return value in self.slack_forms

    def _is_entity(self, token: str) -> bool:
        if _REF.fullmatch(token):
            return True
        return token in self.slack_forms and bool(
            _MENTION.fullmatch(token) or _CHANNEL.fullmatch(token)
        )


@functools.cache
def _key_pattern(command: str | None) -> re.Pattern[str]:
    """`_KEY`, and the Chinese keys `command` reads (`截止：周五`)."""
    words = aliases.key_words(command)
    if not words:
        return _KEY
    return re.compile(rf"([A-Za-z][A-Za-z_-]*|{'|'.join(map(re.escape, words))})[:：]")


def parse_command(
    text: str, *, known_keys: frozenset[str] | None = None, command: str | None = None
) -> Command:
    """Split Slack command text into verb, positional args and key:value options.

    With `command` (`/task`), its Chinese verbs and keys (`bot.i18n.aliases`) read as English.
    """
    if known_keys is None and (bare := _BARE_VERB.fullmatch(text)):
        verb = bare[1].lower()
        return Command(verb=verb, args=[], options={}, mentions=[], channels=[], refs=[], raw=text)
    known = None if known_keys is None else frozenset(k.lower() for k in known_keys)
    positional: list[tuple[str, bool]] = []
    options: dict[str, str] = {}
    forms: set[str] = set()
    # Tokens are found in the text as Slack sent it, where every `<` the person typed is `&lt;`:
    # only Slack's own forms are mentions. Each value is unescaped once, after.
    for key, raw_value, literal in _tokens(text, _key_pattern(command)):
        value = unescape_slack(raw_value)
        if literal and _SPECIAL.fullmatch(raw_value):
            forms.add(value)
        if key is not None and not key.isascii():
            key = aliases.key(command, key)
            if key is None:  # an alias for what this command reads as text (the /task owner)
                positional.append((value, literal))
                continue
        if key is None or (not value and (known is None or key.lower() not in known)):
            # "Fix:" at the end of a title is prose, not an option without a value.
            positional.append((value, literal) if key is None else (f"{key}:", True))
            continue
        if known is not None and key.lower() not in known:
            listed = ", ".join(f"`{k}:`" for k in sorted(known)) or "none"
            raise GrammarError("grammar.unknown_option", given=_trim(key), listed=Mrkdwn(listed))
        key = key.lower()
        if not value:
            raise GrammarError("grammar.needs_value", f'{key}:"..."', key=key)
        if key in options:
            raise GrammarError("grammar.given_twice", key=key)
        options[key] = value
    verb = None
    if positional and not positional[0][1] and not _REF.fullmatch(positional[0][0]):
        verb = aliases.verb(command, positional.pop(0)[0].lower())
        if positional and not positional[0][1]:
            positional[0] = (aliases.sub_word(command, verb, positional[0][0]), False)
    args = [value for value, _ in positional]
    return Command(
        verb=verb,
        args=args,
        options=options,
        mentions=[m[1] for a in args if a in forms and (m := _MENTION.fullmatch(a))],
        channels=[m[1] for a in args if a in forms and (m := _CHANNEL.fullmatch(a))],
        refs=[Ref(m[1].upper(), int(m[2])) for a in args if (m := _REF.fullmatch(a))],
        raw=text,
        slack_forms=frozenset(forms),
    )


def _tokens(
    text: str, key_pattern: re.Pattern[str] = _KEY
) -> Iterator[tuple[str | None, str, bool]]:
    """Yield (key or None, value, literal) per token; literal means quoted or a Slack <...> form."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        key = None
        if (m := key_pattern.match(text, i)) and not text.startswith("//", m.end()):
            key, i = m[1], m.end()
        value, literal, i = _read_value(text, i)
        yield key, value, literal


def _read_value(text: str, i: int) -> tuple[str, bool, int]:
    n = len(text)
    if i >= n or text[i].isspace():
        return "", False, i
    ch = text[i]
    if m := _SPECIAL.match(text, i):
        return m[0], True, m.end()
    if ch in _QUOTES:
        closers = _QUOTES[ch]
        j = i + 1
        while j < n:
            # A single quote closes only before a space, so "Bob's" inside it stays whole.
            if text[j] in closers and (ch in _DOUBLE_QUOTES or j + 1 == n or text[j + 1].isspace()):
                return text[i + 1 : j], True, j + 1
            j += 1
        if ch in _DOUBLE_QUOTES:
            raise GrammarError("grammar.open_quote", 'due:"next friday"')
        # An unmatched single quote is an apostrophe ('90s), not a quote.
    j = _BARE_REST.match(text, i + 1).end()  # type: ignore[union-attr]  # matches "" at worst
    return text[i:j], False, j


def show_text(text: str, limit: int = 40) -> str:
    """User text made safe to quote inside a `code` span of an error message."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return escape_mrkdwn(text.replace("`", "'").replace("\n", " "))


def _trim(text: str, limit: int = 40) -> str:
    """User text shortened to quote in a code span of a message (escaped when it is written)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("`", "'").replace("\n", " ")


def as_given(text: str, key: str | None) -> str:
    """What the person wrote, as a message quotes it: `key:value`."""
    return f"{key}:{_trim(text)}" if key else _trim(text)


def compact(text: str) -> str:
    """Text as values are compared: NFKC (full-width forms to ASCII), no spaces, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def parse_user(token: str, *, key: str | None = None, slack_form: bool = True) -> str:
    """The user id of a Slack mention `<@U123>` or `<@U123|name>`.

    `slack_form=False` says the token was typed (Slack escaped it): it is never a mention.
    """
    if slack_form and (m := _MENTION.fullmatch(token.strip())):
        return m[1]
    example = f"{key}:@alice" if key else "@alice"
    raise GrammarError("grammar.not_mention", example, field=key, given=as_given(token, key))


def parse_channel(token: str, *, key: str | None = None, slack_form: bool = True) -> str:
    """The channel id of a Slack channel link `<#C123|name>` or `<#C123>` (see parse_user)."""
    if slack_form and (m := _CHANNEL.fullmatch(token.strip())):
        return m[1]
    example = f"{key}:#general" if key else "#general"
    raise GrammarError("grammar.not_channel", example, field=key, given=as_given(token, key))


def parse_ref(token: str, kind: str, *, key: str | None = None) -> int:
    """The number of a ref of the given kind: `T-12` with kind "T" gives 12."""
    kind = kind.upper()
    m = _REF.fullmatch(token.strip())
    if m and m[1].upper() == kind and int(m[2]) > 0:
        return int(m[2])
    example = _REF_EXAMPLES[kind]
    raise GrammarError(
        f"grammar.not_ref_{kind.lower()}",
        f"{key}:{example}" if key else None,
        field=key,
        given=as_given(token, key),
        ref=example,
    )
