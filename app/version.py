"""The application's version: the single place it is written.

``pyproject.toml`` reads it (``[tool.setuptools.dynamic]``), ``mynadesk --version`` prints it,
the frozen build (build.spec) and the About text show it.
"""

__version__ = "0.1.0"
