"""The mynacard CLI over an in-process virtual card (PINs on stdin, never argv)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import app.cli.card as cli
from app.card.errors import SmartcardServiceUnavailable
from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from backend_stub.jlis import CardProfile
from tests.fixtures.card import make_card


@pytest.fixture
def vcard(demo_profile: CardProfile, monkeypatch: pytest.MonkeyPatch) -> Any:
    vc = make_card(demo_profile)
    monkeypatch.setattr(
        cli, "open_card", lambda reader: MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual"))
    )
    return vc


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def test_status_json_shape(vcard: Any, demo_profile: CardProfile) -> None:
    rc, out, _ = run("status", "--json")
    assert rc == 0
    data = json.loads(out)
    assert data["reader"] == "Virtual"
    assert data["card"] == "mynumber"
    assert data["pins"] == {
        "auth": {"tries_left": 3, "max": 3},
        "sign": {"tries_left": 5, "max": 5},
        "kenhojo": {"tries_left": 3, "max": 3},
    }
    auth = data["certificates"]["auth"]
    assert set(auth) == {"subject", "serial", "not_before", "not_after"}
    assert int(auth["serial"], 16) == demo_profile.auth_cert.serial_number


def test_json_flag_also_works_before_the_command(vcard: Any) -> None:
    rc, out, _ = run("--json", "status")
    assert rc == 0
    assert json.loads(out)["card"] == "mynumber"


def test_cert_pem_and_out(vcard: Any, demo_profile: CardProfile, tmp_path: Path) -> None:
    rc, out, _ = run("cert", "auth", "--pem")
    assert rc == 0
    assert x509.load_pem_x509_certificate(out.encode()) == demo_profile.auth_cert
    target = tmp_path / "sign-ca.der"
    rc, out, _ = run("cert", "sign-ca", "--out", str(target))
    assert rc == 0
    assert out == ""
    assert x509.load_der_x509_certificate(target.read_bytes()) == demo_profile.sign_ca_cert


def test_cert_sign_reads_the_password_from_stdin(vcard: Any, demo_profile: CardProfile) -> None:
    rc, out, err = run("cert", "sign", "--pem", stdin="abc123\n")
    assert rc == 0
    assert x509.load_pem_x509_certificate(out.encode()) == demo_profile.sign_cert
    assert "5 of 5 tries left" in err


def test_sign_auth_digest_verifies(vcard: Any, demo_profile: CardProfile) -> None:
    digest = hashlib.sha256(b"challenge").digest()
    rc, out, _ = run("sign", "auth", "--digest", digest.hex(), stdin="1234\n")
    assert rc == 0
    key = demo_profile.auth_cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(bytes.fromhex(out.strip()), b"challenge", padding.PKCS1v15(), hashes.SHA256())


def test_wrong_pin_is_one_line_on_stderr_and_json_error(vcard: Any) -> None:
    rc, out, err = run("sign", "auth", "--digest", "00" * 32, "--json", stdin="9999\n")
    assert rc != 0
    assert json.loads(out) == {
        "error": "wrong_pin",
        "message": "Wrong user-authentication PIN: 2 tries left.",
    }
    assert err.strip().splitlines()[-1] == "mynacard: Wrong user-authentication PIN: 2 tries left."
    assert "9999" not in out + err


def test_malformed_pin_costs_no_try(vcard: Any) -> None:
    rc, out, _ = run("sign", "sign", "--digest", "00" * 32, "--json", stdin="abc\n")
    assert rc != 0
    assert json.loads(out)["error"] == "pin_format"
    assert vcard.tries["sign"] == 5


def test_bad_digest_is_refused_before_touching_the_card(vcard: Any) -> None:
    rc, out, err = run("sign", "auth", "--digest", "abcd", "--json")
    assert rc != 0
    assert json.loads(out)["error"] == "bad_digest"
    assert vcard.apdu_count == 0
    assert err.startswith("mynacard: ")


def test_missing_pin_on_stdin_is_cancelled(vcard: Any) -> None:
    rc, out, _ = run("sign", "auth", "--digest", "00" * 32, "--json", stdin="")
    assert rc != 0
    assert json.loads(out)["error"] == "cancelled"


def test_info_json(vcard: Any, demo_profile: CardProfile) -> None:
    rc, out, _ = run("info", "--json", stdin="1234\n")
    assert rc == 0
    h = demo_profile.holder
    assert json.loads(out) == {
        "my_number": h.my_number,
        "name": h.name,
        "address": h.address,
        "birth_date": h.birth_date.strftime("%Y%m%d"),
        "sex": h.sex,
        "integrity": "verified",
    }


def test_pin_change_then_new_pin_works(vcard: Any) -> None:
    rc, _, _ = run("pin", "change", "auth", stdin="1234\n4321\n")
    assert rc == 0
    rc, _, _ = run("sign", "auth", "--digest", "00" * 32, stdin="4321\n")
    assert rc == 0


def test_pin_change_refuses_a_malformed_new_pin_without_spending_a_try(vcard: Any) -> None:
    rc, out, _ = run("pin", "change", "kenhojo", "--json", stdin="1234\n12345\n")
    assert rc != 0
    assert json.loads(out)["error"] == "pin_format"
    assert vcard.pin("kenhojo") == "1234"


def test_blocked_pin_message_says_where_to_go(
    demo_profile: CardProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    vc = make_card(demo_profile, tries={"auth": 0})
    monkeypatch.setattr(cli, "open_card", lambda reader: MyNumberCard(CallableTransport(vc.transmit, vc.atr)))
    rc, out, _ = run("sign", "auth", "--digest", "00" * 32, "--json", stdin="1234\n")
    assert rc != 0
    data = json.loads(out)
    assert data["error"] == "pin_blocked"
    assert "municipal office" in data["message"]


def test_service_down_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def down(reader: str | None) -> MyNumberCard:
        raise SmartcardServiceUnavailable("establish")

    monkeypatch.setattr(cli, "open_card", down)
    rc, out, err = run("status", "--json")
    assert rc != 0
    assert json.loads(out)["error"] == "service_unavailable"
    assert "pcscd" in err


def test_pin_is_not_an_option() -> None:
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["sign", "auth", "--digest", "00" * 32, "--pin", "1234"])


def test_a_blocked_certificate_pin_names_the_kiosk_reset_and_its_conditions() -> None:
    from app.card.errors import PinBlocked
    from app.card.pin import PinKind
    from app.cli.card import message_for

    for kind in (PinKind.AUTH, PinKind.SIGN):
        text = message_for(PinBlocked(kind))
        assert "both certificates are valid" in text  # src:jpki-reset-faq
        assert "within 24 hours" in text
        assert "municipal office" in text
    assert "only be reset at your municipal office" in message_for(PinBlocked(PinKind.KENHOJO))
