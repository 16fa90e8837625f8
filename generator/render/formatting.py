"""Numbers, money, dates and time limits written the way the site's readers write them.

Babel formats with the portal's locale (``vi`` by default), never the machine's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_decimal

from ..models import Fee, OnlineService, PostalService, ProcessingTime
from .ui_strings import Strings

DASH = "—"


@dataclass(frozen=True)
class Formatter:
    strings: Strings
    locale: str = "vi"

    def number(self, value: float | int | None, digits: int = 1) -> str:
        if value is None:
            return DASH
        pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, ratio: float | None, digits: int = 1) -> str:
        """``0.875`` → ``87,5 %``; no ratio (nothing to divide) → ``—``."""
        if ratio is None:
            return DASH
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(ratio * 100, format=pattern, locale=self.locale) + "\u00a0%"

    def money(self, amount: int) -> str:
        return self.strings.money.amount.format(amount=format_decimal(amount, format="#,##0", locale=self.locale))

    def fees_summary(self, fees: tuple[Fee, ...]) -> str:
        total = sum(fee.amount for fee in fees)
        return self.strings.money.free if total == 0 else self.money(total)

    def date(self, value: dt.date | None) -> str:
        return format_date(value, "dd/MM/yyyy", locale=self.locale) if value else DASH

    def month(self, value: dt.date) -> str:
        """``tháng 6/2019``."""
        return format_date(value, "MMMM/yyyy", locale=self.locale)

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
