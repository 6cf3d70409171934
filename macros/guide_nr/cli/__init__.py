"""The ``guide`` command (``guide check``, ``guide build``, ``guide nouvelle``…)."""

from guide_nr.cli.commands import main, next_free_id

__all__ = ["main", "next_free_id"]
