"""PDF files: tables found from their ruling lines, other pages read as laid-out text.

``pdfplumber`` finds a page's tables from the lines drawn around cells; each becomes a
table whose cells say "page 2, table 1, row 3, cell 2". A page with no ruled table is taken
as text with its words at their positions, so columns aligned on the page are split on
their boundaries by the text reader, and headings and bullets stay paragraphs.
"""

from __future__ import annotations

import zlib
from io import BytesIO

from commissioning.domain.plan import PlanError
from commissioning.reading.limits import ReadingBudget
from commissioning.reading.readers import Document, Row, Table, make_cell


def read_pdf(data: bytes, source: str, *, budget: ReadingBudget | None = None) -> Document:
    """Read a PDF's ruled tables and, from pages without one, its text.

    Each page is held to the budget before its layout is worked out: the pages read, the
    size its drawing instructions unpack to, the characters and drawn objects on it and in
    the whole document, and the time; a page over a limit is refused, naming the page.
    """
    budget = budget or ReadingBudget(source)
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    from commissioning.reading.readers.text import read_text

    document = Document(source, [])
    text_lines: list[str] = []
    try:
        pdf = pdfplumber.open(BytesIO(data))
    except (
        PDFSyntaxError,
        PSException,
        PdfminerException,
        ValueError,
        KeyError,
        TypeError,
    ) as error:
        raise PlanError(
            f"not a readable PDF ({error.__class__.__name__})", source=source
        ) from error
    with pdf:
        line = 0
        for number, page in enumerate(pdf.pages, start=1):
            budget.check_pdf_page(number)
            try:
                budget.check_pdf_content(content_size(page, budget.limits.pdf_page_bytes), number)
                budget.add_pdf_objects(object_count(page), number)
                tables = page.find_tables()
                if not tables:
                    text_lines.extend(laid_out_lines(page))
                    text_lines.append("")
                    continue
                for index, found in enumerate(tables, start=1):
                    rows = []
                    for row_number, values in enumerate(found.extract(), start=1):
                        line += 1
                        where = f"page {number}, table {index}, row {row_number}"
                        cells = [
                            make_cell(value or "", line=line, location=f"{where}, cell {c + 1}")
                            for c, value in enumerate(values)
                        ]
                        if any(cell.text.strip() for cell in cells):
                            budget.add_row(len(cells), where)
                            rows.append(Row(cells, line, where, line))
                    if rows:
                        document.blocks.append(Table(rows, rows[0].line, f"page {number}"))
            except (PSException, PdfminerException, ValueError, KeyError, TypeError) as error:
                raise PlanError(
                    f"page {number} could not be read ({error.__class__.__name__})",
                    source=source,
                    location=f"page {number}",
                ) from error
    if any(line.strip() for line in text_lines):
        text = read_text("\n".join(text_lines).encode("utf-8"), source, budget=budget)
        document.blocks.extend(text.blocks)
        document.warnings.extend(text.warnings)
    if not document.blocks:
        raise PlanError("the PDF has no text to read (a scanned image?)", source=source)
    return document


def content_size(page, most: int) -> int:
    """How many bytes the page's drawing instructions unpack to, counted up to ``most`` + 1
    without unpacking more (a small file can inflate to gigabytes). Streams that are not
    plainly compressed count their stored size: pdfminer reads those as they are."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    total = 0
    for item in getattr(page.page_obj, "contents", None) or []:
        stream = resolve1(item)
        if not isinstance(stream, PDFStream):
            continue
        if stream.data is not None:
            total += len(stream.data)
        elif stream.rawdata is not None:
            filters = stream.get_filters()
            flate = len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE
            if flate and stream.decipher is None:
                try:
                    unpacked = zlib.decompressobj().decompress(stream.rawdata, most + 1 - total)
                except zlib.error:
                    unpacked = stream.rawdata
                total += len(unpacked)
            else:
                total += len(stream.rawdata)
        if total > most:
            break
    return total


def object_count(page) -> int:
    """The characters and drawn objects (lines, boxes, curves, images) on a page."""
    return sum(len(objects) for objects in page.objects.values())


def laid_out_lines(page) -> list[str]:
    """A page's words as lines of text, each word at the column its position says, so that
    columns aligned on the page stay aligned; a gap wider than a space stays wide."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    if not words:
        return []
    widths = sorted((w["x1"] - w["x0"]) / len(w["text"]) for w in words if w["text"])
    char = max(widths[len(widths) // 2], 1.0)
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    result: list[str] = []
    previous_bottom = None
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        if (
            previous_bottom is not None
            and line[0]["top"] - previous_bottom > line[0]["bottom"] - line[0]["top"]
        ):
            result.append("")  # a gap of more than a line between lines: a new paragraph
        text = ""
        for word in line:
            column = round(word["x0"] / char)
            gap = max(column - len(text), 1 if text else 0)
            text += " " * gap + word["text"]
        result.append(text)
        previous_bottom = line[0]["bottom"]
    return result
