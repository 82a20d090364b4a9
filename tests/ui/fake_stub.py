"""A fake stub server for UI tests (no network): ``fake_stub.py MODE [COUNTER_FILE]``.

- ``hang``: prints nothing and waits until terminated (a server that is still booting);
- ``fail``: prints an error on stderr and exits with status 3;
- ``missing``: fails like ``python -m`` does when backend_stub is not installed;
- ``ready``: prints URL= and CA= lines (pointing at nothing) and waits.
Each start appends a line to COUNTER_FILE when one is given.
"""

import sys

mode = sys.argv[1]
if len(sys.argv) > 2 and sys.argv[2]:
    with open(sys.argv[2], "a", encoding="utf-8") as counter:
        counter.write("start\n")
if mode == "fail":
    print("Error: address already in use", file=sys.stderr)
    sys.exit(3)
if mode == "missing":
    print(f"{sys.executable}: No module named backend_stub", file=sys.stderr)
    sys.exit(1)
if mode == "ready":
    print("URL=https://127.0.0.1:9", flush=True)
    print("CA=/nonexistent/ca.pem", flush=True)
sys.stdin.read()  # until the parent closes our stdin or terminates us
