"""Reading a printed register's table back from the PDF (pdfplumber): where its columns are."""

from __future__ import annotations


def column_edges(page) -> list[float]:
    """x of each vertical grid line of the table on `page`, left to right (the columns' edges,
    as drawn: registers size their columns to the content)."""
    return sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})
