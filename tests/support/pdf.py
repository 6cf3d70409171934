"""A real PDF rasterised with pdftoppm, for the greyscale checks of the printable documents."""

import subprocess
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
