"""``python -m bench``: every DESIGN.md §9 budget next to its floor, as a markdown table (bench/run.py)."""

from bench.run import main

raise SystemExit(main())
