"""A time budget for work whose cost depends on text someone else wrote (rendering, templates).

Python-Markdown has quadratic paths and a Jinja loop can nest; size limits catch the known
ones, this catches the rest: past the budget, :class:`TooSlow` is raised in the block.
It uses ``SIGALRM``, so it only acts in the main thread (where the build and ``guide check``
run); elsewhere the block runs unbounded.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn


class TooSlow(Exception):
    """The block ran past its time budget."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> NoReturn:
        raise TooSlow()

    previous = signal.signal(signal.SIGALRM, expired)
    remaining, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
