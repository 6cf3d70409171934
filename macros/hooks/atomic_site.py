"""MkDocs hook: a failed build leaves the previous ``site/`` untouched.

MkDocs builds into a staging folder next to ``site_dir``; only a build that reached its
end without error (and, with ``--strict``, without warning) replaces ``site_dir`` with
it. Anything else deletes the staging folder and keeps the old site.
"""

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.plugins import event_priority

_state = {}


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


@event_priority(-100)  # after every other on_config, once site_dir is final
def on_config(config):
    target = Path(config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    _state.update(target=target, staging=staging, counter=counter, strict=config.strict)
    config.site_dir = str(staging)
    return config


def _finish(keep):
    if not _state:
        return
    target, staging, counter = _state["target"], _state["staging"], _state["counter"]
    logging.getLogger("mkdocs").removeHandler(counter)
    _state.clear()
    if keep:
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        shutil.rmtree(staging, ignore_errors=True)


@event_priority(-100)  # last post-build step: every artefact is in place
def on_post_build(config):
    failed = _state.get("strict") and _state["counter"].count > 0
    if not failed:
        config.site_dir = str(_state["target"])
    _finish(keep=not failed)


def on_build_error(error):
    _finish(keep=False)


def on_shutdown():
    _finish(keep=False)  # a build interrupted before post_build
