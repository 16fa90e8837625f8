"""Spreadsheet formula injection: text cells that Excel or LibreOffice would run as a formula.

OWASP's advice on CSV injection (https://owasp.org/www-community/attacks/CSV_Injection):
a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read by spreadsheet programs as the start of a formula
(``=HYPERLINK("http://evil","x")``), so such a text cell is written with a
single quote in front, which makes it text. Applied to the text columns of
the open data's CSV and XLSX files only: numbers (negative ones included) are
never changed, and the JSON files keep the text exactly as written. The lone
``-`` the monthly table uses for "not itemised by procedure" is no formula
and stays as it is.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLACEHOLDER = "-"


def neutralised(text: str) -> str:
    """``'=1+1`` for ``=1+1``; any other text unchanged."""
    return "'" + text if text.startswith(TRIGGERS) and text != PLACEHOLDER else text
