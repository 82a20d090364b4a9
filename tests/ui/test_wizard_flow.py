"""The wizard against the real stub server and a virtual card: drafts survive a crash, one
submission per application however often it is clicked or retried, a wrong signing PIN, a card
pulled while signing, and kiosk drafts kept in memory only."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtWidgets import QApplication

from app.drafts import KeyStorage
from app.jst import today_jst
from app.portal.errors import BackendTimeout
from backend_stub.card.image import CardImage
from tests.integration.test_apply_e2e import apply_for_jidou_teate
from tests.ui.test_services_support import (  # noqa: F401 - fixtures
    Env,
    enter_pin,
    env_factory,
    pin_dialog,
    qloop,
)


def ready_to_sign(qtbot: Any, qapp: QApplication, env: Env) -> Any:
    screen, wizard = apply_for_jidou_teate(qtbot, qapp, env)
    wizard.go(wizard.review_step)
    assert wizard.submit_button.isVisible()
    return screen, wizard


def test_draft_survives_a_crash_and_resumes_where_the_resident_stopped(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01")
    screen = env.screen(qtbot, today=today_jst())
    qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=15_000)
    screen.search.select_service("jidou-teate-nintei")
    with qtbot.waitSignal(screen.wizard_opened) as opened:
        screen.search.apply_button.click()
    wizard = opened.args[0]
    assert screen.store.key_storage in (KeyStorage.KEYRING, KeyStorage.FILE)
    with qtbot.waitSignal(wizard.saved, timeout=2_000):
        wizard.set_value("claimant.occupation", "看護師")
    assert "下書きを保存しました" in wizard.save_label.text()
    wizard.set_value("claimant.phone", "048-111-2222")
    with qtbot.waitSignal(wizard.saved, timeout=2_000):  # written off the Qt thread, then told
        wizard.go(2)
    draft_id = wizard.draft.draft_id
    # On disk the draft is encrypted: the typed words are not there.
    files = list((env.ctx.data_dir / "drafts").rglob("*.draft"))
    assert files
    assert all("看護師".encode() not in f.read_bytes() for f in files)
    # "Crash": the screen goes away without closing anything; a new one starts from disk.
    screen.setParent(None)
    screen.deleteLater()
    screen2 = env.screen(qtbot, today=today_jst())
    assert screen2.drafts_model.rowCount() == 1
    assert "児童手当" in screen2.drafts_model.item(0).text()
    # The session ended meanwhile (card pulled, timeout): the session state brings them back.
    state = {"draft_id": draft_id, "step": 2}
    screen2.restore_session_state(state)
    resumed = screen2.wizard
    assert resumed is not None
    assert resumed.step == 2
    assert resumed.state.get("claimant.occupation") == "看護師"
    assert resumed.state.get("claimant.phone") == "048-111-2222"


def test_double_click_makes_one_application(qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01")
    before = len(env.client.applications())
    screen, wizard = ready_to_sign(qtbot, qapp, env)
    wizard.submit_button.click()
    wizard.submit_button.click()  # the second click of a double click
    enter_pin(qtbot, qapp, env.pins["sign"])
    with qtbot.waitSignal(screen.status_opened, timeout=20_000):
        pass
    assert wizard.submissions == 1
    assert len(env.client.applications()) == before + 1
    screen.status_view.stop()


def test_retry_after_a_timeout_makes_one_application(qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01")
    before = len(env.client.applications())
    screen, wizard = ready_to_sign(qtbot, qapp, env)
    real = env.client.submit_application
    calls: list[str] = []

    def arrives_but_answer_is_lost(**kwargs: Any) -> Any:
        calls.append(kwargs["idempotency_key"])
        receipt = real(**kwargs)
        if len(calls) == 1:
            raise BackendTimeout("read")
        return receipt

    env.client.submit_application = arrives_but_answer_is_lost  # type: ignore[method-assign]
    wizard.submit_button.click()
    enter_pin(qtbot, qapp, env.pins["sign"])
    qtbot.waitUntil(lambda: wizard.retry_button.isVisible() and not wizard.busy, timeout=20_000)
    assert "二重に申請されることはありません" in wizard.notice.text()
    assert screen.store.load(wizard.draft.draft_id).pending is not None  # the signed request is kept
    with qtbot.waitSignal(screen.status_opened, timeout=20_000):
        wizard.retry_button.click()
    assert pin_dialog(qapp) is None  # no second PIN: the signed request is resent as is
    assert len(set(calls)) == 1
    assert len(calls) == 2
    assert len(env.client.applications()) == before + 1
    screen.status_view.stop()


def test_wrong_signing_pin_shows_tries_then_succeeds(qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01")
    screen, wizard = ready_to_sign(qtbot, qapp, env)
    wizard.submit_button.click()
    first = enter_pin(qtbot, qapp, "WRONG1")
    assert "残り5回" in first.tries_label.text()  # shown before entry
    qtbot.waitUntil(lambda: pin_dialog(qapp) is not None and pin_dialog(qapp) is not first, timeout=10_000)
    again: Any = pin_dialog(qapp)
    assert "残り4回" in again.tries_label.text()
    assert "暗証番号が違います" in again.error_label.text()
    # A malformed PIN is refused before it reaches the card (no try used).
    again.edit.setText("abc")
    again.ok_button.click()
    assert again.isVisible()
    assert "残り回数は減っていません" in again.error_label.text()
    with qtbot.waitSignal(screen.status_opened, timeout=20_000):
        again.edit.setText(env.pins["sign"])
        again.ok_button.click()
    screen.status_view.stop()


def test_last_signing_try_needs_confirmation_and_blocked_sends_to_the_counter(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01", card_knobs={"tries": {"sign": 1}})
    _screen, wizard = ready_to_sign(qtbot, qapp, env)
    wizard.submit_button.click()
    qtbot.waitUntil(lambda: pin_dialog(qapp) is not None, timeout=10_000)
    dialog: Any = pin_dialog(qapp)
    assert dialog.last_try.isVisible()
    assert not dialog.ok_button.isEnabled()
    enter_pin(qtbot, qapp, "WRONG1", confirm_last=True)
    qtbot.waitUntil(lambda: not wizard.busy and "窓口" in wizard.notice.text(), timeout=10_000)
    assert "ロック" in wizard.notice.text()


def test_card_pulled_while_signing_loses_nothing(qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01")
    before = len(env.client.applications())
    screen, wizard = ready_to_sign(qtbot, qapp, env)
    wizard.submit_button.click()
    qtbot.waitUntil(lambda: pin_dialog(qapp) is not None, timeout=10_000)
    env.card.remove_after = env.card.apdu_count + 3  # out of the reader in the middle of signing
    enter_pin(qtbot, qapp, env.pins["sign"])
    qtbot.waitUntil(lambda: not wizard.busy and "カード" in wizard.notice.text(), timeout=10_000)
    assert "外れました" in wizard.notice.text()
    assert "下書きに残っています" in wizard.notice.text()
    assert len(env.client.applications()) == before
    draft = screen.store.load(wizard.draft.draft_id)
    assert draft.pending is None
    assert draft.values["claimant"]["occupation"] == "会社員"


def test_kiosk_drafts_stay_in_memory_and_the_resident_is_told(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01", kiosk=True)
    screen = env.screen(qtbot, today=today_jst())
    assert screen.store.key_storage is KeyStorage.MEMORY
    assert "メモリ" in screen.storage_label.text()
    assert "メモリにだけ保持" in screen.message.text()
    qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=15_000)
    screen.search.select_service("jidou-teate-nintei")
    with qtbot.waitSignal(screen.wizard_opened) as opened:
        screen.search.apply_button.click()
    wizard = opened.args[0]
    wizard.set_value("claimant.occupation", "会社員")
    wizard.save_now()
    assert "メモリだけに保持" in wizard.save_label.text()
    assert not (env.ctx.data_dir / "drafts").exists()
    env.controller.logout()
    assert screen.store.list() == []
    assert screen.wizard is None


def test_card_text_that_fails_its_integrity_check_is_not_filled_in(
    qtbot: Any, qapp: QApplication, env_factory: Any  # noqa: F811
) -> None:
    def altered_address(image: CardImage) -> CardImage:
        basic4 = bytearray(image.kenhojo[0x0002])
        basic4[-12] ^= 0x01  # one byte of the address (DF23), after the card recorded its hash
        return dataclasses.replace(image, kenhojo={**image.kenhojo, 0x0002: bytes(basic4)})

    env = env_factory("r01", card_image=altered_address)
    screen = env.screen(qtbot, today=today_jst())
    search = screen.search
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=15_000)
    assert search.select_service("jidou-teate-nintei")
    with qtbot.waitSignal(screen.wizard_opened, timeout=5_000) as opened:
        search.apply_button.click()
    wizard = opened.args[0]
    wizard.prefill_button.click()
    enter_pin(qtbot, qapp, env.pins["kenhojo"])
    qtbot.waitUntil(lambda: not wizard.busy and "整合性" in wizard.notice.text(), timeout=15_000)
    assert "手で入力してください" in wizard.notice.text()
    # Nothing of the card's text reached the form; what the backend knows may still come in.
    assert not wizard.state.get("claimant.my_number")
    assert not wizard.state.get("claimant.address")


def test_files_too_large_together_are_refused_before_the_pin(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    """Five passport pages within the form's 5 MiB each, 22.5 MiB together: the backend would
    refuse them, so the wizard says so on the documents page and never asks for the PIN."""
    from app.drafts import StoredAttachment

    env = env_factory("r01")
    before = len(env.client.applications())
    _screen, wizard = ready_to_sign(qtbot, qapp, env)
    for path, value in (("jan1.same_as_now", "no"), ("jan1.address", "東京都千代田区1-1"), ("jan1.abroad", True)):
        wizard.set_value(path, value)
    page = b"%PDF-1.7\n" + bytes(int(4.5 * 1024 * 1024))
    wizard._on_attachments_changed(tuple(
        StoredAttachment("passport", f"p{i}.pdf", "application/pdf", page) for i in range(5)))
    wizard.go(wizard.review_step)
    wizard.submit_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert pin_dialog(qapp) is None
    assert wizard.step == wizard.attachments_step
    assert "添付書類に直す必要があるもの" in wizard.notice.text()
    shown = " ".join(lbl.text() for lbl in wizard.attachments_page.findChildren(type(wizard.notice)))
    assert "添付ファイルの合計が大きすぎます" in shown
    assert len(env.client.applications()) == before


@contextlib.contextmanager
def stored_attachments(env: Env, size: int) -> Iterator[Callable[[], None]]:
    """The resident has ``size`` bytes of documents stored with an earlier application: put in
    the stub's database directly (uploading 200 MiB would take minutes) when the returned
    function is called, and taken out afterwards."""
    from backend_stub.server.db import Database

    db = Database.in_data_dir(env.stub.data_dir)

    def put() -> None:
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO applications (id, resident_id, idempotency_key, payload_sha256, receipt_number, form_id,"
                " municipality_code, data, status, notice_id, submitted_at) VALUES ('ui-quota', ?, 'ui-quota', '',"
                " 'x', 'jidou-teate-nintei', '112305', '{}', 'approved', NULL, '2026-01-01T00:00:00+09:00')",
                (env.resident_id,))
            conn.execute("INSERT INTO application_attachments (id, application_id, name, mime, content)"
                         " VALUES ('ui-quota-1', 'ui-quota', 'old.pdf', 'application/pdf', zeroblob(?))", (size,))

    try:
        yield put
    finally:
        with db.transaction() as conn:
            conn.execute("DELETE FROM application_attachments WHERE application_id = 'ui-quota'")
            conn.execute("DELETE FROM applications WHERE id = 'ui-quota'")
        db.close()


def attach_passport(wizard: Any, size: int) -> None:
    """Answers that ask for the passport, one PDF of ``size`` bytes there, then the review page."""
    from app.drafts import StoredAttachment

    for path, value in (("jan1.same_as_now", "no"), ("jan1.address", "東京都千代田区1-1"), ("jan1.abroad", True)):
        wizard.set_value(path, value)
    page = b"%PDF-1.7\n" + bytes(size - 9)
    wizard._on_attachments_changed((StoredAttachment("passport", "passport.pdf", "application/pdf", page),))
    wizard.go(wizard.review_step)


MIB = 1024 * 1024


def test_a_refused_application_is_signed_again_under_a_new_key(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    """The backend refuses what the wizard could not foresee: here another application filled the
    resident's 200 MiB of stored documents between the wizard's check and the send. The draft takes
    a new Idempotency-Key; once the resident sends a smaller file, the wizard asks for the signing
    PIN again and signs a payload that names the new key, so the backend files it (the old
    signature names the old key and would be refused)."""
    import json

    env = env_factory("r01")
    with stored_attachments(env, 200 * MIB - MIB // 2) as fill_up:
        before = len(env.client.applications())
        screen, wizard = ready_to_sign(qtbot, qapp, env)
        sent: list[tuple[str, str]] = []
        real = env.client.submit_application

        def recorded(**kwargs: Any) -> Any:
            if not sent:
                fill_up()  # meanwhile, from another device
            sent.append((kwargs["idempotency_key"], json.loads(kwargs["signed_payload"])["idempotency_key"]))
            return real(**kwargs)

        env.client.submit_application = recorded  # type: ignore[method-assign]
        attach_passport(wizard, MIB)
        first_key = screen.store.load(wizard.draft.draft_id).idempotency_key
        wizard.submit_button.click()
        enter_pin(qtbot, qapp, env.pins["sign"])
        qtbot.waitUntil(lambda: len(sent) == 1 and not wizard.busy, timeout=20_000)
        assert "保存できる容量を超えています" in wizard.notice.text()
        assert len(env.client.applications()) == before + 1  # only the one put in meanwhile
        kept = screen.store.load(wizard.draft.draft_id)
        assert kept.pending is None
        assert kept.idempotency_key != first_key
        attach_passport(wizard, 100 * 1024)
        with qtbot.waitSignal(screen.status_opened, timeout=20_000):
            wizard.submit_button.click()
            enter_pin(qtbot, qapp, env.pins["sign"])  # a second PIN: a new signature
        assert sent == [(first_key, first_key), (kept.idempotency_key, kept.idempotency_key)]
        assert len(env.client.applications()) == before + 2
        screen.status_view.stop()


def test_a_request_the_backend_refuses_as_unsigned_is_signed_again_under_a_new_key(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    """The first request arrives changed on its way (its data no longer what was signed): the
    backend answers 422 payload_mismatch. The draft takes a new key; sending again asks for the
    signing PIN again and files a new signature over the new key."""
    import json

    env = env_factory("r01")
    before = len(env.client.applications())
    screen, wizard = ready_to_sign(qtbot, qapp, env)
    sent: list[tuple[str, str]] = []
    answers: list[str] = []
    real = env.client.submit_application

    def recorded(**kwargs: Any) -> Any:
        sent.append((kwargs["idempotency_key"], json.loads(kwargs["signed_payload"])["idempotency_key"]))
        if len(sent) == 1:
            kwargs["data"] = {**kwargs["data"], "claimant": {**kwargs["data"]["claimant"], "phone": "048-999-9999"}}
        try:
            return real(**kwargs)
        except Exception as exc:
            answers.append(str(getattr(exc, "code", "")))
            raise

    env.client.submit_application = recorded  # type: ignore[method-assign]
    first_key = wizard.draft.idempotency_key
    wizard.submit_button.click()
    enter_pin(qtbot, qapp, env.pins["sign"])
    qtbot.waitUntil(lambda: len(sent) == 1 and not wizard.busy, timeout=20_000)
    assert answers == ["payload_mismatch"]
    assert "もう一度署名して送信してください" in wizard.notice.text()
    kept = screen.store.load(wizard.draft.draft_id)
    assert (kept.pending, kept.idempotency_key != first_key) == (None, True)
    with qtbot.waitSignal(screen.status_opened, timeout=20_000):
        wizard.submit_button.click()
        enter_pin(qtbot, qapp, env.pins["sign"])  # a second PIN: a new signature
    assert sent == [(first_key, first_key), (kept.idempotency_key, kept.idempotency_key)]
    assert len(env.client.applications()) == before + 1
    screen.status_view.stop()


def test_a_file_that_would_overfill_the_residents_storage_is_refused_before_the_pin(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    """199.5 MiB stored already, 1 MiB more would pass the 200 MiB a resident may store: the
    backend would refuse it (413 quota_exceeded), so the wizard says so and never asks for the PIN."""
    env = env_factory("r01")
    with stored_attachments(env, 200 * MIB - MIB // 2) as fill_up:
        fill_up()
        before = len(env.client.applications())
        _screen, wizard = ready_to_sign(qtbot, qapp, env)
        attach_passport(wizard, MIB)
        wizard.submit_button.click()
        qtbot.waitUntil(lambda: not wizard.busy or pin_dialog(qapp) is not None, timeout=10_000)
        assert pin_dialog(qapp) is None
        assert wizard.step == wizard.attachments_step
        shown = " ".join(lbl.text() for lbl in wizard.attachments_page.findChildren(type(wizard.notice)))
        assert "保存できる添付ファイルの容量" in shown
        assert len(env.client.applications()) == before


def test_a_file_over_its_slots_limit_is_refused_before_the_pin(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    """One passport page of 5 MiB and a byte, over the form's 5 MiB a file: the backend would
    refuse it (413 quota_exceeded), so the wizard says so and never asks for the PIN."""
    from app.drafts import StoredAttachment

    env = env_factory("r01")
    before = len(env.client.applications())
    _screen, wizard = ready_to_sign(qtbot, qapp, env)
    for path, value in (("jan1.same_as_now", "no"), ("jan1.address", "東京都千代田区1-1"), ("jan1.abroad", True)):
        wizard.set_value(path, value)
    page = b"%PDF-1.7\n" + bytes(5 * 1024 * 1024 + 1 - 9)
    wizard._on_attachments_changed((StoredAttachment("passport", "p.pdf", "application/pdf", page),))
    wizard.go(wizard.review_step)
    wizard.submit_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert pin_dialog(qapp) is None
    assert wizard.step == wizard.attachments_step
    assert "添付書類に直す必要があるもの" in wizard.notice.text()
    shown = " ".join(lbl.text() for lbl in wizard.attachments_page.findChildren(type(wizard.notice)))
    assert "ファイルが大きすぎます（上限 5242880 バイト）" in shown
    assert len(env.client.applications()) == before
