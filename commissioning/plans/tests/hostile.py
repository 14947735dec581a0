"""Hostile documents, built in the test that uses them: small to send, costly to read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document as WordDocument
from openpyxl import Workbook

MB = 1024 * 1024


def workbook_bytes(rows: list[list[object]], title: str = "Plan") -> bytes:
    """An ordinary .xlsx with one sheet holding ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_zip(data: bytes, name: str, change) -> bytes:
    """The package ``data`` with entry ``name`` replaced by ``change(old_text)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == name:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(entry.filename, content)
    return out.getvalue()


def whole_sheet_merged_xlsx() -> bytes:
    """A tiny workbook whose one merged range covers every cell of the sheet (A1:XFD1048576).

    Written into the sheet's XML directly: openpyxl itself would make every covered cell.
    """
    data = workbook_bytes([["Action", "Timescale"], ["Agree the budget", "April 2008"]])
    merge = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    sheet = "xl/worksheets/sheet1.xml"
    return rewrite_zip(data, sheet, lambda xml: xml.replace("</sheetData>", "</sheetData>" + merge))


def zip_bomb_docx(unzipped_mb: int = 100) -> bytes:
    """A Word document of a few hundred KB whose body unzips to about ``unzipped_mb`` MB."""
    word = WordDocument()
    word.add_paragraph("Action plan")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Action", "Timescale"
    plain = io.BytesIO()
    word.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    body = source.read("word/document.xml").decode("utf-8")
    head, tail = body.split("</w:body>")
    paragraph = "<w:p><w:r><w:t>padding padding padding padding</w:t></w:r></w:p>"
    chunk = (paragraph * (MB // len(paragraph))).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                target.writestr(entry.filename, source.read(entry.filename))
                continue
            with target.open("word/document.xml", "w", force_zip64=True) as stream:
                stream.write(head.encode("utf-8"))
                for _ in range(unzipped_mb):
                    stream.write(chunk)
                stream.write(("</w:body>" + tail).encode("utf-8"))
    return out.getvalue()


def write_big_text(path: Path, megabytes: int = 50) -> Path:
    """A tab-separated action plan of about ``megabytes`` MB, written a megabyte at a time."""
    line = b"Agree and publish the commissioning framework\tApril 2008\tHousing Team\n"
    block = line * (MB // len(line))
    with path.open("wb") as out:
        out.write(b"Action\tTimescale\tResponsibility\n")
        for _ in range(megabytes):
            out.write(block)
    return path


def nested_lists_text(depth: int = 1_000) -> bytes:
    """An action plan whose one action cell holds ``depth`` lists, each inside the last."""
    cell = "<ul><li>step" * depth + "</li></ul>" * depth
    return f"Action\tTimescale\tResponsibility\n{cell}\tApril 2008\tHousing Team\n".encode()


def deep_json(depth: int = 100_000) -> bytes:
    """A JSON body of ``depth`` opening brackets."""
    return b"[" * depth
