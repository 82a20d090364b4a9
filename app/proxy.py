"""Which HTTPS proxy, if any, carries the client's traffic to a backend.

A municipal network often reaches the internet only through a proxy named in the environment
(``HTTPS_PROXY``/``https_proxy``, with ``NO_PROXY`` for exceptions). The client honours those
variables and nothing else of the environment: requests' ``trust_env`` stays off, so that
``REQUESTS_CA_BUNDLE`` cannot widen the trusted CAs and netrc credentials are never sent. The
proxy only tunnels (CONNECT); TLS still runs end to end with the configured CA. Loopback is
always reached directly (the embedded demo backend, a local test server).
"""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from collections.abc import Mapping

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and the usual names of the local host."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def proxy_for(url: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The proxy URL for ``url`` from the environment's proxy variables, or None to connect
    directly (no proxy set, a loopback host, or a host that ``NO_PROXY`` exempts).

    ``environ`` defaults to the process environment; lower-case names win over upper-case ones,
    as in :func:`urllib.request.getproxies_environment`.
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if not host or is_loopback(host):
        return None
    env = os.environ if environ is None else environ
    no_proxy = env.get("no_proxy") or env.get("NO_PROXY") or ""
    if _exempt(host.lower(), parts.port, no_proxy):
        return None
    return _proxies_from(env).get(parts.scheme) or None


def _proxies_from(environ: Mapping[str, str]) -> dict[str, str]:
    """As :func:`urllib.request.getproxies_environment`, over ``environ`` (lower case wins)."""
    found: dict[str, str] = {}
    for name, value in environ.items():
        if value and name.lower().endswith("_proxy") and name.lower() != "no_proxy":
            found.setdefault(name.lower()[:-6], value)
    for name, value in environ.items():
        if value and name.endswith("_proxy") and name.islower() and name != "no_proxy":
            found[name[:-6]] = value
    return found


def _exempt(host: str, port: int | None, no_proxy: str) -> bool:
    """``NO_PROXY`` as curl and urllib read it: ``*`` exempts every host; otherwise each
    comma-separated entry (``example.jp``, ``.example.jp``, ``example.jp:8443``, an address)
    exempts that host and its subdomains, on any port unless the entry names one."""
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        name, _, entry_port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        if entry_port and (not entry_port.isdigit() or port is None or int(entry_port) != port):
            continue
        name = name.lstrip(".").strip("[]")
        if host == name or host.endswith("." + name):
            return True
    return False
