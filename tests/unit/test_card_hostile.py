"""Hostile card answers: every operation ends in a typed card error (or succeeds), never
another exception and never an unbounded loop."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.card.errors import CardError
from app.card.jpki import MyNumberCard, digest_info_sha256
from app.card.pin import PinKind
from app.card.transport import CallableTransport
from backend_stub.jlis import CardProfile
from tests.fixtures.card import make_card

MAX_APDUS = 300  # far above any real operation (a login is ~15)

OPERATIONS: dict[str, Callable[[MyNumberCard], Any]] = {
    "detect": lambda c: c.detect(),
    "auth_cert": lambda c: c.read_auth_certificate(),
    "auth_ca": lambda c: c.read_auth_ca_certificate(),
    "sign_ca": lambda c: c.read_sign_ca_certificate(),
    "sign_cert": lambda c: c.read_sign_certificate("ABC123"),
    "tries_auth": lambda c: c.pin_tries(PinKind.AUTH),
    "tries_kenhojo": lambda c: c.pin_tries(PinKind.KENHOJO),
    "verify": lambda c: c.verify(PinKind.SIGN, "ABC123"),
    "sign_auth": lambda c: c.sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32))),
    "sign_sign": lambda c: c.sign(PinKind.SIGN, "ABC123", digest_info_sha256(bytes(32))),
    "change_pin": lambda c: c.change_pin(PinKind.AUTH, "1234", "4321"),
    "text_data": lambda c: c.read_text_data("1234"),
}

SWS = [0x9000, 0x6282, 0x6100, 0x6110, 0x61FF, 0x6C00, 0x6C05, 0x63C0, 0x63C2, 0x63CF, 0x6700, 0x6982, 0x6983,
       0x6984, 0x6986, 0x6A82, 0x6B00, 0x6D00, 0x6E00, 0x6F00]  # fmt: skip

response = st.one_of(
    st.binary(max_size=300),  # random bytes (incl. fewer than 2)
    st.builds(lambda d, sw: d + sw.to_bytes(2, "big"), st.binary(max_size=300), st.sampled_from(SWS)),
    st.builds(  # plausible DER headers with absurd or wrong lengths
        lambda h, n, sw: bytes([0x30, 0x82]) + n.to_bytes(2, "big") + h + sw.to_bytes(2, "big"),
        st.binary(max_size=260),
        st.integers(0, 0xFFFF),
        st.sampled_from([0x9000, 0x6282]),
    ),
)


class Hostile:
    def __init__(self, answers: list[bytes], fallback: bytes) -> None:
        self.answers = answers
        self.fallback = fallback
        self.count = 0

    def __call__(self, command: bytes) -> bytes:
        self.count += 1
        assert self.count <= MAX_APDUS, "unbounded exchange"
        return self.answers.pop(0) if self.answers else self.fallback


def run(op: str, transport: CallableTransport) -> None:
    card = MyNumberCard(transport)
    with contextlib.suppress(CardError):
        OPERATIONS[op](card)


@settings(max_examples=60, deadline=None)
@given(op=st.sampled_from(sorted(OPERATIONS)), answers=st.lists(response, max_size=40), fallback=response)
def test_scripted_garbage_gives_only_typed_errors(op: str, answers: list[bytes], fallback: bytes) -> None:
    hostile = Hostile(answers, fallback)
    run(op, CallableTransport(hostile))


@settings(max_examples=20, deadline=None)
@given(op=st.sampled_from(sorted(OPERATIONS)), sw=st.sampled_from([0x6110, 0x6C10, 0x6101]))
def test_endless_chaining_answers_are_bounded(op: str, sw: int) -> None:
    hostile = Hostile([], sw.to_bytes(2, "big"))
    run(op, CallableTransport(hostile))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    op=st.sampled_from(sorted(OPERATIONS)),
    victim=st.integers(0, 20),
    mutation=st.sampled_from(["truncate", "flip", "sw", "extend", "empty"]),
    byte=st.integers(0, 255),
    where=st.integers(0, 2000),
)
def test_one_corrupted_answer_from_a_real_card_gives_only_typed_errors(
    demo_profile: CardProfile, op: str, victim: int, mutation: str, byte: int, where: int
) -> None:
    vc = make_card(demo_profile)
    seen = 0

    def corrupting(command: bytes) -> bytes:
        nonlocal seen
        seen += 1
        assert seen <= MAX_APDUS
        resp = vc.transmit(command)
        if seen - 1 != victim:
            return resp
        if mutation == "truncate":
            return resp[: where % (len(resp) + 1)]
        if mutation == "flip":
            i = where % len(resp)
            return resp[:i] + bytes([resp[i] ^ (byte or 1)]) + resp[i + 1 :]
        if mutation == "sw":
            return resp[:-2] + bytes([byte, where & 0xFF])
        if mutation == "extend":
            return resp[:-2] + bytes([byte]) * (where % 600) + resp[-2:]
        return b""

    run(op, CallableTransport(corrupting))


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_every_operation_succeeds_on_a_well_behaved_card(demo_profile: CardProfile, op: str) -> None:
    vc = make_card(demo_profile)
    OPERATIONS[op](MyNumberCard(CallableTransport(vc.transmit, vc.atr)))
