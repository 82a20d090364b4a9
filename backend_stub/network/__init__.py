"""The stub information provision network (情報提供ネットワークシステム) and the agencies behind it.

Pure domain code over the stub's SQLite database: 別表第二 rules (``beppyo2``), agencies
(``agencies``), per-agency 符号 (``codes``), queries and 情報提供等記録 (``network``), and the
portal services built on them (history, self-info, notices, delivery, payments,
applications, catalog). The HTTP layer is ``backend_stub.server.portal_routes``.
"""
