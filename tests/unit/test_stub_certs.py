"""The stub's CAs (J-LIS auth and sign, the local TLS CA) sign certificates and CRLs only."""

from __future__ import annotations

import pathlib

from cryptography import x509

from backend_stub.jlis import JLIS
from backend_stub.server.tls import ensure_tls


def test_every_stub_ca_has_the_same_critical_ca_key_usage(jlis: JLIS, tmp_path: pathlib.Path) -> None:
    tls_ca = x509.load_pem_x509_certificate(ensure_tls(tmp_path).ca_file.read_bytes())
    for ca in (jlis.auth_ca_cert, jlis.sign_ca_cert, tls_ca):
        extension = ca.extensions.get_extension_for_class(x509.KeyUsage)
        assert extension.critical
        usage = extension.value
        granted = {
            name
            for name in ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                         "key_agreement", "key_cert_sign", "crl_sign")
            if getattr(usage, name)
        }
        assert granted == {"key_cert_sign", "crl_sign"}
