"""APDUs and client time for a login signature and for reading every certificate, against
the in-process virtual card, next to the protocol minimum.

Run: .venv/bin/python bench/card_apdus.py

Protocol minimum (short APDUs, Le <= 256, per reference/jpki-card-protocol.md):
  login = SELECT JPKI AP (1) + SELECT EF 000A (1) + ceil(len(auth cert) / 256) READ BINARY
          + SELECT PIN EF 0018 (1) + VERIFY (1) + SELECT key EF 0017 (1) + SIGN 80 2A (1)
        = 6 + ceil(n / 256). The certificate length comes from its DER header, which is in
          the first 256-byte read, so no APDU is spent on the header alone.
  login as the UI runs it also shows the tries left before PIN entry (DESIGN §4):
        + VERIFY without data (1) after the same SELECT 0018 (no extra SELECT) = 7 + ceil(n/256)
          (so: read the certificate first, then the tries, then sign);
        and identifying the card (SELECT AP is shared; + SELECT 0006 + READ token) = + 2.
  all certificates = SELECT AP (1) + for each of 000A, 000B, 0002, 0001: SELECT EF (1)
        + ceil(len / 256) READ; the signing certificate also needs SELECT 001B + VERIFY (2).
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.serialization import Encoding

from app.card.jpki import MyNumberCard, digest_info_sha256
from app.card.pin import PinKind
from app.card.transport import CallableTransport
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS, CardHolder, make_my_number

RUNS = 20


def reads(n: int) -> int:
    return -(-n // 256)


def measure(
    card_factory: Callable[[], tuple[MyNumberCard, Any]], op: Callable[[MyNumberCard], Any]
) -> tuple[int, float, float]:
    """(APDUs, median total ms, median card ms) over RUNS fresh cards."""
    totals, card_times, count = [], [], 0
    for _ in range(RUNS):
        card, timer = card_factory()
        t0 = time.perf_counter()
        op(card)
        totals.append((time.perf_counter() - t0) * 1000)
        card_times.append(timer["ms"])
        count = card.apdu_count
    return count, statistics.median(totals), statistics.median(card_times)


def main() -> None:
    import datetime

    jlis = JLIS(Path(tempfile.mkdtemp(prefix="bench-jlis-")))
    holder = CardHolder(
        resident_id="r-bench",
        my_number=make_my_number("r-bench"),
        name="佐藤 花子",
        address="埼玉県新座市東北二丁目36番11号",
        birth_date=datetime.date(1985, 4, 1),
        sex="2",
    )
    profile = jlis.issue_card(holder, auth_pin="1234", sign_pin="ABC123", kenhojo_pin="1234")

    def factory() -> tuple[MyNumberCard, Any]:
        vc = VirtualCard(profile)
        timer = {"ms": 0.0}

        def timed(command: bytes) -> bytes:
            t0 = time.perf_counter()
            try:
                return vc.transmit(command)
            finally:
                timer["ms"] += (time.perf_counter() - t0) * 1000

        return MyNumberCard(CallableTransport(timed, vc.atr, "bench")), timer

    digest = digest_info_sha256(hashlib.sha256(b"M").digest())

    def der_len(cert: Any) -> int:
        return len(cert.public_bytes(Encoding.DER))

    n_auth = der_len(profile.auth_cert)

    def login_bare(card: MyNumberCard) -> None:
        with card.session():
            card.read_auth_certificate()
            card.sign(PinKind.AUTH, "1234", digest)

    def login_ui(card: MyNumberCard) -> None:
        with card.session():
            card.detect()
            card.read_auth_certificate()
            card.pin_tries(PinKind.AUTH)  # after the certificate: EF 0018 stays selected for VERIFY
            card.sign(PinKind.AUTH, "1234", digest)

    def all_certs(card: MyNumberCard) -> None:
        with card.session():
            card.read_auth_certificate()
            card.read_auth_ca_certificate()
            card.read_sign_ca_certificate()
            card.read_sign_certificate("ABC123")

    sizes = [
        der_len(c) for c in (profile.auth_cert, profile.auth_ca_cert, profile.sign_ca_cert, profile.sign_cert)
    ]
    rows = [
        ("login (cert + sign)", login_bare, 6 + reads(n_auth)),
        ("login as the UI runs it (+detect, +tries)", login_ui, 6 + reads(n_auth) + 1 + 2),
        ("all four certificates", all_certs, 1 + 4 + sum(reads(s) for s in sizes) + 2),
    ]
    print(f"virtual card, auth certificate {n_auth} bytes; median of {RUNS} runs")
    print(f"{'operation':44} {'APDUs':>5} {'minimum':>7} {'total ms':>9} {'card ms':>8} {'client ms':>9}")
    for name, op, minimum in rows:
        count, total, card_ms = measure(factory, op)
        print(f"{name:44} {count:5d} {minimum:7d} {total:9.2f} {card_ms:8.2f} {total - card_ms:9.2f}")


if __name__ == "__main__":
    main()
