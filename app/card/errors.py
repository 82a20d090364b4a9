"""Typed card errors.

Every failure of the card layer is one of these. Each carries a stable machine-readable
``code`` that the UI and the CLI turn into words; the exception text itself never contains
a PIN, personal data or raw APDU payloads, only codes, status words and PC/SC result codes.
"""

# The error names are the contract the UI and the CLI were given; they read as outcomes.
# ruff: noqa: N818

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from app.card.jpki import TextIntegrity
    from app.card.pin import PinKind


class CardError(Exception):
    """Base class of every error the card layer raises."""

    code: ClassVar[str] = "card_error"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(f"{self.code}: {detail}" if detail else self.code)


class SmartcardServiceUnavailable(CardError):
    """The PC/SC service (pcscd, or the Windows Smart Card service) is not running."""

    code = "service_unavailable"


class NoReader(CardError):
    """No card reader is connected (or the named reader is not there)."""

    code = "no_reader"


class NoCard(CardError):
    """The reader has no card in it."""

    code = "no_card"


class NotMyNumberCard(CardError):
    """A card is present but it is not a My Number Card.

    ``kind`` tells which card it is when known: ``jukicard`` (the older resident card),
    ``smartphone``, or ``unknown``.
    """

    code = "not_mynumber_card"

    def __init__(self, kind: str = "unknown") -> None:
        self.kind = kind
        super().__init__(kind)


class CardRemovedDuringOperation(CardError):
    """The card (or its reader) went away during the operation. The error of a conversation cut
    short; the monitor reports a removal as such with its ``CardRemoved`` event
    (:mod:`app.card.monitor`)."""

    code = "card_removed"


class CardReset(CardError):
    """Another program (or the reader) reset the card during the operation.

    The card layer retries once from SELECT; this surfaces only if that retry fails too.
    """

    code = "card_reset"


class WrongPin(CardError):
    """The PIN was wrong; ``tries_left`` tries remain (at least 1)."""

    code = "wrong_pin"

    def __init__(self, pin_kind: PinKind, tries_left: int) -> None:
        self.pin_kind = pin_kind
        self.tries_left = tries_left
        super().__init__(f"{pin_kind.value} tries_left={tries_left}")


class PinBlocked(CardError):
    """The PIN is blocked (its retry counter is 0). The UI says where it can be reset."""

    code = "pin_blocked"

    def __init__(self, pin_kind: PinKind) -> None:
        self.pin_kind = pin_kind
        super().__init__(pin_kind.value)


class PinFormatError(CardError):
    """The PIN does not have the card's format; nothing was sent to the card.

    ``rule`` is one of ``length``, ``charset`` or ``mix`` (a new signing password without
    both a letter and a digit).
    """

    code = "pin_format"

    def __init__(self, pin_kind: PinKind, rule: str) -> None:
        self.pin_kind = pin_kind
        self.rule = rule
        super().__init__(f"{pin_kind.value} {rule}")


class CertificateNotReadable(CardError):
    """A certificate EF could not be read or does not hold a well-formed DER object."""

    code = "certificate_not_readable"


class TextIntegrityFailed(CardError):
    """The card-face text (券面事項入力補助AP) does not match the hashes the card keeps for it
    in EF 0003, or that record is unusable. The text is withheld: it must not be shown or used
    as the card's.

    ``integrity`` is ``TextIntegrity.MISMATCH`` (EF 0001 or EF 0002 differs from what was
    recorded when the card was written) or ``TextIntegrity.MALFORMED`` (EF 0003 is not a
    record this client can read).
    """

    code = "text_integrity_failed"

    def __init__(self, integrity: TextIntegrity) -> None:
        self.integrity = integrity
        super().__init__(integrity.value)


class UnsupportedCommand(CardError):
    """The card or the reader refused a command as unsupported (6D00, 6E00, 6A81 ...)."""

    code = "unsupported_command"

    def __init__(self, sw: int) -> None:
        self.sw = sw
        super().__init__(f"sw={sw:04X}")


class NoSigningCertificate(CardError):
    """The card carries no 署名用電子証明書 (its EFs are absent): a card issued to a child under 15
    has none (src:fukuchiyama-jpki-age). Login with the 利用者証明用 one still works."""

    code = "no_signing_certificate"


class CardProtocolError(CardError):
    """The card answered something the protocol does not allow at this point."""

    code = "protocol_error"

    def __init__(self, reason: str = "", sw: int | None = None) -> None:
        self.reason = reason
        self.sw = sw
        parts = [p for p in (reason, f"sw={sw:04X}" if sw is not None else "") if p]
        super().__init__(" ".join(parts))


class Cancelled(CardError):
    """The operation was cancelled before it reached the card (or the worker shut down)."""

    code = "cancelled"


__all__ = [
    "Cancelled",
    "CardError",
    "CardProtocolError",
    "CardRemovedDuringOperation",
    "CardReset",
    "CertificateNotReadable",
    "NoCard",
    "NoReader",
    "NotMyNumberCard",
    "PinBlocked",
    "PinFormatError",
    "SmartcardServiceUnavailable",
    "TextIntegrityFailed",
    "UnsupportedCommand",
    "WrongPin",
]
