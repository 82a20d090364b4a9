"""X.509 pieces shared by the stub's certificate authorities (the J-LIS CAs and the local TLS CA)."""

from __future__ import annotations

from cryptography import x509

# A CA key signs certificates and CRLs and nothing else. RFC 5280 §4.2.1.3: mark it critical.
CA_KEY_USAGE = x509.KeyUsage(
    digital_signature=False,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=True,
    crl_sign=True,
    encipher_only=False,
    decipher_only=False,
)
