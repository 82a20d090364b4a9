"""代理人 through the app's own client and card code against the real stub over HTTPS: the parent,
logged in, reads the child's card (its 利用者証明用 key and the PIN the parent set) to register, then
acts for the child; the child's side sees the grant and the 代理人の操作記録, and its revocation
stops the parent's very next call. The child's card is the stub J-LIS's virtual card, in process."""

from __future__ import annotations

import pytest

from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.login import CardAuthSigner
from app.portal import models as m
from app.portal.client import PortalClient
from app.portal.errors import RequestRejected
from app.representation import Refused, Registered, RegisterProxy
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS
from tests.fixtures.stub import login

pytestmark = pytest.mark.integration

CHILD_PIN = "8012"  # r08's demo 利用者証明用 PIN (backend_stub/data/residents.json)


@pytest.fixture
def stub(stub_server_factory):
    return stub_server_factory()


def _client(stub, resident_id: str) -> PortalClient:
    return PortalClient(stub.url, str(stub.ca_file), session_token=login(stub, resident_id), retries=0)


def _card(stub, resident_id: str) -> MyNumberCard:
    vc = VirtualCard(JLIS(stub.data_dir).card_image(resident_id))
    return MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual"))


def test_a_parent_registers_with_the_childs_card_acts_and_is_cut_off_by_revocation(stub) -> None:
    with _client(stub, "r02") as parent, _client(stub, "r08") as child:
        outcome = RegisterProxy(parent).run(CardAuthSigner(_card(stub, "r08"), CHILD_PIN), m.GrantKind.LEGAL)
        assert isinstance(outcome, Registered)
        assert outcome.grant.principal == m.Person("r08", "佐藤 美羽")
        grants = parent.proxies()
        assert grants.acting_choices() == (m.Person("r08", "佐藤 美羽"),)
        own_vaccination = parent.self_info("vaccination").items
        parent.set_acting_for("r08")
        assert parent.self_info("vaccination").items != own_vaccination
        assert parent.history(limit=5).items
        assert parent.me().display_name == "佐藤 健一"  # always the logged-in resident
        assert parent.proxies().acting_choices()  # the grants are the parent's own, acting or not
        # The desktop's notice feed stays the parent's own.
        own_ids = {n.id for n in parent.notices(limit=100, as_self=True).items}
        child_ids = {n.id for n in parent.notices(limit=100).items}
        assert not own_ids & child_ids
        # The child's side.
        mine = child.proxies()
        assert [g.proxy.id for g in mine.representatives] == ["r02"]
        assert {a.label for a in child.proxy_actions()} >= {"わたしの情報の閲覧", "やりとり履歴の閲覧"}
        child.revoke_proxy(mine.representatives[0].id)
        with pytest.raises(RequestRejected) as cut:
            parent.self_info("vaccination")
        assert (cut.value.code, cut.value.status) == ("not_represented", 403)
        parent.set_acting_for(None)
        assert parent.self_info("vaccination").items == own_vaccination


def test_a_child_of_another_household_is_refused_with_the_rule(stub) -> None:
    with _client(stub, "r03") as other_parent:
        outcome = RegisterProxy(other_parent).run(CardAuthSigner(_card(stub, "r08"), CHILD_PIN), m.GrantKind.LEGAL)
        assert outcome == Refused("relationship_not_confirmed")
        assert other_parent.proxies().represented == ()
