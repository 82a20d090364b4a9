"""app.tls: the client's TLS context loses no socket when the backend resets the connection."""

from __future__ import annotations

import gc
import select
import socket
import ssl
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.portal import PortalClient, TlsError
from app.tls import client_context


@pytest.fixture
def reset_connection() -> Iterator[socket.socket]:
    """A client socket whose peer has already answered with a TCP reset (a killed backend
    behind a relay, a refusing proxy), and which has seen the reset."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        accepted.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        accepted.close()
        readable, _, _ = select.select([client], [], [], 5)
        assert readable, "the reset never arrived"
        try:
            yield client
        finally:
            client.close()


def test_a_reset_before_the_handshake_is_an_error_and_leaves_no_open_socket(reset_connection: socket.socket) -> None:
    context = client_context(None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ConnectionResetError):
            context.wrap_socket(reset_connection, server_hostname="localhost")
        gc.collect()
    leaked = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaked == []


def test_the_context_trusts_the_given_ca_and_checks_the_host_name(tmp_path: Path) -> None:
    context = client_context(None)
    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)
    one_ca = client_context(_self_signed_ca(tmp_path))
    # Exactly the one CA: the system's store is not added to a context built on a CA file.
    assert len(one_ca.get_ca_certs()) == 1


def test_an_unreadable_ca_file_is_a_tls_error_for_the_portal_client(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"
    with PortalClient("https://127.0.0.1:9", str(missing)) as client, pytest.raises(TlsError):
        client.health()


def _self_signed_ca(tmp_path: Path) -> Path:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "ca.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path
