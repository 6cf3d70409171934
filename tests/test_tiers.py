"""The markers that sort the suite (build, browser, pdf, lent) say what each test does.

conftest.py sets them from the fixtures a test uses; a test that builds or reads a PDF by
itself carries the marker in its code. This check reads each collected test's code: a test
that calls a build or a PDF reader without its marker would escape `-m "not build"` or
`-m pdf` (and `make test-fast`).
"""

import inspect
import re

#: Code that builds a site or reads a PDF (Chromium's page.pdf, WeasyPrint's write_pdf, Poppler, pypdf).
BUILDS = re.compile(r"\b(guide_build|mkdocs_build)\(|benchmark\.py")
READS_A_PDF = re.compile(r"\bpypdf\.|\bPdfReader\b|\"pdf(info|totext|fonts|toppm)\"|\bcoloured_pages\(|\.pdf\(|\bwrite_pdf\(")


def test_every_test_that_builds_or_reads_a_pdf_carries_its_marker(request):
    missing, seen = [], set()
    for item in request.session.items:
        function = getattr(item, "function", None)
        if function is None or function is test_every_test_that_builds_or_reads_a_pdf_carries_its_marker or function in seen:
            continue
        seen.add(function)
        code = inspect.getsource(function)
        for marker, pattern in (("build", BUILDS), ("pdf", READS_A_PDF)):
            if pattern.search(code) and not item.get_closest_marker(marker):
                missing.append(f"{item.nodeid.split('[')[0]} : @pytest.mark.{marker}")
    assert missing == [], "\n".join(missing)


def test_slow_tiers_are_left_out_of_the_fast_loop(request):
    fast = [item.nodeid for item in request.session.items
            if (item.get_closest_marker("build") or item.get_closest_marker("browser")) and not item.get_closest_marker("lent")]
    assert fast == []
