"""The card in the reader, as the resident meets it: the reader hub (readers and cards, live),
PIN entry (dialog, on-screen keypad, change), the one PIN flow the login, the card screen and
the wizard share, and the card's life (its end dates and what to do before them)."""
