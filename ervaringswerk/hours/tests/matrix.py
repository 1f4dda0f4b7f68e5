from .matrix_entries import ROWS as ENTRY_ROWS
from .matrix_programmes import ROWS as PROGRAMME_ROWS

ROWS = ENTRY_ROWS + PROGRAMME_ROWS
