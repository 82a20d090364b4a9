"""The card pulled at every step of a login and of signing an application (DESIGN.md §10).

The virtual card (in-process, through the client's card layer) goes away after answering N
APDUs, for every N over the whole sequence. Each time: the typed ``CardRemovedDuringOperation`` (never
another exception), no session and no application on the real stub over HTTPS, the draft
unchanged; and the next attempt with the card back in succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.applications import SubmitApplication
from app.card.errors import CardRemovedDuringOperation
from app.card.jpki import MyNumberCard
from app.card.pin import PinKind
from app.card.transport import CallableTransport
from app.drafts import Draft, MemoryDraftStore
from app.login import CardAuthSigner, LoginFlow
from app.portal import PortalClient
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS, CardProfile
from tests.fixtures.stub import StubServer
from tests.unit.test_forms import TODAY, nintei_values

pytestmark = pytest.mark.integration


class SignSigner:
    """The application signer over the card: 署名用 key and certificate, signing PIN."""

    def __init__(self, card: MyNumberCard, pin: str) -> None:
        self.card = card
        self.pin = pin

    def sign(self, digest_info: bytes) -> bytes:
        return self.card.sign(PinKind.SIGN, self.pin, digest_info)

    def certificate(self) -> bytes:
        return self.card.read_sign_certificate(self.pin)


def card_of(profile: CardProfile, remove_after: int | None = None) -> tuple[MyNumberCard, VirtualCard]:
    """A card that is pulled after answering ``remove_after`` APDUs (0: before the first one)."""
    vc = VirtualCard(profile, remove_after=remove_after or None)
    if remove_after == 0:
        vc.removed.set()
    return MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual PCD 00 00")), vc


def outcome_of(action: Callable[[], object]) -> str:
    try:
        action()
    except CardRemovedDuringOperation:
        return "CardRemovedDuringOperation"
    except Exception as exc:  # any other type is the failure this test looks for
        return f"{type(exc).__name__}: {exc}"
    return "completed"


def login_apdus(stub: StubServer, profile: CardProfile) -> int:
    card, vc = card_of(profile)
    with PortalClient(stub.url, str(stub.ca_file)) as client:
        LoginFlow(client).run(CardAuthSigner(card, profile.auth_pin))
        client.logout()
    return vc.apdu_count


def test_card_pulled_at_every_step_of_the_login(stub_server: StubServer) -> None:
    profile = JLIS(stub_server.data_dir).load_card("r01")
    total = login_apdus(stub_server, profile)
    outcomes: dict[int, str] = {}
    tokens: dict[int, bool] = {}
    for n in range(total):
        card, vc = card_of(profile, remove_after=n)
        with PortalClient(stub_server.url, str(stub_server.ca_file)) as client:
            outcomes[n] = outcome_of(lambda c=client, k=card: LoginFlow(c).run(CardAuthSigner(k, profile.auth_pin)))
            tokens[n] = client.has_token
        assert vc.apdu_count == n
    assert outcomes == dict.fromkeys(range(total), "CardRemovedDuringOperation")
    assert not any(tokens.values())
    # With the card back, the same resident logs in at once (no PIN try was lost for good).
    assert login_apdus(stub_server, profile) == total


def test_card_pulled_at_every_step_of_signing_an_application(
    stub_server_factory: Callable[..., StubServer], tmp_path: Path
) -> None:
    stub = stub_server_factory(data_dir=tmp_path / "stub-sign")
    profile = JLIS(stub.data_dir).load_card("r02")
    with PortalClient(stub.url, str(stub.ca_file)) as client:
        auth_card, _ = card_of(profile)
        LoginFlow(client).run(CardAuthSigner(auth_card, profile.auth_pin))
        store = MemoryDraftStore()
        draft = Draft.new("jidou-teate-nintei", "112305", nintei_values())
        store.save(draft)
        submit = SubmitApplication(store, client, today=TODAY)

        outcomes: dict[int, str] = {}
        n = 0
        while n < 100:
            card, vc = card_of(profile, remove_after=n)
            outcome = outcome_of(lambda k=card: submit.submit(draft.draft_id, SignSigner(k, profile.sign_pin)))
            if outcome == "completed":  # the card answered every APDU the signing needs
                break
            assert vc.apdu_count == n
            outcomes[n] = outcome
            # The draft is exactly as it was: same answers, same key, nothing pending.
            assert store.load(draft.draft_id) == draft
            n += 1
        assert n > 5  # the whole sequence was covered (SELECTs, VERIFY, READs, SIGN)
        assert outcomes == dict.fromkeys(range(n), "CardRemovedDuringOperation")
        assert outcome == "completed"
        (application,) = client.applications()
    assert application.form_id == "jidou-teate-nintei"


def test_card_pulled_during_signing_reaches_the_backend_with_nothing(
    stub_server_factory: Callable[..., StubServer], tmp_path: Path
) -> None:
    stub = stub_server_factory(data_dir=tmp_path / "stub-nothing")
    profile = JLIS(stub.data_dir).load_card("r02")
    with PortalClient(stub.url, str(stub.ca_file)) as client:
        auth_card, _ = card_of(profile)
        LoginFlow(client).run(CardAuthSigner(auth_card, profile.auth_pin))
        store = MemoryDraftStore()
        draft = Draft.new("jidou-teate-nintei", "112305", nintei_values())
        store.save(draft)
        card, _ = card_of(profile, remove_after=3)
        with pytest.raises(CardRemovedDuringOperation):
            SubmitApplication(store, client, today=TODAY).submit(draft.draft_id, SignSigner(card, profile.sign_pin))
        assert client.applications() == ()
