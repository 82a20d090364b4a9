"""The fleet bench's kiosks each connect from their own loopback address, as real kiosks have their
own: the stub limits challenges and failed logins per source, so a fleet on one address would be
one client flooding it (and its figures would be 429s, not latency)."""

from __future__ import annotations

import ipaddress

from bench.fleet import kiosk_address


def test_every_kiosk_of_a_large_fleet_has_its_own_loopback_address() -> None:
    addresses = [kiosk_address(n) for n in range(2000)]
    assert len(set(addresses)) == len(addresses)
    assert all(ipaddress.ip_address(a) in ipaddress.ip_network("127.0.0.0/8") for a in addresses)
    assert "127.0.0.1" not in addresses  # left to everything else on the machine
