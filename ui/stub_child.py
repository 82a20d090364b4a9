"""Runs the bundled stub backend as a child of the GUI (``python -m ui.stub_child serve ...``).

On Linux it first asks the kernel to terminate it when the GUI process dies, so a crashed
or killed GUI never leaves a demo server behind. It then hands over to ``backend_stub``'s
command line unchanged.
"""

from __future__ import annotations

import runpy
import signal
import sys


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


if __name__ == "__main__":
    _die_with_parent()
    sys.argv[0] = "backend_stub"
    runpy.run_module("backend_stub", run_name="__main__", alter_sys=True)
