"""Self-test steps contributed by features. Every module in this package (and every module
under ``ui/screens/``) is imported by ``--self-test`` before it runs; register steps with
:func:`ui.selftest.register_step` at import time."""
