"""Text for Word documents: nothing XML cannot hold, and the documents still open."""

import io

import pytest
from docx import Document

from commissioning.core.documents import writable


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Plain text", "Plain text"),
        ("Line\x0bbreak", "Line\nbreak"),  # Word's manual line break
        ("Page\x0cfeed", "Page\nfeed"),
        ("nul\x00 bell\x07 escape\x1b", "nul bell escape"),
        ("tab\tnewline\ncarriage\r", "tab\tnewline\ncarriage\r"),
        ("\ufffe\uffff", ""),
        ("Café – £5", "Café – £5"),
    ],
)
def test_writable_keeps_only_what_xml_holds(text, written):
    assert writable(text) == written


def test_a_document_of_writable_text_saves_and_opens_again():
    document = Document()
    document.add_paragraph(writable("Agree\x0bthe\x01 budget"))
    buffer = io.BytesIO()
    document.save(buffer)
    assert Document(io.BytesIO(buffer.getvalue())).paragraphs[-1].text == "Agree\nthe budget"
