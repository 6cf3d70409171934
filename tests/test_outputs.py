"""Every fiche in every output, checked after the build (guide_nr.postbuild.outputs)."""

import csv
import io
import shutil

from conftest import REPO
from guide_nr.postbuild.outputs import check_outputs
from guide_nr.postbuild.typography import french_text
from guide_nr.sources.project import load_project


def test_the_built_guide_has_every_fiche_everywhere(built_site):
    guide = load_project(REPO).load()
    assert check_outputs(built_site, guide, tuple(french_text(f.title) for f in guide.fiches)) == []


def test_a_fiche_missing_from_any_output_is_named(built_site, tmp_path):
    guide = load_project(REPO).load()
    ids = [f.id for f in guide.fiches]  # published ones: a fork hides some
    page, card, row, bookmark = (ids[len(ids) * k // 4 - 1] for k in (4, 1, 2, 3))
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    catalogue = site / "catalogue" / "index.html"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(f'data-fiche="{card}"', f'data-x="{card}"'), encoding="utf-8")
    table = site / "donnees" / "fiches.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig")), delimiter=";"))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(line for line in rows if line[0] != row)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    shutil.rmtree(site / "fiches" / page)
    faults = check_outputs(site, guide, tuple(french_text(f.title) for f in guide.fiches if f.id != bookmark))
    assert f"pages des fiches : manquent {page}" in faults
    assert f"catalogue : manquent {card}" in faults
    assert f"fiches.csv : manquent {row}" in faults
    assert f"PDF (signets) : manquent {bookmark}" in faults
