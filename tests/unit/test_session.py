"""Session deadlines, expiry listeners and the SessionGuard (fake clock, fake client)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from app.portal import BackendUnreachable, PortalClient, SessionExpired
from app.portal.models import ResidentSummary
from app.session import Session, SessionGuard

RESIDENT = ResidentSummary("佐藤 花子", "112305", "新座市")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_session(clock: Clock, token: str = "tok-A", fingerprint: bytes | None = b"card-1") -> Session:
    return Session(
        token, expires_in=3600, idle_timeout=900, resident=RESIDENT, certificate_fingerprint=fingerprint, clock=clock
    )


@pytest.fixture
def client() -> PortalClient:
    # Never used for HTTP here: the guard only sets and drops its token.
    return PortalClient("https://127.0.0.1:9", None)


def test_idle_deadline_moves_with_activity_but_never_past_the_lifetime() -> None:
    clock = Clock()
    s = make_session(clock)
    clock.now += 800
    s.touch()
    clock.now += 800  # 1600 s since login, 800 since the last activity
    assert not s.is_expired
    for _ in range(5):
        clock.now += 600
        s.touch()
    assert s.is_expired  # 4600 s > 3600 s absolute lifetime, activity or not
    assert s.seconds_left() == 0


def test_idle_expiry_notifies_listeners_once_and_forgets_the_token() -> None:
    clock = Clock()
    s = make_session(clock)
    heard: list[str] = []
    s.add_listener(heard.append)
    clock.now += 899
    assert s.check()
    assert s.token == "tok-A"
    assert s.seconds_left() == pytest.approx(1)
    clock.now += 1
    assert not s.check()
    assert not s.check()
    assert heard == ["idle_timeout"]
    with pytest.raises(SessionExpired) as info:
        _ = s.token
    assert info.value.code == "token_expired"


def test_a_listener_added_after_expiry_hears_at_once_and_removal_works() -> None:
    s = make_session(Clock())
    heard: list[str] = []
    remove = s.add_listener(heard.append)
    remove()
    s.expire("token_invalid")
    assert heard == []
    s.add_listener(heard.append)
    assert heard == ["token_invalid"]


def test_token_is_not_in_repr() -> None:
    assert "tok-A" not in repr(make_session(Clock()))


def test_guard_refuses_calls_once_the_session_is_past_its_deadline(client: PortalClient) -> None:
    clock = Clock()
    guard = SessionGuard(client, make_session(clock))
    calls: list[int] = []
    assert guard.call(lambda: calls.append(1) or "ok") == "ok"
    clock.now += 901
    with pytest.raises(SessionExpired) as info:
        guard.call(lambda: calls.append(2))
    assert info.value.code == "token_expired"
    assert calls == [1]  # no request was attempted
    assert not client.has_token


def test_guard_turns_a_server_401_into_expiry(client: PortalClient) -> None:
    clock = Clock()
    session = make_session(clock)
    guard = SessionGuard(client, session)
    heard: list[str] = []
    session.add_listener(heard.append)

    def server_says_expired() -> None:
        raise SessionExpired("token_expired", status=401)

    with pytest.raises(SessionExpired):
        guard.call(server_says_expired)
    assert session.is_expired
    assert heard == ["token_expired"]
    assert not client.has_token


def test_successful_calls_keep_the_session_alive(client: PortalClient) -> None:
    clock = Clock()
    guard = SessionGuard(client, make_session(clock))
    for _ in range(5):  # 3000 s in all, well past the 900 s idle timeout
        clock.now += 600
        guard.call(lambda: None)
    assert guard.session is not None
    assert not guard.session.is_expired


def test_other_errors_do_not_end_the_session(client: PortalClient) -> None:
    guard = SessionGuard(client, make_session(Clock()))

    def down() -> None:
        raise BackendUnreachable()

    with pytest.raises(BackendUnreachable):
        guard.call(down)
    assert guard.session is not None
    assert not guard.session.is_expired


def test_resume_point_survives_relogin_by_the_same_card_only(client: PortalClient) -> None:
    clock = Clock()
    guard = SessionGuard(client, make_session(clock, "tok-A", b"card-1"))
    guard.resume_point = ("history", "h000123")
    assert guard.session is not None
    guard.session.expire("token_expired")
    assert guard.resume(make_session(clock, "tok-B", b"card-1")) is True
    assert guard.resume_point == ("history", "h000123")
    # A different resident at the kiosk: never show the previous one's screen.
    assert guard.resume(make_session(clock, "tok-C", b"card-2")) is False
    assert guard.resume_point is None


def test_a_new_session_replaces_the_old_token_and_the_old_expiry_does_not_drop_it(client: PortalClient) -> None:
    clock = Clock()
    old = make_session(clock, "tok-A")
    guard = SessionGuard(client, old)
    new = make_session(clock, "tok-B")
    guard.resume(new)
    assert old.is_expired
    assert client.has_token  # tok-B is kept although tok-A's session ended
    old.expire("token_invalid")
    assert client.has_token


def test_logout_ends_the_session_locally_even_when_the_backend_is_down(
    client: PortalClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(Clock())
    guard = SessionGuard(client, session)

    def down() -> None:
        raise BackendUnreachable()

    monkeypatch.setattr(client, "logout", down)
    assert guard.logout() is False
    assert session.is_expired
    assert not client.has_token
    assert guard.session is None


def test_acall_runs_on_the_clients_pool(client: PortalClient) -> None:
    guard = SessionGuard(client, make_session(Clock()))
    fn: Callable[[int], int] = lambda x: x * 2  # noqa: E731

    async def main() -> int:
        return await guard.acall(fn, 21)

    try:
        assert asyncio.run(main()) == 42
    finally:
        client.close()
