"""How numbers read everywhere: hours with at most one decimal, money in its currency's minor units.

Pure functions (no Slack, no database), so services' messages and every Block Kit builder and the
CSV export write hours and money the same way.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# ISO 4217 minor units where they are not 2.
MINOR_UNITS = {
    **dict.fromkeys(("JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}
SYMBOLS = {"CNY": "¥", "JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _rounded(value: Any, places: int) -> Decimal:
    q = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return q if q != 0 else abs(q)  # never "-0"


def plain_hours(value: float | None) -> str:
    """Hours as a plain number with at most one decimal: `2.7`, `8` (CSV, options)."""
    if value is None:
        return ""
    text = f"{_rounded(value, 1):f}"
    return text[:-2] if text.endswith(".0") else text


def hours_number(value: float | None) -> str:
    """Hours for people to read, without the unit: `2.7`, `8`, `1,240.5`."""
    if value is None:
        return "—"
    text = f"{_rounded(value, 1):,f}"
    return text[:-2] if text.endswith(".0") else text


def hours(value: float | None) -> str:
    """Hours for people to read: `2.7 h`, `8 h`; `—` when unknown."""
    return "—" if value is None else f"{hours_number(value)} h"


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get(currency.upper(), 2)


def plain_money(amount: Any, currency: str) -> str:
    """An amount as a plain number in the currency's minor units: `80000.00`, `80000` for JPY."""
    if amount is None:
        return ""
    return f"{_rounded(amount, minor_units(currency)):f}"


def money(amount: Any, currency: str) -> str:
    """An amount for people to read: `¥80,000.00`, `$1,200.50`, `¥80,000` (JPY), `1,200.50 CHF`."""
    if amount is None:
        return "—"
    code = currency.upper()
    value = _rounded(amount, minor_units(code))
    sign, digits = ("-" if value < 0 else ""), f"{abs(value):,f}"
    symbol = SYMBOLS.get(code)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {code}"
