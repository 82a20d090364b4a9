"""Reusable widgets and Qt adapters of the login flow and the card screen."""
