"""Encrypted drafts: round trip, tamper detection, resident scoping, crash safety, key storage."""

import os
import stat

import pytest

from app import drafts as d
from app.drafts import (
    Draft,
    DraftCorruptedError,
    DraftKeyUnavailableError,
    DraftNotFoundError,
    DraftWriteError,
    FileDraftStore,
    KeyStorage,
    MemoryDraftStore,
    PendingSubmission,
    StoredAttachment,
    load_master_key,
    open_draft_store,
)

CERT_A = b"\x30\x82auth-certificate-of-resident-A"
CERT_B = b"\x30\x82auth-certificate-of-resident-B"
SECRET_NAME = "山田太郎"
SECRET_NUMBER = "123456789018"


class FakeKeyring:
    def __init__(self):
        self.items = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password


class BrokenKeyring:
    def get_password(self, service, username):
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service, username, password):
        raise RuntimeError("no")


class ForgetfulKeyring(FakeKeyring):
    """Accepts writes and drops them, like keyring's null backend."""

    def set_password(self, service, username, password):
        pass


def sample_draft():
    draft = Draft.new("jidou-teate-nintei", "112305", {"claimant": {"name": SECRET_NAME, "my_number": SECRET_NUMBER}})
    return draft.with_attachments((StoredAttachment("bank_proof", "通帳.pdf", "application/pdf", b"%PDF-1.7 x"),))


@pytest.fixture
def keyring():
    return FakeKeyring()


@pytest.fixture
def store(tmp_path, keyring):
    return FileDraftStore.open(tmp_path, CERT_A, keyring)


def test_round_trip(store):
    draft = sample_draft()
    store.save(draft)
    assert store.load(draft.draft_id) == draft
    (summary,) = store.list()
    assert (summary.draft_id, summary.form_id, summary.pending, summary.damaged) == (
        draft.draft_id, "jidou-teate-nintei", False, False)


def test_round_trip_with_a_pending_submission(store):
    draft = sample_draft()
    pending = PendingSubmission({"claimant": {"name": SECRET_NAME}}, draft.attachments, b"{}", b"sig", b"cert")
    store.save(Draft(**{**draft.__dict__, "pending": pending}))
    loaded = store.load(draft.draft_id)
    assert loaded.pending == pending
    assert store.list()[0].pending


def test_every_save_replaces_the_previous_version(store):
    draft = sample_draft()
    store.save(draft)
    store.save(draft.with_values({"claimant": {"name": "山田花子"}}))
    assert store.load(draft.draft_id).values == {"claimant": {"name": "山田花子"}}
    assert len(store.list()) == 1


def test_nothing_readable_on_disk(store, tmp_path):
    draft = sample_draft()
    store.save(draft)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            for secret in (SECRET_NAME, SECRET_NUMBER, "jidou-teate", "通帳"):
                assert secret.encode() not in blob, path
    (path,) = store.directory.glob("*.draft")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_tampered_draft_is_a_typed_error_and_others_stay_usable(store):
    good, bad = sample_draft(), sample_draft()
    store.save(good)
    store.save(bad)
    path = store.directory / f"{bad.draft_id}.draft"
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x01
    path.write_bytes(bytes(blob))
    with pytest.raises(DraftCorruptedError):
        store.load(bad.draft_id)
    assert store.load(good.draft_id) == good
    summaries = {s.draft_id: s for s in store.list()}
    assert summaries[bad.draft_id].damaged
    assert not summaries[good.draft_id].damaged
    store.delete(bad.draft_id)
    assert [s.draft_id for s in store.list()] == [good.draft_id]


@pytest.mark.parametrize("content", [b"", b"MYNADRFT", b"garbage" * 20])
def test_truncated_or_foreign_files_are_corrupted(store, content):
    draft = sample_draft()
    store.save(draft)
    (store.directory / f"{draft.draft_id}.draft").write_bytes(content)
    with pytest.raises(DraftCorruptedError):
        store.load(draft.draft_id)


def test_a_renamed_draft_does_not_open(store):
    draft = sample_draft()
    store.save(draft)
    other_id = "0" * 32
    os.rename(store.directory / f"{draft.draft_id}.draft", store.directory / f"{other_id}.draft")
    with pytest.raises(DraftCorruptedError):
        store.load(other_id)


def test_one_resident_never_sees_or_opens_anothers_drafts(tmp_path, keyring, store):
    draft = sample_draft()
    store.save(draft)
    other = FileDraftStore.open(tmp_path, CERT_B, keyring)
    assert other.list() == []
    with pytest.raises(DraftNotFoundError):
        other.load(draft.draft_id)
    # Even a file copied into the other resident's folder does not open there.
    (other.directory / f"{draft.draft_id}.draft").write_bytes((store.directory / f"{draft.draft_id}.draft").read_bytes())
    with pytest.raises(DraftCorruptedError):
        other.load(draft.draft_id)
    assert SECRET_NAME not in str(store.directory)


def test_drafts_survive_a_restart(tmp_path, keyring, store):
    draft = sample_draft()
    store.save(draft)
    assert FileDraftStore.open(tmp_path, CERT_A, keyring).load(draft.draft_id) == draft


def test_interrupted_write_leaves_the_previous_version(store, monkeypatch):
    draft = sample_draft()
    store.save(draft)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(d.os, "fsync", fail)
    with pytest.raises(DraftWriteError):
        store.save(draft.with_values({"claimant": {"name": "changed"}}))
    monkeypatch.undo()
    assert store.load(draft.draft_id) == draft
    assert list(store.directory.glob(".*.tmp")) == []


def test_failed_rename_leaves_the_previous_version(store, monkeypatch):
    draft = sample_draft()
    store.save(draft)
    monkeypatch.setattr(d.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(DraftWriteError):
        store.save(draft.with_values({}))
    monkeypatch.undo()
    assert store.load(draft.draft_id) == draft


def test_temp_files_left_by_a_crash_are_ignored_and_cleaned(tmp_path, keyring, store):
    draft = sample_draft()
    store.save(draft)
    leftover = store.directory / f".{draft.draft_id}.deadbeef.tmp"
    leftover.write_bytes(b"half a draft")
    assert [s.draft_id for s in store.list()] == [draft.draft_id]
    FileDraftStore.open(tmp_path, CERT_A, keyring)
    assert not leftover.exists()


def test_invalid_ids_never_touch_other_paths(store):
    for bad in ("../../etc/passwd", "", "A" * 32):
        with pytest.raises(DraftNotFoundError):
            store.load(bad)
        with pytest.raises(DraftNotFoundError):
            store.delete(bad)


def test_delete_then_missing(store):
    draft = sample_draft()
    store.save(draft)
    store.delete(draft.draft_id)
    with pytest.raises(DraftNotFoundError):
        store.load(draft.draft_id)
    with pytest.raises(DraftNotFoundError):
        store.delete(draft.draft_id)


# --- key storage ---------------------------------------------------------------------------


def test_key_in_the_keyring_when_it_works(tmp_path, keyring):
    key, where = load_master_key(tmp_path, keyring)
    assert where is KeyStorage.KEYRING
    assert not (tmp_path / d.KEY_FILE_NAME).exists()
    assert load_master_key(tmp_path, keyring) == (key, KeyStorage.KEYRING)
    assert FileDraftStore.open(tmp_path, CERT_A, keyring).key_storage is KeyStorage.KEYRING


@pytest.mark.parametrize("backend", [BrokenKeyring(), ForgetfulKeyring()])
def test_falls_back_to_a_private_key_file(tmp_path, backend):
    key, where = load_master_key(tmp_path, backend)
    assert where is KeyStorage.FILE
    path = tmp_path / d.KEY_FILE_NAME
    assert path.exists()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_master_key(tmp_path, backend) == (key, KeyStorage.FILE)


def test_a_key_file_stays_in_use_when_a_keyring_appears(tmp_path, keyring):
    store = FileDraftStore.open(tmp_path, CERT_A, BrokenKeyring())
    draft = sample_draft()
    store.save(draft)
    reopened = FileDraftStore.open(tmp_path, CERT_A, keyring)
    assert reopened.key_storage is KeyStorage.FILE
    assert reopened.load(draft.draft_id) == draft
    assert keyring.items == {}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_key_file_readable_by_others_is_tightened(tmp_path):
    load_master_key(tmp_path, BrokenKeyring())
    path = tmp_path / d.KEY_FILE_NAME
    path.chmod(0o644)
    load_master_key(tmp_path, BrokenKeyring())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_drafts_saved_under_another_key_say_so(tmp_path, keyring, store):
    draft = sample_draft()
    store.save(draft)
    keyring.items.clear()  # e.g. the keyring was reset: a new master key is made
    reopened = FileDraftStore.open(tmp_path, CERT_A, keyring)
    with pytest.raises(DraftKeyUnavailableError):
        reopened.load(draft.draft_id)
    (summary,) = reopened.list()
    assert summary.damaged
    assert summary.other_key


# --- memory store (kiosk) ------------------------------------------------------------------


def test_kiosk_store_keeps_nothing_on_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = open_draft_store(CERT_A, kiosk=True, data_dir=tmp_path)
    assert isinstance(store, MemoryDraftStore)
    assert store.key_storage is KeyStorage.MEMORY
    draft = sample_draft()
    store.save(draft)
    assert store.load(draft.draft_id) == draft
    assert [s.draft_id for s in store.list()] == [draft.draft_id]
    assert list(tmp_path.iterdir()) == []
    store.wipe()
    assert store.list() == []
    with pytest.raises(DraftNotFoundError):
        store.load(draft.draft_id)


def test_open_draft_store_uses_files_otherwise(tmp_path, keyring):
    store = open_draft_store(CERT_A, data_dir=tmp_path, keyring_backend=keyring)
    draft = sample_draft()
    store.save(draft)
    assert store.load(draft.draft_id) == draft
    assert any(tmp_path.rglob("*.draft"))


def test_the_page_the_resident_was_on_is_kept_and_old_drafts_open_at_the_start() -> None:
    import json

    draft = d.Draft.new("jidou-teate-nintei", "112305", {"claimant": {"name": "山田 花子"}}).with_page(3)
    again = d.draft_from_json(d.draft_to_json(draft))
    assert again.page == 3
    old = json.loads(d.draft_to_json(draft))
    del old["page"]  # saved before pages were kept
    assert d.draft_from_json(json.dumps(old).encode()).page == 0
    old["page"] = -1
    with pytest.raises(TypeError):
        d.draft_from_json(json.dumps(old).encode())


# --- autosave: off the caller's thread, only what changed, never older over newer --------------


class _CountingStore(MemoryDraftStore):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, int]] = []  # (thread name, page)

    def save(self, draft: Draft) -> None:
        import threading

        self.writes.append((threading.current_thread().name, draft.page))
        super().save(draft)


def test_autosave_writes_off_the_callers_thread_and_only_what_changed() -> None:
    import asyncio
    import threading

    from app.drafts import DraftAutosave

    store = _CountingStore()
    draft = Draft.new("jidou-teate-nintei", "112305")
    store.save(draft)
    store.writes.clear()
    autosave = DraftAutosave(store, draft)

    async def edits() -> None:
        assert await autosave.save(draft.with_values({"claimant": {"occupation": "看護師"}})) is True
        # The same contents again (only the time of the change differs): not written.
        assert await autosave.save(draft.with_values({"claimant": {"occupation": "看護師"}})) is False
        assert await autosave.save(draft.with_values({"claimant": {"occupation": "看護師"}}).with_page(2)) is True

    asyncio.run(edits())
    assert [page for _t, page in store.writes] == [0, 2]
    assert all(name != threading.current_thread().name for name, _p in store.writes)
    assert store.load(draft.draft_id).values == {"claimant": {"occupation": "看護師"}}
    assert not [t for t in threading.enumerate() if t.name == "draft-save"]  # no thread left behind


def test_autosave_never_puts_an_older_version_over_a_newer_one() -> None:
    """A slow write of an older version finishes after the screen saved a newer one at once."""
    import asyncio
    import threading

    from app.drafts import DraftAutosave

    release = threading.Event()

    class SlowFirstWrite(MemoryDraftStore):
        calls = 0

        def save(self, d: Draft) -> None:
            SlowFirstWrite.calls += 1
            if SlowFirstWrite.calls == 2:  # the first autosave (after the set-up's own save)
                release.wait(5)
            super().save(d)

    store = SlowFirstWrite()
    draft = Draft.new("jidou-teate-nintei", "112305")
    store.save(draft)
    autosave = DraftAutosave(store, draft)
    older = draft.with_values({"claimant": {"occupation": "会社員"}})
    newer = draft.with_values({"claimant": {"occupation": "看護師"}})

    async def race() -> None:
        pending = asyncio.ensure_future(autosave.save(older))
        await asyncio.sleep(0.05)  # the older write has started and is stuck in the store
        saver = threading.Thread(target=autosave.save_now, args=(newer,))
        saver.start()  # the screen goes away: the newest version, at once
        release.set()
        await pending
        await asyncio.to_thread(saver.join)

    asyncio.run(race())
    assert store.load(draft.draft_id).values == {"claimant": {"occupation": "看護師"}}


def test_autosave_writes_nothing_after_close() -> None:
    """A kiosk wipe stays wiped: a wizard closed before its write landed writes nothing."""
    from app.drafts import DraftAutosave

    store = MemoryDraftStore()
    draft = Draft.new("jidou-teate-nintei", "112305")
    autosave = DraftAutosave(store, draft)
    autosave.close()
    assert autosave.save_now(draft.with_values({"claimant": {"occupation": "看護師"}})) is False
    assert store.list() == []


# --- attached files: written once, kept apart, bound to their draft -----------------------------


def _with_scan(draft: Draft, content: bytes = b"%PDF-1.7 passport scan " * 1000) -> Draft:
    return draft.with_attachments((StoredAttachment("passport", "scan.pdf", "application/pdf", content),))


def test_a_keystroke_rewrites_the_draft_but_not_its_attached_files(store):
    """A 5 MiB scan is encrypted and written once; later saves write only the small draft file."""
    draft = _with_scan(sample_draft())
    store.save(draft)
    (att,) = store.directory.glob(f"{draft.draft_id}.*.att")
    before = (att.stat().st_ino, att.stat().st_mtime_ns)
    typed = draft.with_values({**draft.values, "claimant": {**draft.values["claimant"], "phone": "048-111-2222"}})
    store.save(typed)
    assert (att.stat().st_ino, att.stat().st_mtime_ns) == before
    assert store.load(draft.draft_id) == typed
    assert (store.directory / f"{draft.draft_id}.draft").stat().st_size < 4096
    assert b"passport scan" not in att.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(att.stat().st_mode) == 0o600


def test_attached_files_go_with_their_draft(store):
    draft = _with_scan(sample_draft())
    store.save(draft)
    store.save(_with_scan(draft, b"another scan"))  # the resident replaced the file
    assert len(list(store.directory.glob(f"{draft.draft_id}.*.att"))) == 1
    store.delete(draft.draft_id)
    assert list(store.directory.glob("*.att")) == []


def test_an_attached_file_swapped_or_damaged_does_not_open(store):
    one, two = _with_scan(sample_draft()), _with_scan(sample_draft(), b"the other resident's scan")
    store.save(one)
    store.save(two)
    (att_one,) = store.directory.glob(f"{one.draft_id}.*.att")
    (att_two,) = store.directory.glob(f"{two.draft_id}.*.att")
    att_one.write_bytes(att_two.read_bytes())  # another draft's file under this name
    with pytest.raises(DraftCorruptedError):
        store.load(one.draft_id)
    att_two.unlink()
    with pytest.raises(DraftCorruptedError):
        store.load(two.draft_id)


def test_a_draft_saved_with_its_files_inside_still_opens(store):
    """Drafts written before attachments had files of their own carry them inline."""
    draft = _with_scan(sample_draft())
    blob = store._seal(d.draft_to_json(draft, inline=True), store._aad(draft.draft_id))
    (store.directory / f"{draft.draft_id}.draft").write_bytes(blob)
    assert store.load(draft.draft_id) == draft


def test_a_write_late_to_the_store_does_not_undo_a_kiosk_wipe() -> None:
    """Logout in a kiosk: the screen saves at once, the store is wiped; a background write of
    the same version that reaches the store only then writes nothing."""
    from app.drafts import DraftAutosave

    store = MemoryDraftStore()
    draft = Draft.new("jidou-teate-nintei", "112305")
    autosave = DraftAutosave(store, draft)
    typed = draft.with_values({"claimant": {"occupation": "看護師"}})
    autosave._handed += 1  # a background save was handed this version first (number 1) ...
    late = autosave._handed
    assert autosave.save_now(typed) is True  # ... the screen went away and saved it at once (2)
    store.wipe()
    assert autosave._write(typed, late) is False  # the background thread gets the lock only now
    assert store.list() == []
