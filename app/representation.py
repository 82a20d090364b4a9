"""代理人 registration: the logged-in resident becomes the 代理人 of the person whose card is read next.

The real portal needs both cards (src:anjo-passport-miseinen): the 代理人 is logged in with their
own, and the represented person's card proves itself as at a login, with its 利用者証明用 key and
4-digit PIN (for a child under 15 the PIN the 法定代理人 set; src:fukuchiyama-jpki-age). The challenge
is fetched only after that PIN is entered, as for a login (app.login), and is spent by the one
attempt. Outcomes are codes (``app/`` words nothing): the grant, or the backend's refusal code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from app.login import AsyncAuthSigner, AuthSigner, LoginFlow
from app.portal import models as m
from app.portal.client import PortalClient
from app.portal.errors import RequestRejected, ValidationFailed

#: Refusals the backend answers to a registration (docs/api.md "代理人"), each one a rule.
REFUSAL_CODES = frozenset({
    "self_grant", "not_a_minor", "relationship_not_confirmed", "principal_is_a_minor", "bad_expiry",
    "bad_kind", "proxy_blocked", "already_granted",
})


@dataclass(frozen=True)
class Registered:
    grant: m.ProxyGrant


@dataclass(frozen=True)
class Refused:
    """The backend refused: ``code`` is one of :data:`REFUSAL_CODES`, or ``principal_<login code>``
    when the represented person's card did not prove itself."""

    code: str


RegistrationOutcome = Registered | Refused


class RegisterProxy:
    """Registers the logged-in resident as 代理人 (``kind``) of the card holder ``signer`` speaks for."""

    def __init__(self, client: PortalClient) -> None:
        self._client = client
        self._flow = LoginFlow(client)

    def run(self, signer: AuthSigner, kind: m.GrantKind, expires_on: datetime.date | None = None) -> RegistrationOutcome:
        certificate = signer.certificate()
        prepared = self._flow.fetch_challenge()
        signature = signer.sign(prepared.digest_info)
        return self._register(kind, prepared.challenge.challenge_id, prepared.origin, certificate, signature,
                              expires_on)

    async def run_async(
        self, signer: AuthSigner | AsyncAuthSigner, kind: m.GrantKind, expires_on: datetime.date | None = None
    ) -> RegistrationOutcome:
        certificate = await self._flow._signer_call(signer.certificate)
        prepared = await self._client.run(self._flow.fetch_challenge)
        signature = await self._flow._signer_call(signer.sign, prepared.digest_info)
        return await self._client.run(self._register, kind, prepared.challenge.challenge_id, prepared.origin,
                                      certificate, signature, expires_on)

    def _register(self, kind: m.GrantKind, challenge_id: str, origin: str, certificate: bytes, signature: bytes,
                  expires_on: datetime.date | None) -> RegistrationOutcome:
        try:
            grant = self._client.register_proxy(kind=kind, challenge_id=challenge_id, origin=origin,
                                                certificate=certificate, signature=signature, expires_on=expires_on)
        except (ValidationFailed, RequestRejected) as exc:
            code = exc.code or ""
            if code in REFUSAL_CODES or code.startswith("principal_"):
                return Refused(code)
            raise
        return Registered(grant)
