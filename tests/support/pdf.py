"""A real PDF read with Poppler: rasterised with pdftoppm for the greyscale checks of the printable
documents, and cut into pages of header, body and footer text with pdftotext."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy


def coloured_pages(pdf: Path, folder: Path, resolution: int = 30) -> tuple[int, list[tuple[str, int]]]:
    """Number of pages, and the pages holding a non-grey pixel (with the widest channel spread)."""
    subprocess.run(["pdftoppm", "-r", str(resolution), str(pdf), str(folder / "page")], check=True, timeout=600)
    coloured = []
    images = sorted(folder.glob("page-*.ppm"))
    for image in images:
        data = image.read_bytes()
        header_end = 0
        for _ in range(3):  # P6, width height, maxval: three header lines
            header_end = data.index(b"\n", header_end) + 1
        pixels = numpy.frombuffer(data[header_end:], dtype=numpy.uint8).reshape(-1, 3).astype(int)
        spread = int((pixels.max(axis=1) - pixels.min(axis=1)).max())
        if spread > 2:
            coloured.append((image.name, spread))
    return len(images), coloured


@dataclass(frozen=True)
class PrintedPage:
    """One page of a PDF as text (``pdftotext -layout``), split where the page's margins are:
    the running header, the body and the running footer."""

    number: int
    header: str
    body: list[str]  # the body's lines, blank ones left out
    footer: str

    @property
    def text(self) -> str:
        """The body as one line of words."""
        return " ".join(" ".join(self.body).split())


#: Height of the header and footer bands: inside the 20 mm top and bottom margins of the print
#: stylesheet's ``@page`` (overrides/assets/stylesheets/imprimer.css), clear of the body.
MARGIN_BAND_MM = 15


def printed_pages(pdf: Path, band_mm: float = MARGIN_BAND_MM) -> list[PrintedPage]:
    """Every page of ``pdf``, cut into header, body and footer by three crops of ``pdftotext``."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=600).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    width, height = (round(float(value)) for value in size.groups())
    band = round(band_mm * 72 / 25.4)

    def crop(top: int, tall: int) -> list[str]:
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-x", "0", "-y", str(top), "-W", str(width), "-H", str(tall),
                               str(pdf), "-"], capture_output=True, text=True, check=True, timeout=600).stdout
        pages = text.split("\f")
        return pages[:-1] if pages and not pages[-1].strip() else pages

    headers, bodies, footers = crop(0, band), crop(band, height - 2 * band), crop(height - band, band)
    assert len(headers) == len(bodies) == len(footers), (len(headers), len(bodies), len(footers))
    return [PrintedPage(number, " ".join(header.split()), [line for line in body.splitlines() if line.strip()], " ".join(footer.split()))
            for number, (header, body, footer) in enumerate(zip(headers, bodies, footers, strict=True), start=1)]
