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
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    catalogue = site / "catalogue" / "index.html"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace('data-fiche="b.2"', 'data-x="b.2"'), encoding="utf-8")
    table = site / "donnees" / "fiches.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig")), delimiter=";"))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(row for row in rows if row[0] != "g.3")
    table.write_text(buffer.getvalue(), encoding="utf-8")
    shutil.rmtree(site / "fiches" / "i.8")
    faults = check_outputs(site, guide, tuple(french_text(f.title) for f in guide.fiches if f.id != "h.1"))
    assert "pages des fiches : manquent i.8" in faults
    assert "catalogue : manquent b.2" in faults
    assert "fiches.csv : manquent g.3" in faults
    assert "PDF (signets) : manquent h.1" in faults
