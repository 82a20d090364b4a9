"""The card layer and the mynacard tool through real pcscd + vpcd + the virtual card."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from smartcard.System import readers

from app.card.errors import CardRemovedDuringOperation, WrongPin
from app.card.jpki import MyNumberCard, digest_info_sha256, find_mynumber_card
from app.card.monitor import CardEvent, CardInserted, CardRemoved, ReaderMonitor
from app.card.pin import PinKind
from app.card.transport import PcscTransport, list_readers
from backend_stub.jlis import CardProfile

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def verify_sig(cert: x509.Certificate, sig: bytes, message: bytes) -> None:
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(sig, message, padding.PKCS1v15(), hashes.SHA256())


def test_detect_read_and_sign_through_pcscd(vpcd_card: Callable[..., Any], demo_profile: CardProfile) -> None:
    attached = vpcd_card(demo_profile)
    assert any(r.name == attached.reader_name and r.card_present for r in list_readers())
    with find_mynumber_card(attached.reader_name) as card:
        assert card.atr == attached.card.atr
        cert = x509.load_der_x509_certificate(card.read_auth_certificate())
        assert cert == demo_profile.auth_cert
        assert x509.load_der_x509_certificate(card.read_auth_ca_certificate()) == demo_profile.auth_ca_cert
        sig = card.sign(PinKind.AUTH, "1234", digest_info_sha256(hashlib.sha256(b"m").digest()))
        verify_sig(cert, sig, b"m")
        sign_cert = x509.load_der_x509_certificate(card.read_sign_certificate("ABC123"))
        assert sign_cert == demo_profile.sign_cert


def test_verified_state_does_not_outlive_the_transaction(
    vpcd_card: Callable[..., Any], demo_profile: CardProfile
) -> None:
    """After a PIN operation the card is reset, so no other program inherits the PIN."""
    attached = vpcd_card(demo_profile)
    with MyNumberCard(PcscTransport(attached.reader_name)) as card:
        card.sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))
        assert not attached.card.verified
        # and the connection keeps working after our own reset
        assert card.pin_tries(PinKind.AUTH) == 3


def test_card_opens_again_right_after_a_pin_operation(
    vpcd_card: Callable[..., Any], demo_profile: CardProfile
) -> None:
    """Another program (or our own login) leaves the card powered down; opening it straight
    after must not surface a reader error while the card powers up again."""
    attached = vpcd_card(demo_profile)
    (reader,) = [r for r in readers() if str(r) == attached.reader_name]
    for _ in range(5):
        other = reader.createConnection()
        other.connect()
        other.disconnect()  # pyscard's default disposition powers the card down
        with MyNumberCard(PcscTransport(attached.reader_name)) as card:
            card.sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))
        with MyNumberCard(PcscTransport(attached.reader_name)) as card:
            card.detect()
            assert x509.load_der_x509_certificate(card.read_auth_certificate()) == demo_profile.auth_cert


def test_wrong_pin_counts_down_through_pcscd(
    vpcd_card: Callable[..., Any], demo_profile: CardProfile
) -> None:
    attached = vpcd_card(demo_profile)
    with MyNumberCard(PcscTransport(attached.reader_name)) as card:
        with pytest.raises(WrongPin) as info:
            card.verify(PinKind.AUTH, "0000")
        assert info.value.tries_left == 2
        assert card.pin_tries(PinKind.AUTH) == 2


def test_removal_mid_operation_is_card_removed(
    vpcd_card: Callable[..., Any], demo_profile: CardProfile
) -> None:
    attached = vpcd_card(demo_profile, remove_after=4)
    card = MyNumberCard(PcscTransport(attached.reader_name))

    def detect_then_read() -> bytes:
        card.detect()
        return card.read_auth_certificate()

    with pytest.raises(CardRemovedDuringOperation):
        detect_then_read()
    card.close()  # closing a connection to a pulled card is quiet


def test_monitor_sees_insertion_and_removal(vpcd_card: Callable[..., Any], demo_profile: CardProfile) -> None:
    events: list[CardEvent] = []
    inserted, removed = threading.Event(), threading.Event()

    def on_event(event: CardEvent) -> None:
        events.append(event)
        if isinstance(event, CardInserted) and event.reader.startswith("Virtual PCD 00 00"):
            inserted.set()
        if isinstance(event, CardRemoved) and event.reader.startswith("Virtual PCD 00 00"):
            removed.set()

    attached = vpcd_card(demo_profile)
    mon = ReaderMonitor(on_event)
    mon.start()
    try:
        assert inserted.wait(3)
        attached.detach()
        assert removed.wait(3)
    finally:
        mon.stop()


def cardtool(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli.card", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_cli_end_to_end(vpcd_card: Callable[..., Any], demo_profile: CardProfile) -> None:
    attached = vpcd_card(demo_profile)
    reader = attached.reader_name

    res = cardtool("readers", "--json")
    assert res.returncode == 0, res.stderr
    assert {"name": reader, "card_present": True} in json.loads(res.stdout)

    res = cardtool("status", "--json", "--reader", reader)
    assert res.returncode == 0, res.stderr
    status = json.loads(res.stdout)
    assert status["card"] == "mynumber"
    assert status["reader"] == reader
    assert status["pins"]["sign"] == {"tries_left": 5, "max": 5}

    res = cardtool("cert", "auth", "--pem", "--reader", reader)
    assert res.returncode == 0, res.stderr
    assert x509.load_pem_x509_certificate(res.stdout.encode()) == demo_profile.auth_cert

    digest = hashlib.sha256(b"login").digest()
    res = cardtool("sign", "auth", "--digest", digest.hex(), "--reader", reader, stdin="1234\n")
    assert res.returncode == 0, res.stderr
    verify_sig(demo_profile.auth_cert, bytes.fromhex(res.stdout.strip()), b"login")

    res = cardtool("sign", "auth", "--digest", digest.hex(), "--json", stdin="0000\n")
    assert res.returncode != 0
    assert json.loads(res.stdout)["error"] == "wrong_pin"
    assert len(res.stderr.strip().splitlines()) == 2  # the tries notice, then one error line

    res = cardtool("diagnose", "--json")
    assert res.returncode == 0, res.stderr
    diag = json.loads(res.stdout)
    assert diag["service"]["running"] is True
    assert any(r["name"] == reader and r["card"] == "mynumber" for r in diag["readers"])
