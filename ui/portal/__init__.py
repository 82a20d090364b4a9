"""The portal screens' building blocks (services A, B, C, D, F after login): item models over
the portal API, the history chart, export, the payment and delivery dialogs, notice push.

Screens live in ``ui/screens/`` (history, self_info, notices, home); this package holds what
they share. Nothing here talks HTTP on the Qt thread: every call goes through
:class:`ui.portal.access.PortalAccess` (handed to each screen by the composition root) and
runs on the portal client's thread pool.
"""
