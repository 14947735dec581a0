"""Text for the Word documents the product writes: only characters XML may carry.

A title pasted from Word can hold a vertical tab (Word's manual line break) or another control
character; Word files are XML, which cannot carry them, so every writer passes text through
:func:`writable` first (python-docx refuses such text outright).
"""

from __future__ import annotations

import re

UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def writable(text: str) -> str:
    """``text`` without the characters an XML document cannot hold; a vertical tab or form
    feed becomes a line break, as Word meant it."""
    return UNWRITABLE.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))
