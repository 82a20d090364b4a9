"""Which proxy the client uses for a backend (app.proxy): the environment's HTTPS proxy,
never for loopback, and not for hosts NO_PROXY exempts."""

from __future__ import annotations

import pytest

from app.proxy import is_loopback, proxy_for

PROXY = "http://proxy.city.example:8080"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.2.1", "[::1]", "localhost", "api.localhost"])
def test_loopback_is_always_reached_directly(host: str) -> None:
    assert is_loopback(host.strip("[]"))
    assert proxy_for(f"https://{host}:8443/api/v1", {"HTTPS_PROXY": PROXY}) is None


def test_the_environments_https_proxy_carries_a_named_backend() -> None:
    assert proxy_for("https://portal.example.jp/api/v1", {"HTTPS_PROXY": PROXY}) == PROXY
    # lower case wins, as curl and urllib read it
    assert proxy_for("https://portal.example.jp", {"HTTPS_PROXY": "http://a:1", "https_proxy": PROXY}) == PROXY


def test_no_proxy_set_means_direct() -> None:
    assert proxy_for("https://portal.example.jp", {}) is None
    # an http_proxy alone does not carry https traffic
    assert proxy_for("https://portal.example.jp", {"http_proxy": PROXY}) is None


@pytest.mark.parametrize(
    ("no_proxy", "exempt"),
    [
        ("*", True),
        ("example.jp", True),
        (".example.jp", True),
        ("portal.example.jp:443", False),  # the URL's port is 8443
        ("portal.example.jp:8443", True),
        ("other.jp, example.jp", True),
        ("ample.jp", False),  # a suffix of the name, not a parent domain
        ("", False),
    ],
)
def test_no_proxy_exempts_hosts_and_their_subdomains(no_proxy: str, exempt: bool) -> None:
    env = {"HTTPS_PROXY": PROXY, "NO_PROXY": no_proxy}
    assert (proxy_for("https://portal.example.jp:8443", env) is None) is exempt
