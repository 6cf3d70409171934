"""Runs of words our prose shares with the source documents: the test that prose stays our own.

The guide retells facts from published documents (guide v1, ministry plans, workshop decks);
it must never copy their sentences. This finds, for each piece of our prose, the longest runs of
consecutive words that also occur in a source document, after normalising case, accents,
apostrophes and punctuation. Titles of laws and publications are quoted on purpose: they are
left out by the caller (reference titles) or by ``QUOTED`` (a title written inside the prose).

    python tests/support/originality.py FILE…     # prints every run of RUN_LIMIT words or more
    python tests/support/originality.py --digest  # rewrites tests/data/source-runs.txt.gz from the sources

Why hand-written: plagiarism tools compare whole documents or need a service; this is twenty
lines over word n-grams.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

#: The source documents, where the workplace has them (not in the repository: they are not ours).
SOURCES = Path(__file__).resolve().parents[3] / "shared" / "seeds"
#: What the repository keeps instead: a short hash of every run of RUN_LIMIT words of the
#: sources (no text), so the check runs in any clone. ``--digest`` rewrites it from SOURCES.
DIGEST = Path(__file__).resolve().parents[1] / "data" / "source-runs.txt.gz"
#: Shared runs this long or longer are copying (the audit found runs of 14 to 19 words).
RUN_LIMIT = 10
#: Official titles quoted in prose (laws, decrees, publications): not counted as copying.
QUOTED = re.compile(
    r"(?:loi|décret|arrêté|ordonnance|directive|règlement)\s+(?:\(UE\)\s+)?n°\s*[\d-]+(?:/\d+)?(?:/UE)?\s+du\s+\d+\w*\s+\w+\s+\d{4}"
    r"(?:\s+(?:relative?|portant|pris|sur|visant|modifiant)[^.;:()]*)?"
    r"|«[^»]{0,200}»"
    r"|ministère de la Transition écologique et de la Cohésion des territoires"
    r"|Guide de bonnes pratiques numérique responsable pour les organisations",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\]\([^)]*\)|https?://\S+|<[^>]+>|\{[^}]*\}", " ", text)  # link targets, addresses, tags
    return re.findall(r"[a-z0-9]+", text)


def _key(gram: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(gram).encode()).hexdigest()[:12]


def _grams_of_sources() -> set[str]:
    grams = set()
    for path in sorted(SOURCES.glob("*")):
        tokens = words(path.read_text(encoding="utf-8", errors="replace"))
        grams.update(_key(tuple(tokens[i:i + RUN_LIMIT])) for i in range(len(tokens) - RUN_LIMIT + 1))
    return grams


@lru_cache(maxsize=1)
def source_grams() -> frozenset[str]:
    """Hashes of the sources' runs: from the documents when present, else from the digest."""
    if SOURCES.is_dir():
        return frozenset(_grams_of_sources())
    return frozenset(gzip.decompress(DIGEST.read_bytes()).decode().split())


def write_digest() -> int:
    grams = _grams_of_sources()
    DIGEST.write_bytes(gzip.compress("\n".join(sorted(grams)).encode() + b"\n", mtime=0))
    return len(grams)


def copied_runs(text: str) -> list[str]:
    """Runs of at least ``RUN_LIMIT`` words of ``text`` found word for word in a source document."""
    tokens = words(QUOTED.sub(" § ", text))
    grams = source_grams()
    hits = [i for i in range(len(tokens) - RUN_LIMIT + 1) if _key(tuple(tokens[i:i + RUN_LIMIT])) in grams]
    runs, start, end = [], None, None
    for i in hits:
        if start is not None and i <= end:
            end = i + RUN_LIMIT
            continue
        if start is not None:
            runs.append(" ".join(tokens[start:end]))
        start, end = i, i + RUN_LIMIT
    if start is not None:
        runs.append(" ".join(tokens[start:end]))
    return runs


def main(paths: list[str]) -> int:
    import yaml

    sys.path.insert(0, str(Path(__file__).parent))
    from typography import prose_of

    count = 0
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        pieces = list(prose_of(yaml.safe_load(text))) if path.endswith((".yml", ".yaml")) else [("", text)]
        for field, prose in pieces:
            for run in copied_runs(prose):
                print(f"{path} {field} : {len(run.split())} mots repris d’une source : « {run} »")
                count += 1
    return 1 if count else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--digest"]:
        print(f"{write_digest()} passages écrits dans {DIGEST}")
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
