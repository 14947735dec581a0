"""Large generated plans in the formats users bring: CSV, XLSX, DOCX."""

import calendar
import csv
import random
from pathlib import Path

MONTHS = list(calendar.month_name)[1:]  # January … December
FIRST = ["John", "Sue", "Dwayne", "Amira", "Tom", "Priya", "Gareth", "Helen", "Kofi", "Mary"]
LAST = ["Bennett", "Lightup", "Johnson", "Khan", "Evans", "Patel", "Jones", "Smith", "Mensah"]
TEAMS = ["Commissioning Teams", "Finance Team", "Housing Service", "Public Health Team"]
PROGRESS = [
    "Completed",
    "Discussions under way",
    "Workshop being organised",
    "",
    "In progress - to be included in Section 31 agreement",
    "Draft Section 31 to Board March",
]
HEADER = ["Ref", "Action", "Timescale", "Responsibility", "Progress to Date – March 2008"]


def rows(count: int, seed: int = 2008):
    """``count`` action-plan rows, the same every run."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        owners = " ".join(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2))
        if rng.random() < 0.3:
            owners += f", {rng.choice(TEAMS)}"
        yield [
            f"A{number}",
            f"Action {number}: agree and publish commissioning element {number}.",
            f"{rng.choice(MONTHS)} {rng.choice([2008, 2009, 2010])}",
            owners,
            rng.choice(PROGRESS),
        ]


def write_csv(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(count))
    return path


def write_xlsx(path: Path, count: int) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Action plan")
    sheet.append(HEADER)
    for row in rows(count):
        sheet.append(row)
    workbook.save(path)
    return path


def write_docx(path: Path, count: int) -> Path:
    from docx import Document

    document = Document()
    document.add_heading("Commissioning action plan", level=1)
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in rows(count):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.save(path)
    return path
