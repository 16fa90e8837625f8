"""The line of a CSV file each record starts on, as the editor sees it in an editor or a spreadsheet.

Readers number records, not lines: a quoted value holding line breaks (a note copied from a form) makes
a record span several lines, and a reader that skips blank lines skips lines. Both shift "record n + 1"
away from the line the editor must open. The csv module's ``line_num`` counts physical lines, so the
start of every record is known exactly; the common file (no quote, no blank line) needs none of this.
"""

from __future__ import annotations

import csv
import io


def needs_counting(text: str | bytes) -> bool:
    """False when every record is one line from line 2 (no quote, no blank line). Bytes are looked at
    as they are: a large file need not be decoded to learn that it has nothing to count."""
    quote, blank, blank_crlf = ('"', "\n\n", "\n\r\n") if isinstance(text, str) else (b'"', b"\n\n", b"\n\r\n")
    return quote in text or blank in text or blank_crlf in text


def record_start_lines(text: str, separator: str, blank_lines_are_records: bool) -> list[int]:
    """The first line (1-based) of every record after the header, in order."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    starts, end_of_previous = [], 0
    for row in reader:
        if row or blank_lines_are_records:
            starts.append(end_of_previous + 1)
        end_of_previous = reader.line_num
    return starts[1:]
