from .matrix_api import ROWS as API_ROWS
from .matrix_entries import ROWS as ENTRY_ROWS
from .matrix_go_no_go import ROWS as GO_NO_GO_ROWS
from .matrix_programme_api import ROWS as PROGRAMME_API_ROWS
from .matrix_programmes import ROWS as PROGRAMME_ROWS

ROWS = ENTRY_ROWS + PROGRAMME_ROWS + API_ROWS + GO_NO_GO_ROWS + PROGRAMME_API_ROWS
