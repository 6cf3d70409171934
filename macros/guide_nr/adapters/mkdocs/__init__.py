"""The MkDocs adapter: the generator (``generator``), the hooks MkDocs runs (``page_hooks``
for every render, ``build_hooks`` for ``mkdocs build``/``serve`` without ``guide build``),
the macros of ``docs/`` pages (``macros``) and the config bridge (``bridge``)."""
