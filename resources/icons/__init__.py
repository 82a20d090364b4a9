"""icons resources."""
