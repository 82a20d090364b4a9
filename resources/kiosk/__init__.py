"""Kiosk resources: an example policy file (read by tests and as documentation)."""
