"""``python -m backend_stub``: the ``mynastub`` command line."""

import sys

from backend_stub.cli import main

sys.exit(main())
