"""The card image (backend_stub.card.image): a card loaded from the plain image J-LIS writes at
issuance answers exactly as the card built from the full profile (same EFs, same signatures,
same status words), and loading it needs no cryptography."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

from backend_stub.card import VirtualCard
from backend_stub.card.image import IMAGE_FILE, load_card_image
from backend_stub.jlis import JLIS, CardProfile
from tests.fixtures.card import DEMO_PINS, holder

REPO = pathlib.Path(__file__).resolve().parents[2]
SHA256_PREFIX = bytes.fromhex("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20")

# One conversation with a card: selects, reads (some refused), PIN tries, signatures, a bad APDU.
SCRIPT = [
    "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01",
    "00 A4 02 0C 02 00 0A",
    "00 B0 00 00 00",
    "00 B0 04 00 00",
    "00 A4 02 0C 02 00 0B",
    "00 B0 00 00 00",
    "00 A4 02 0C 02 00 06",
    "00 B0 00 00 00",
    "00 A4 02 0C 02 00 01",
    "00 B0 00 00 00",
    "00 A4 02 0C 02 00 18",
    "00 20 00 80",
    "00 20 00 80 04 31 31 31 31",
    "00 20 00 80 04 31 32 33 34",
    "00 A4 02 0C 02 00 17",
    "80 2A 00 80 33 " + (SHA256_PREFIX + hashlib.sha256(b"challenge").digest()).hex(),
    "00 A4 02 0C 02 00 1B",
    "00 20 00 80 06 41 42 43 31 32 33",
    "00 A4 02 0C 02 00 01",
    "00 B0 00 00 00",
    "00 B0 00 00 00 00 00",
    "80 2A 00 9A 33 " + (SHA256_PREFIX + hashlib.sha256(b"document").digest()).hex(),
    "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08",
    "00 A4 02 0C 02 00 05",
    "00 B0 00 00 00",
    "00 A4 02 0C 02 00 01",
    "00 B0 00 00 00",
    "00 A4 02 0C 02 00 11",
    "00 20 00 80 04 31 32 33 34",
    "00 A4 02 0C 02 00 01",
    "00 B0 00 00 00",
    "00 A4 02 0C 02 00 02",
    "00 B0 00 00 00",
    "00 A4 02 0C 02 00 03",
    "00 B0 00 00 00",
    "00 A4 04 0C",
    "84 A4 00 00",
    "00 CA 00 00 00",
]


def _replay(card: VirtualCard) -> list[bytes]:
    return [card.transmit(bytes.fromhex(apdu)) for apdu in SCRIPT]


@pytest.fixture
def issued(tmp_path: pathlib.Path) -> tuple[JLIS, CardProfile]:
    jlis = JLIS(tmp_path)
    return jlis, jlis.issue_card(holder("r-image-sato"), **DEMO_PINS)


def test_issuance_writes_the_image(issued: tuple[JLIS, CardProfile]) -> None:
    _, profile = issued
    assert profile.card_dir is not None
    doc = json.loads((profile.card_dir / IMAGE_FILE).read_text())
    assert set(doc["keys"]) == {"auth", "sign"}
    assert int(doc["keys"]["auth"]["n"], 16) == profile.auth_key.private_numbers().public_numbers.n
    assert set(doc["kenhojo"]) == {"0001", "0002", "0003", "0005"}


def test_the_image_card_answers_as_the_profile_card(issued: tuple[JLIS, CardProfile]) -> None:
    jlis, profile = issued
    from_image = _replay(VirtualCard(load_card_image(jlis.data_dir, "r-image-sato")))
    from_profile = _replay(VirtualCard(profile))
    assert from_image == from_profile
    assert any(len(r) == 258 and r[-2:] == b"\x90\x00" for r in from_image)  # signatures were made
    assert {r[-2:] for r in from_image} >= {b"\x90\x00", b"\x63\xc2", b"\x69\x82", b"\x6d\x00"}


def test_image_efs_equal_the_profile_efs(issued: tuple[JLIS, CardProfile]) -> None:
    jlis, profile = issued
    a, b = VirtualCard(load_card_image(jlis.data_dir, "r-image-sato")), VirtualCard(profile)
    assert a._files == b._files


def test_a_card_without_an_image_gets_one_written(issued: tuple[JLIS, CardProfile]) -> None:
    jlis, profile = issued
    assert profile.card_dir is not None
    image_path = profile.card_dir / IMAGE_FILE
    written = image_path.read_bytes()
    image_path.unlink()
    with pytest.raises(FileNotFoundError):
        load_card_image(jlis.data_dir, "r-image-sato")
    image = JLIS(jlis.data_dir).card_image("r-image-sato")
    assert image_path.read_bytes() == written
    assert image == load_card_image(jlis.data_dir, "r-image-sato")


@pytest.mark.parametrize("resident_id", ["r-nobody", "", ".hidden", "a/b"])
def test_unknown_card(issued: tuple[JLIS, CardProfile], resident_id: str) -> None:
    jlis, _ = issued
    with pytest.raises(KeyError):
        load_card_image(jlis.data_dir, resident_id)
    with pytest.raises(KeyError):
        jlis.card_image(resident_id)


def test_loading_and_using_an_image_card_imports_no_cryptography(issued: tuple[JLIS, CardProfile]) -> None:
    jlis, _ = issued
    code = (
        "import sys, pathlib\n"
        "from backend_stub.card import VirtualCard\n"
        "from backend_stub.card.image import load_card_image\n"
        f"card = VirtualCard(load_card_image(pathlib.Path({str(jlis.data_dir)!r}), 'r-image-sato'))\n"
        "for a in ['00A4040C0AD392F000260100000001', '00A4020C020018', '002000800431323334',\n"
        "          '802A009703010203']:\n"
        "    assert card.transmit(bytes.fromhex(a))[-2:] == b'\\x90\\x00', a\n"
        "print(sorted(m for m in sys.modules if m.startswith(('cryptography', 'backend_stub.jlis'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
