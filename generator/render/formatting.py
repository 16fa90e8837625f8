"""Numbers, money, dates and time limits written the way the site's readers write them.

Babel formats with the portal's locale (``vi`` by default), never the machine's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, parse_pattern

from ..figures.spans import LAST_12, MONTH, QUARTER, Span
from ..models import Fee, OnlineService, PostalService, ProcessingTime
from .ui_strings import Strings

DASH = "—"


@lru_cache(maxsize=1 << 16)
def _decimal(value: float | int, pattern: str, locale: str) -> str:
    """Babel's ``format_decimal(value, pattern, locale=locale)``, remembered: statistics pages format the same
    small counts tens of thousands of times (equal values — ``1``, ``1.0`` — give the same text under one
    pattern, so sharing a cache entry is safe). The pattern and the locale are parsed once, not at each of
    the 47,000 rates of the 2,000-procedure benchmark (a third of Babel's time there); ``apply`` is what
    ``format_decimal`` calls, with its defaults."""
    return _pattern(pattern).apply(value, _locale(locale))


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


@lru_cache(maxsize=16)
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


@lru_cache(maxsize=1 << 14)
def _date(value: dt.date, pattern: str, locale: str) -> str:
    return format_date(value, pattern, locale=_locale(locale))


@dataclass(frozen=True)
class Formatter:
    strings: Strings
    locale: str = "vi"

    def number(self, value: float | int | None, digits: int = 1) -> str:
        if value is None:
            return DASH
        pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
        return _decimal(value, pattern, self.locale)

    def percent(self, ratio: float | None, digits: int = 1) -> str:
        """``0.875`` → ``87,5 %``; no ratio (nothing to divide) → ``—``."""
        if ratio is None:
            return DASH
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return _decimal(ratio * 100, pattern, self.locale) + "\u00a0%"

    def money(self, amount: int) -> str:
        return self.strings.money.amount.format(amount=_decimal(amount, "#,##0", self.locale))

    def fees_summary(self, fees: tuple[Fee, ...]) -> str:
        total = sum(fee.amount for fee in fees)
        return self.strings.money.free if total == 0 else self.money(total)

    def date(self, value: dt.date | None) -> str:
        return _date(value, self.strings.formats.date, self.locale) if value else DASH

    def month(self, value: dt.date) -> str:
        """``tháng 6/2019`` (the strings file's ``formats.month``)."""
        return _date(value, self.strings.formats.month, self.locale)

    def time_limit(self, limit: ProcessingTime) -> str:
        if limit.same_day:
            return self.strings.time.same_day
        days = self.number(limit.days)
        return self.strings.time[limit.unit].format(days=days)

    def online_level(self, online: OnlineService | None) -> str:
        return self.strings.online[f"level_{online.level}"] if online else self.strings.online.none

    def online_short(self, online: OnlineService | None) -> str:
        return self.strings.online[f"short_{online.level}"] if online else DASH

    def postal(self, postal: PostalService) -> str:
        channels = self.strings.channels
        if postal.submit and postal.return_result:
            return channels.postal_both
        if postal.submit:
            return channels.postal_submit
        if postal.return_result:
            return channels.postal_return
        return channels.postal_none

    # --- statistics ---------------------------------------------------------
    def span(self, span: Span) -> str:
        """``tháng 6/2025``, ``quý 2/2025``, ``năm 2025`` (``năm 2026 (tháng 1–10)`` while incomplete)."""
        labels = self.strings.statistics.spans
        if span.kind == MONTH:
            return self.month(dt.date(span.year, span.month_in_year, 1))
        if span.kind == LAST_12:
            label = labels.last12 if span.months >= 12 else labels.last12_partial
            return label.format(first=self.span_month(span.first), last=self.span_month(span.last), months=span.months)
        if span.kind == QUARTER:
            text = labels.quarter.format(quarter=span.quarter, year=span.year)
        else:
            text = labels.year.format(year=span.year)
        if not span.complete:
            text += " " + labels.partial.format(first=span.first % 12 + 1, last=span.last % 12 + 1)
        return text

    def recent(self, span: Span, key: str) -> str:
        """The strings file's text ``key`` (dotted) about the last-12-months ``span``; over fewer months
        of data, ``<key>_partial`` with the number of months instead ("6 tháng có số liệu")."""
        *path, name = key.split(".")
        section = self.strings
        for part in path:
            section = section[part]
        if span.months >= 12:
            return section[name]
        return section[f"{name}_partial"].format(months=span.months)

    def span_month(self, month: int) -> str:
        """Month number (year × 12 + month − 1) → ``tháng 6/2025``."""
        return self.month(dt.date(month // 12, month % 12 + 1, 1))

    def month_short(self, span: Span) -> str:
        """Chart axis label: ``6/25``."""
        return _date(dt.date(span.year, span.month_in_year, 1), self.strings.formats.month_short, self.locale)

    def count(self, value: int | None) -> str:
        """Whole dossiers: ``1.234``."""
        return self.number(value, 0)

    def days(self, value: float | None) -> str:
        """Mean processing time: ``2,5`` (``—`` when no dossier was resolved)."""
        return self.number(value, 1)
