"""After a real login, every read endpoint of docs/api.md parses through PortalClient's models
against the real stub (the models and the stub agree), and ids of other residents are 404."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.history import HistoryFilters, HistoryPager
from app.login import CardAuthSigner, LoginFlow
from app.portal import NotFound, PortalClient, RequestRejected, ValidationFailed
from app.portal.models import Outcome, PaymentStatus
from backend_stub.jlis import JLIS
from tests.fixtures.card import make_card
from tests.fixtures.stub import StubServer

pytestmark = pytest.mark.integration


def logged_in(stub: StubServer, resident: str) -> PortalClient:
    profile = JLIS(stub.data_dir).load_card(resident)
    vc = make_card(profile)
    client = PortalClient(stub.url, str(stub.ca_file))
    LoginFlow(client).run(CardAuthSigner(MyNumberCard(CallableTransport(vc.transmit, vc.atr)), profile.auth_pin))
    return client


@pytest.fixture(scope="module")
def client(stub_server: StubServer) -> Iterator[PortalClient]:
    c = logged_in(stub_server, "r01")
    yield c
    c.logout()
    c.close()


def test_history_pages_facets_and_one_record(client: PortalClient) -> None:
    facets = client.history_facets()
    assert facets.agencies
    pager = HistoryPager(client, page_size=5)
    pager.fetch_next()
    pager.fetch_next()
    records = pager.records
    assert records
    assert len({r.id for r in records}) == len(records)
    assert all(a.requested_at >= b.requested_at for a, b in itertools.pairwise(records))
    assert client.history_record(records[0].id) == records[0]
    pager.set_filters(HistoryFilters(outcome=Outcome.PROVIDED, sort="-requested_at"))
    pager.fetch_next()
    assert all(r.outcome is Outcome.PROVIDED for r in pager.records)


def test_self_info(client: PortalClient) -> None:
    categories = client.self_info_categories()
    assert categories
    info = client.self_info(categories[0].id)
    assert info.category == categories[0].id
    with pytest.raises(NotFound):
        client.self_info("no-such-category")


def test_notices_read(client: PortalClient) -> None:
    page = client.notices(limit=50)
    assert page.items
    first = page.items[0]
    client.mark_notice_read(first.id)
    assert client.notice(first.id).read


def test_notice_attachment_and_payment(stub_server: StubServer) -> None:
    nursery = logged_in(stub_server, "r02")  # a 新座市 resident with a 保育料 notice and an attachment
    try:
        page = nursery.notices(limit=50)
        with_attachment = next(n for n in page.items if n.attachments)
        att = with_attachment.attachments[0]
        data = nursery.notice_attachment(with_attachment.id, att.id)
        assert len(data) == att.size
        assert data.startswith(b"%PDF")
        ref = next(n.payment for n in page.items if n.payment is not None)
        assert ref is not None
        payment = nursery.payment(ref.id)
        assert payment.amount == ref.amount
        assert payment.payeasy is not None
        if payment.status is not PaymentStatus.PAID:
            with pytest.raises(ValidationFailed) as info:  # rejected before any charge
                nursery.pay_by_card(payment.id, number="1234", expiry="12/99", cvc="123")
            assert info.value.code == "invalid_card"
    finally:
        nursery.logout()
        nursery.close()


def test_delivery_link_and_unlink(client: PortalClient) -> None:
    state = client.delivery()
    assert state.available_services
    linked = client.link_delivery(service=state.available_services[0], account="hanako@example.jp", categories=["child"])
    assert linked is not None
    assert linked.linked
    assert linked.account != "hanako@example.jp"  # masked by the backend
    client.unlink_delivery()
    assert not client.delivery().linked


def test_catalog_endpoints(client: PortalClient) -> None:
    assert any(m.code == "112305" for m in client.municipalities("新座"))
    situations = client.service_situations()
    assert situations
    services = client.services(municipality="112305")
    assert services
    assert any(d.replaced_by_linkage for s in services for d in s.documents)
    assert client.applications() == () or all(a.id for a in client.applications())


def test_other_residents_ids_are_not_found(stub_server: StubServer, client: PortalClient) -> None:
    other = logged_in(stub_server, "r02")
    try:
        theirs = other.notices(limit=1).items[0]
        their_record = other.history(limit=1).items[0]
    finally:
        other.logout()
        other.close()
    with pytest.raises(NotFound):
        client.notice(theirs.id)
    with pytest.raises(NotFound):
        client.history_record(their_record.id)
    with pytest.raises((NotFound, RequestRejected)):
        client.mark_notice_read(theirs.id)
