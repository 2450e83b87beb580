"""The catalogue is whole: every message in English and Chinese, with the same placeholders, no
English left in the Chinese, every id the code names present, and a Chinese date, sum and chart
as a Chinese reader expects them."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from bot.errors import ProjectClosed, UserError
from bot.i18n import CATALOG, Tr
from bot.i18n.tr import placeholders

ROOT = Path(__file__).resolve().parents[1]
ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Words that stay as they are in Chinese text: product names, measures, what Slack calls things.
KEEP = {"TeamTrack", "Slack", "SPI", "CPI", "EV", "PV", "AC", "EAC", "CSV", "PNG", "ID", "DM"}
# Spans that are not prose: code, placeholders, Slack links and emoji names.
NOT_PROSE = re.compile(r"`[^`]*`|\{[^{}]*\}|<[^<>]*>|:[a-z0-9_+-]+:")

# Call names whose first argument is a message id.
_SAYS = {"tr", "plain", "UserError", "Denied", "NotFound", "GrammarError", "DateError"}


def _forms(msg) -> list[str]:
    return list(msg.en) if isinstance(msg.en, tuple) else [msg.en]


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    msg = CATALOG[key]
    assert msg.zh.strip(), f"{key} has no Chinese"
    for english in _forms(msg):
        assert english.strip(), f"{key} has no English"
        assert placeholders(english) == placeholders(msg.zh), key


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_the_chinese_has_no_english_words_left(key: str) -> None:
    prose = NOT_PROSE.sub(" ", CATALOG[key].zh)
    words = {w for w in re.findall(r"[A-Za-z]{2,}", prose) if w not in KEEP}
    assert not words, f"{key}: {sorted(words)} in {CATALOG[key].zh!r}"


def _ids_named_in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in _SAYS and literal and ID.match(first.value):
                found[first.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_message_id_the_code_names_is_in_the_catalogue() -> None:
    missing = {k: where for k, where in _ids_named_in_code().items() if k not in CATALOG}
    assert not missing, missing


def test_a_typed_error_reads_in_each_language_and_plainly_under_a_field() -> None:
    closed = ProjectClosed("MP", date(2026, 12, 4))
    # The English for logs has no reader, so no day of theirs: the date keeps its year.
    assert closed.message == "MP was closed on Dec 4, 2026; `/project new` starts another here."
    zh = Tr("zh", date(2026, 12, 10))
    assert zh.error(closed) == "MP 已于 12月4日 关闭；用 `/project new` 在此频道开始新项目。"
    assert zh.error_plain(closed) == "MP 已于 12月4日 关闭；用 /project new 在此频道开始新项目。"
    typed = UserError("settings.bad_lang", "lang:zh", value="<!channel>")
    assert "&lt;!channel&gt;" in Tr("en").error(typed)  # user text stays inert in mrkdwn
    assert "<!channel>" in Tr("en").error_plain(typed)  # and reads as typed in plain text


def test_dates_and_money_read_as_a_chinese_reader_expects() -> None:
    zh, en = Tr("zh", date(2026, 11, 23)), Tr("en", date(2026, 11, 23))
    assert zh.day(date(2026, 12, 11)) == "12月11日 周五"
    assert en.day(date(2026, 12, 11)) == "Fri Dec 11"
    assert zh.money(80000, "CNY") == "¥80,000.00"
    assert en.money(80000, "CNY") == "¥80,000.00"
    assert zh.money(1234.5, "JPY") == "JP¥1,235"
    assert zh.hours(2.6667) == "2.7 小时" and en.hours(2.6667) == "2.7 h"


_RAISES = {"UserError", "Denied", "NotFound", "GrammarError", "DateError", "Refused"}


def legacy_error_sites() -> dict[str, int]:
    """Per module, the user errors still raised as English text rather than a catalogue id."""
    sites: dict[str, int] = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            call = node.exc
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name not in _RAISES or not call.args:
                continue
            first = call.args[0]
            if isinstance(first, ast.JoinedStr) and first.values:  # f"area.id_{kind}"
                first = first.values[0]
            typed = isinstance(first, ast.Constant) and re.match(
                r"^[a-z][a-z0-9_]*\.", str(first.value)
            )
            if not typed:
                module = str(path.relative_to(ROOT))
                sites[module] = sites.get(module, 0) + 1
    return sites


# Modules whose user errors are still English text (issue 14): this only ever shrinks.
LEGACY: dict[str, int] = {}


def test_user_errors_are_typed_except_where_listed() -> None:
    found = legacy_error_sites()
    grown = {m: n for m, n in found.items() if n > LEGACY.get(m, 0)}
    assert not grown, f"English text raised as a user error (use a catalogue id): {grown}"
    shrunk = {m: n for m, n in LEGACY.items() if found.get(m, 0) < n}
    assert not shrunk, (
        f"fewer legacy sites now, lower LEGACY to: { {m: found.get(m, 0) for m in shrunk} }"
    )


def test_every_refused_action_named_to_access_is_in_the_catalogue() -> None:
    """`access.require_member(…, "add risks")` is written as `access.do.add_risks`: each exists."""
    named: dict[str, str] = {}
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ("require_member", "require_owner") and len(node.args) >= 4:
                doing = node.args[3]
                if isinstance(doing, ast.Constant) and isinstance(doing.value, str):
                    key = doing.value
                    key = (
                        key
                        if key.startswith("access.do.")
                        else "access.do." + "_".join(key.split())
                    )
                    named[key] = f"{path.relative_to(ROOT)}:{node.lineno}"
    assert named, "no call found: the test no longer reads the code"
    missing = {k: where for k, where in named.items() if k not in CATALOG}
    assert not missing, missing


def test_ids_built_from_parts_are_in_the_catalogue() -> None:
    from bot.grammar import REF_KINDS
    from bot.services.names import _NAMES

    built = [f"name.{stem}_{end}" for stem in _NAMES.values() for end in ("missing", "too_long")]
    built += [f"grammar.not_ref_{kind.lower()}" for kind in REF_KINDS]
    assert [key for key in built if key not in CATALOG] == []


_EMPHASIS = re.compile(r"([*_~])([^*_~`\n]+?)\1")


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_emphasis_in_chinese_stands_apart_so_slack_shows_it(key: str) -> None:
    """Slack draws `*bold*` only when the marks don't touch a word character, and a Chinese
    character is one: `*目标：*项目` shows its asterisks. (`{lead}` before a mark is punctuation.)"""
    text = re.sub(r":[a-z0-9_+-]+:", "E", re.sub(r"`[^`]*`", "``", CATALOG[key].zh))
    text = text.replace("{lead}", " ")
    for m in _EMPHASIS.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        assert not re.match(r"[\w}]", before) and not re.match(r"[\w{]", after), (key, m[0])
