"""backend_stub package."""
