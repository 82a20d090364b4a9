"""styles resources."""
