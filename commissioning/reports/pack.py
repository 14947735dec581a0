"""The board pack: each app's section as of a date, in the order the board reads them.

Every section is built by its own app as plain blocks (``domain.document.Section``) and
rendered here in HTML, PDF, Word and Excel, so each format shows the same figures. To add a
section, write ``section(partnership, as_of) -> Section`` in the app's ``board.py`` and add
its dotted path below.
"""

from __future__ import annotations

import datetime as dt

from django.utils.module_loading import import_string

from commissioning.domain.document import Section

BOARD_SECTIONS = [
    "commissioning.outcomes.board.section",
    "commissioning.performance.board.section",
    "commissioning.finance.board.section",
    "commissioning.commissions.board.section",
]


def board_pack(partnership, as_of: dt.date) -> list[Section]:
    """Every section of the partnership's board pack as it stood at the end of ``as_of``."""
    return [import_string(path)(partnership, as_of) for path in BOARD_SECTIONS]
