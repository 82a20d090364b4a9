#!/usr/bin/env bash
# Starts the PC/SC daemon when it is not running (needed for real readers and for the
# virtual card attached through vpcd). Needs root or sudo; says so otherwise.
set -u
if pgrep -x pcscd >/dev/null 2>&1; then exit 0; fi
# The daemon outlives this script: it must not keep open any descriptor it inherits (a lock
# file held by whoever ran the tests, e.g. `flock FILE scripts/test`, would never be released).
for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"; done
if [ "$(id -u)" -eq 0 ]; then pcscd
elif command -v systemctl >/dev/null 2>&1 && systemctl list-unit-files pcscd.socket >/dev/null 2>&1; then
  sudo systemctl start pcscd.socket pcscd.service 2>/dev/null || sudo pcscd
else
  sudo pcscd || { echo "Could not start pcscd (the smart-card service)." >&2; exit 1; }
fi
for _ in $(seq 50); do [ -S /run/pcscd/pcscd.comm ] && exit 0; sleep 0.1; done
echo "pcscd did not come up." >&2
exit 1
