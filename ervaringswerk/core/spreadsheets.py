"""The one cell-escaping function for every CSV and XLSX the product writes.

Spreadsheet programs run a cell that starts with = + - @ (and, in some, a leading tab or carriage return)
as a formula: a programme called `=HYPERLINK("https://evil.example","klik")` becomes a live link in a
council's spreadsheet. Every writer passes each cell through `safe_cell` (or a row through `safe_row`),
which prefixes such text with an apostrophe so it stays text. Plain numbers written as text (a negative
correction "-1,50") are left alone: they cannot run anything and stay numbers for the reader.
`core/tests/test_spreadsheets.py` fails for a module that writes CSV or XLSX without importing it.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def safe_cell(value):
    """`value` as it may go into a spreadsheet cell: text that a spreadsheet would run gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
