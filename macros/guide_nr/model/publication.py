"""Who publishes the site and what its tests found: the facts behind the pages a public site
owes its readers (mentions légales, contact, accessibility statement, footer status).

:class:`Publication` comes from ``extra.guide.publication`` in ``mkdocs.yml`` (a fork fills in
its own); a missing field is shown as a visible « à compléter » and refused by a fork's strict
build. :class:`TestRun` is what the test suite recorded for these very sources
(``guide_nr.sources.test_results``): the accessibility statement prints nothing else.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields

from guide_nr.text import french_date

#: Fields a published site must fill in (French label for pages and messages).
REQUIRED = {
    "publisher": "éditeur du site",
    "publisher_address": "adresse de l’éditeur",
    "director": "directeur ou directrice de la publication",
    "host": "hébergeur",
    "host_address": "adresse de l’hébergeur",
    "email": "adresse électronique de contact",
}
RGAA_VERSION = "4.1.2"
#: An e-mail address as readers type it (no « mailto: », no query, no bracketed host).
EMAIL_PATTERN = r"^[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
#: A repository address: https, no user or password before the host.
REPOSITORY_PATTERN = r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&+,;=:@/?#-]*)?$"


@dataclass(frozen=True)
class Audit:
    """A conformity audit against the RGAA (only an audit gives a conformity rate)."""

    date: _dt.date
    rate: float  # percentage of applicable criteria met
    auditor: str


@dataclass(frozen=True)
class Publication:
    publisher: str | None = None
    publisher_address: str | None = None
    director: str | None = None
    host: str | None = None
    host_address: str | None = None
    email: str | None = None
    repository: str | None = None  # where readers may open a ticket (optional)
    audit: Audit | None = None

    def missing(self) -> list[str]:
        """The required fields left empty."""
        return [name for name in REQUIRED if not getattr(self, name)]

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def compliance(publication: Publication) -> tuple[str, str]:
    """The RGAA compliance status (« non conforme », « partiellement conforme », « totalement
    conforme ») and the reason, as the official statement model defines them: without an audit
    the status is « non conforme »."""
    audit = publication.audit
    if audit is None:
        return "non conforme", "le site n’a pas encore fait l’objet d’un audit de conformité"
    when = f"audit du {french_date(audit.date)}"
    if audit.rate >= 100:
        return "totalement conforme", when
    if audit.rate >= 50:
        return "partiellement conforme", when
    return "non conforme", when


@dataclass(frozen=True)
class Check:
    """One automated check of the test suite, as recorded by the run."""

    label: str  # French, as the statement prints it
    passed: bool


@dataclass(frozen=True)
class TestRun:
    """The results of the test suite's accessibility checks on the current sources."""

    __test__ = False  # not a pytest test class, whatever its name

    date: _dt.date
    pages: int
    browser: str
    tools: tuple[str, ...]
    checks: tuple[Check, ...]

    @property
    def passed(self) -> int:
        return sum(1 for check in self.checks if check.passed)
