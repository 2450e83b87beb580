"""The catalogue: every message id with its English and Chinese text, gathered from `messages/`.

Each module in `bot/i18n/messages/` holds one area's messages as `MESSAGES = {id: Msg(...)}`.
Ids are dotted (`task.added`); placeholders are `str.format` fields (`{ref}`), the same in both
languages. English text that depends on a count gives its singular and plural forms as a tuple and
takes the count as `n`; Chinese has one form. `tests/test_catalog.py` holds the catalogue to this:
no id without Chinese, the same placeholders in both, no English words left in the Chinese, and
no id used in code that the catalogue lacks.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from bot.i18n import messages


@dataclass(frozen=True)
class Msg:
    en: str | tuple[str, str]
    zh: str

    def text(self, lang: str, n: int | None = None) -> str:
        if lang == "zh":
            return self.zh
        if isinstance(self.en, tuple):
            one, other = self.en
            return one if n == 1 else other
        return self.en


def _gather() -> dict[str, Msg]:
    found: dict[str, Msg] = {}
    for info in sorted(pkgutil.iter_modules(messages.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{messages.__name__}.{info.name}")
        for key, msg in module.MESSAGES.items():
            if key in found:
                raise ValueError(f"message id {key!r} is defined twice (again in {info.name})")
            found[key] = msg
    return found


CATALOG: dict[str, Msg] = _gather()
