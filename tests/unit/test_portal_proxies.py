"""The client's 代理人 calls (app.portal.client, app.portal.models): the acting header goes only on
resident resources and only while acting, the desktop feed's notices are always the resident's own,
and the grant documents are checked as they are parsed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.portal import models as m
from app.portal.client import PortalClient
from app.portal.errors import MalformedResponse
from tests.unit.test_portal_support import FakeBackend, TlsFiles, notice_page, reply, tls_files

TOKEN = "secret-token-" + "p" * 30
GRANT = {
    "id": "g1", "kind": "legal", "relation": "parent", "principal": {"id": "r08", "name": "佐藤 美羽"},
    "proxy": {"id": "r02", "name": "佐藤 健一"}, "since": "2026-12-06T10:00:00+09:00",
    "expires_at": "2032-09-18T00:00:00+09:00", "status": "active", "ended_at": None, "can_revoke": True,
}


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return tls_files(str(tmp_path_factory.mktemp("tls")))


@pytest.fixture
def backend(tls: TlsFiles) -> Iterator[FakeBackend]:
    b = FakeBackend(tls)
    yield b
    b.close()


@pytest.fixture
def client(backend: FakeBackend, tls: TlsFiles) -> Iterator[PortalClient]:
    c = PortalClient(backend.url, str(tls.ca_a), timeout=(2.0, 2.0), session_token=TOKEN, retries=0)
    yield c
    c.close()


def test_the_acting_header_goes_on_resident_resources_while_acting(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/notices", reply(200, notice_page([])))
    backend.on("GET", "/proxies", reply(200, {"represented": [GRANT], "representatives": [], "blocked": False}))
    client.notices()
    client.set_acting_for("r08")
    client.notices()
    client.notices(as_self=True)
    grants = client.proxies()
    client.set_acting_for(None)
    client.notices()
    sent = [r.headers.get("x-acting-for") for r in backend.requests_to("/notices")]
    assert sent == [None, "r08", None, None]
    assert "x-acting-for" not in backend.requests_to("/proxies")[0].headers  # always the resident's own
    assert grants.acting_choices() == (m.Person("r08", "佐藤 美羽"),)


def test_grants_parse_and_only_active_ones_offer_acting() -> None:
    ended = {**GRANT, "id": "g2", "status": "revoked", "ended_at": "2026-12-06T11:00:00+09:00", "can_revoke": False}
    grants = m.parse_proxy_grants({"represented": [GRANT, ended], "representatives": [], "blocked": False})
    assert [g.status for g in grants.represented] == [m.GrantStatus.ACTIVE, m.GrantStatus.REVOKED]
    assert [p.id for p in grants.acting_choices()] == ["r08"]


@pytest.mark.parametrize("broken", [
    {**GRANT, "kind": "friend"}, {**GRANT, "status": "paused"}, {**GRANT, "principal": {"id": "r08"}},
    {**GRANT, "can_revoke": "yes"}, {**GRANT, "expires_at": "soon"},
])
def test_a_malformed_grant_is_refused(broken: dict[str, object]) -> None:
    with pytest.raises(MalformedResponse):
        m.parse_proxy_grants({"represented": [broken], "representatives": [], "blocked": False})
