"""Hostile PDFs: each page is held to a budget before its layout is worked out, and a page
over it is refused quickly with a message naming the page."""

import time
import zlib

import pytest

from commissioning.domain.plan import PlanError
from commissioning.reading import read_document
from commissioning.reading.limits import ImportLimits

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PLAIN_PAGE = b"BT /F1 12 Tf 72 720 Td (Action   Due   Lead) Tj ET"


def pdf(*pages: bytes) -> bytes:
    """A PDF with one page per content stream given (each stored compressed)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, FONT]
    kids = []
    for content in pages:
        packed = zlib.compress(content, 9)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def refused(data: bytes, **limits) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(PlanError) as error:
        read_document(data, "plan.pdf", limits=ImportLimits(**limits))
    return str(error.value), time.monotonic() - started


def test_a_page_of_too_many_drawn_objects_is_refused_naming_the_page():
    boxes = b"".join(b"%d %d 1 1 re f\n" % (i % 600, i // 600) for i in range(40_000))
    data = pdf(PLAIN_PAGE, boxes)
    assert len(data) < 200_000

    message, seconds = refused(data)

    assert message.startswith("plan.pdf, page 2: page 2 holds 40,000 characters and drawn")
    assert "at most 30,000 are read on one page" in message
    assert seconds < 20


def test_a_page_that_unpacks_to_gigabytes_is_refused_before_it_is_unpacked():
    bomb = b"%" + b" " * (64 * 1024 * 1024)  # 64 MB of nothing, a comment to the reader
    data = pdf(PLAIN_PAGE, bomb)
    assert len(data) < 1_000_000

    message, seconds = refused(data)

    assert message.startswith("plan.pdf, page 2: page 2 unpacks to more than 8 MB")
    assert seconds < 10


def test_more_pages_than_allowed_are_refused_naming_the_first_page_left_out():
    message, _ = refused(pdf(*[PLAIN_PAGE] * 4), pdf_pages=3)

    assert message.startswith("plan.pdf, page 4: the PDF has more than 3 pages")


def test_the_whole_documents_objects_are_counted_too():
    page = b"".join(b"%d 0 1 1 re f\n" % i for i in range(400))

    message, _ = refused(pdf(page, page, page), pdf_objects=1_000)

    assert "more than 1,000 characters and drawn objects up to page 3" in message


def test_the_limits_come_from_the_setting():
    limits = ImportLimits.from_setting({"PDF_PAGES": 5, "PDF_PAGE_OBJECTS": 10})
    assert (limits.pdf_pages, limits.pdf_page_objects) == (5, 10)


def test_an_ordinary_pdf_is_still_read():
    document = read_document(pdf(PLAIN_PAGE), "plan.pdf")
    assert document.blocks
