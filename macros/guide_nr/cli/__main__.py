"""``python -m guide_nr.cli``: the ``guide`` command."""

import sys

from guide_nr.cli import main

sys.exit(main())
