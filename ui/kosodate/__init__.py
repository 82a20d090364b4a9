"""子育てワンストップ: service search, the application wizard, signing, submission and status."""
