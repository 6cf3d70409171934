"""The PDF step reads files of the built site and nothing else: no network, no file outside."""

from __future__ import annotations

import pytest

from support.listener import Listener

pytest.importorskip("weasyprint")


@pytest.fixture
def listener():
    with Listener() as running:
        yield running


@pytest.mark.pdf
def test_layout_never_fetches_outside_the_site(tmp_path, listener):
    from guide_nr.postbuild.printing import Document, write_pdf  # noqa: F401 - Document documents the type

    outside = tmp_path / "secret.css"
    outside.write_text("body{background:red}", encoding="utf-8")
    site = tmp_path / "site"
    (site / "imprimer").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "ok.css").write_text("p{color:#000}", encoding="utf-8")
    (site / "assets" / "lien.css").symlink_to(outside)
    page = site / "imprimer" / "index.html"
    page.write_text(
        "<!DOCTYPE html><html lang=fr><head><meta charset=utf-8><title>T</title>"
        '<link rel="stylesheet" href="../assets/ok.css">'
        f'<link rel="stylesheet" href="{listener.url}/feuille.css">'
        '<link rel="stylesheet" href="../assets/lien.css">'
        f'<link rel="stylesheet" href="{outside.as_uri()}">'
        f'<link rel="attachment" href="{listener.url}/piece-jointe">'
        "</head><body><p>Texte</p>"
        f'<img src="{listener.url}/image.png" alt="">'
        f'<a rel="attachment" href="{listener.url}/secret.txt">pièce jointe</a>'
        '<img src="../../secret.css" alt="">'
        "</body></html>",
        encoding="utf-8",
    )

    class Printable:
        print_page = "imprimer/index.html"
        pdf_file = "sortie.pdf"

    result = write_pdf(site, Printable())
    assert listener.requests == []
    assert result.path.is_file()
    refused = "\n".join(result.refused)
    assert f"{listener.url}/feuille.css" in refused and f"{listener.url}/image.png" in refused
    assert outside.as_uri() in refused
    assert "ok.css" not in refused
    assert b"background" not in result.path.read_bytes()
