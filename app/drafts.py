"""Application drafts, saved on every change and encrypted at rest.

Layout (FileDraftStore)::

    <data_dir>/drafts.key                  only when the OS keyring is unusable (0600)
    <data_dir>/drafts/<resident_id>/<draft_id>.draft
    <data_dir>/drafts/<resident_id>/<draft_id>.<sha256>.att   one per attached file

* Encryption: AES-256-GCM. A 32-byte master key lives in the OS keyring (service
  ``mynadesk``, user ``drafts-master-key``). When no keyring backend works (headless Linux
  without Secret Service, a locked-down kiosk image), the key is kept in ``drafts.key``
  with 0600 permissions instead; `key_storage` says which, so the UI can tell the resident
  that drafts are then only as safe as their OS account. Once a key file exists it is kept
  in use, so drafts never become unreadable because a keyring appeared or vanished.
* Per-resident scoping: the resident is identified by the SHA-256 of their authentication
  certificate (never their name). Each resident gets their own directory and their own
  key (HKDF from the master key, salted with that hash), and the file's AAD binds
  resident and draft id: a draft copied into another
  resident's folder, or renamed, fails to decrypt. The folder name is a domain-separated
  hash of the certificate's hash: it names no one and does not change with the key.
* Crash safety: write to a temp file, fsync, rename over the old file, fsync the folder.
  An interrupted write leaves the previous version intact.
* Only what changed is written: an attached file is encrypted into a file of its own, named
  by its SHA-256, once; the draft file refers to it by that hash. A keystroke rewrites a few
  kilobytes, not a 5 MiB passport scan. Files are written before the draft that refers to
  them, and removed once no version of the draft refers to them. An attachment file's AAD
  binds resident, draft and hash, and its content is checked against the hash on load.
* A damaged or tampered file raises `DraftCorruptedError` for that draft only.

`MemoryDraftStore` is for kiosk mode: nothing touches the disk.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import copy
import datetime as dt
import enum
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEYRING_SERVICE = "mynadesk"
KEYRING_USER = "drafts-master-key"
KEY_FILE_NAME = "drafts.key"

_MAGIC = b"MYNADRFT"
_VERSION = 1
_NONCE_LEN = 12
_KEY_ID_LEN = 8
_HEADER_LEN = len(_MAGIC) + 1 + _KEY_ID_LEN + _NONCE_LEN
_DRAFT_ID = re.compile(r"[0-9a-f]{32}")


class KeyStorage(enum.Enum):
    """Where the drafts' encryption key is kept (shown to the resident)."""

    KEYRING = "keyring"  # the OS credential store
    FILE = "file"  # a 0600 key file in the user's data directory (no usable keyring)
    MEMORY = "memory"  # kiosk mode: nothing on disk


class DraftError(Exception):
    """Base of draft errors. Messages carry ids only, never form contents."""


class DraftNotFoundError(DraftError):
    def __init__(self, draft_id: str) -> None:
        super().__init__(f"no draft {draft_id}")
        self.draft_id = draft_id


class DraftCorruptedError(DraftError):
    """The file is damaged or was altered; it cannot be opened (other drafts are unaffected)."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(f"draft {draft_id} is damaged or was altered")
        self.draft_id = draft_id


class DraftKeyUnavailableError(DraftError):
    """The draft was saved under another encryption key (e.g. the keyring entry was reset)."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(f"draft {draft_id} was saved with another key")
        self.draft_id = draft_id


class DraftWriteError(DraftError):
    """Saving failed (disk full, permissions); the previous version is still there."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredAttachment:
    slot: str  # the form's attachment id
    name: str
    mime: str
    content: bytes

    @functools.cached_property
    def sha256(self) -> str:
        """The content's SHA-256 (hex), computed once: every save names the file by it."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class PendingSubmission:
    """A signed request that was (or may have been) sent: resent as is, under the same key."""

    data: Mapping[str, Any]
    attachments: tuple[StoredAttachment, ...]
    signed_payload: bytes
    signature: bytes
    certificate: bytes
    at_counter: tuple[str, ...] = ()  # slots declared "handed in at the counter", as signed


@dataclass(frozen=True)
class Draft:
    draft_id: str
    form_id: str
    municipality_code: str
    values: Mapping[str, Any]
    attachments: tuple[StoredAttachment, ...] = ()
    idempotency_key: str = field(default_factory=lambda: str(uuid.uuid4()))
    pending: PendingSubmission | None = None
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    page: int = 0  # the wizard page the resident was on: a resumed draft opens there

    @classmethod
    def new(cls, form_id: str, municipality_code: str, values: Mapping[str, Any] | None = None) -> Draft:
        return cls(uuid.uuid4().hex, form_id, municipality_code, copy.deepcopy(dict(values or {})))

    def with_values(self, values: Mapping[str, Any]) -> Draft:
        return replace(self, values=copy.deepcopy(dict(values)), updated_at=_now())

    def with_attachments(self, attachments: tuple[StoredAttachment, ...]) -> Draft:
        return replace(self, attachments=attachments, updated_at=_now())

    def with_page(self, page: int) -> Draft:
        return self if page == self.page else replace(self, page=page)


@dataclass(frozen=True)
class DraftSummary:
    draft_id: str
    form_id: str | None  # None when damaged
    municipality_code: str | None
    updated_at: str | None
    pending: bool = False  # a submission is awaiting confirmation: offer "retry", not "edit"
    damaged: bool = False  # cannot be opened: offer "delete"
    other_key: bool = False  # ...because it was saved under another key (keyring reset)


class DraftStore(Protocol):
    @property
    def key_storage(self) -> KeyStorage: ...
    def list(self) -> list[DraftSummary]: ...
    def load(self, draft_id: str) -> Draft: ...
    def save(self, draft: Draft) -> None: ...
    def delete(self, draft_id: str) -> None: ...


# --- serialisation ------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
AttachmentLoader = Callable[[str], bytes]  # SHA-256 hex -> the file's content


def _att_to_json(a: StoredAttachment, inline: bool) -> dict[str, str]:
    if inline:
        return {"slot": a.slot, "name": a.name, "mime": a.mime, "content": _b64(a.content)}
    return {"slot": a.slot, "name": a.name, "mime": a.mime, "sha256": a.sha256}


def _att_from_json(raw: Any, load: AttachmentLoader | None) -> StoredAttachment:
    if "content" in raw:
        content = _unb64(raw["content"])
    else:
        sha = raw["sha256"]
        if load is None or not isinstance(sha, str) or not _SHA256_HEX.fullmatch(sha):
            raise ValueError("attachment reference")
        content = load(sha)
    return StoredAttachment(str(raw["slot"]), str(raw["name"]), str(raw["mime"]), content)


def draft_to_json(d: Draft, *, inline: bool = True) -> bytes:
    """The draft as JSON; ``inline=False`` names attached files by their SHA-256 instead of
    carrying them (the file store keeps each in a file of its own)."""
    pending = None
    if d.pending is not None:
        p = d.pending
        pending = {
            "data": p.data,
            "attachments": [_att_to_json(a, inline) for a in p.attachments],
            "signed_payload": _b64(p.signed_payload),
            "signature": _b64(p.signature),
            "certificate": _b64(p.certificate),
            "at_counter": list(p.at_counter),
        }
    doc = {
        "v": 1 if inline else 2,
        "draft_id": d.draft_id,
        "form_id": d.form_id,
        "municipality_code": d.municipality_code,
        "values": d.values,
        "attachments": [_att_to_json(a, inline) for a in d.attachments],
        "idempotency_key": d.idempotency_key,
        "pending": pending,
        "created_at": d.created_at,
        "updated_at": d.updated_at,
        "page": d.page,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def draft_from_json(data: bytes, load: AttachmentLoader | None = None) -> Draft:
    """Raises ValueError/KeyError/TypeError on anything malformed. ``load`` reads an attached
    file the JSON names by its hash."""
    raw = json.loads(data.decode("utf-8"))
    if raw.get("v") not in (1, 2):
        raise ValueError("unknown draft version")
    p = raw.get("pending")
    pending = None
    if p is not None:
        pending = PendingSubmission(
            data=dict(p["data"]),
            attachments=tuple(_att_from_json(a, load) for a in p["attachments"]),
            signed_payload=_unb64(p["signed_payload"]),
            signature=_unb64(p["signature"]),
            certificate=_unb64(p["certificate"]),
            at_counter=tuple(str(slot) for slot in p.get("at_counter", ())),  # absent before counter documents
        )
    values = raw["values"]
    if not isinstance(values, dict):
        raise TypeError("values")
    page = raw.get("page", 0)  # absent in drafts saved before pages were kept
    if not isinstance(page, int) or isinstance(page, bool) or page < 0:
        raise TypeError("page")
    return Draft(
        draft_id=str(raw["draft_id"]),
        form_id=str(raw["form_id"]),
        municipality_code=str(raw["municipality_code"]),
        values=values,
        attachments=tuple(_att_from_json(a, load) for a in raw["attachments"]),
        idempotency_key=str(raw["idempotency_key"]),
        pending=pending,
        created_at=str(raw["created_at"]),
        updated_at=str(raw["updated_at"]),
        page=page,
    )


def _summary(d: Draft) -> DraftSummary:
    return DraftSummary(d.draft_id, d.form_id, d.municipality_code, d.updated_at, pending=d.pending is not None)


def _check_id(draft_id: str) -> None:
    if not _DRAFT_ID.fullmatch(draft_id):
        raise DraftNotFoundError(draft_id)


def resident_fingerprint(auth_certificate_der: bytes) -> bytes:
    """What identifies a resident's drafts: SHA-256 of their authentication certificate."""
    return hashlib.sha256(auth_certificate_der).digest()


# --- master key ---------------------------------------------------------------------------


class KeyringLike(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...


def _decode_key(text: str) -> bytes | None:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == 32 else None


def _key_from_keyring(backend: KeyringLike) -> bytes | None:
    """The master key from the keyring, created there if missing; None if the keyring fails."""
    try:
        stored = backend.get_password(KEYRING_SERVICE, KEYRING_USER)
        if stored is not None:
            return _decode_key(stored)
        key = secrets.token_bytes(32)
        backend.set_password(KEYRING_SERVICE, KEYRING_USER, _b64(key))
        # Some backends (the null keyring, a half-configured Secret Service) accept a
        # write and drop it: only a key that reads back is trusted.
        if backend.get_password(KEYRING_SERVICE, KEYRING_USER) != _b64(key):
            return None
        return key
    except Exception:  # any backend failure (D-Bus, locked store, no backend) means: fall back
        return None


def _key_from_file(path: Path) -> bytes:
    """Read the key file, or create it with 0600 permissions."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if os.name == "posix":
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                os.chmod(path, 0o600)  # never leave the key readable by others
        key = _decode_key(path.read_text(encoding="ascii").strip())
        if key is None:
            raise DraftError("the drafts key file is damaged") from None
        return key
    key = secrets.token_bytes(32)
    try:
        os.write(fd, _b64(key).encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def load_master_key(data_dir: Path, keyring_backend: KeyringLike | None = None) -> tuple[bytes, KeyStorage]:
    """The drafts master key and where it is kept. See the module docstring for the policy."""
    key_file = data_dir / KEY_FILE_NAME
    if not key_file.exists():
        backend = keyring_backend
        if backend is None:
            try:
                import keyring

                backend = keyring.get_keyring()
            except Exception:
                backend = None
        if backend is not None:
            key = _key_from_keyring(backend)
            if key is not None:
                return key, KeyStorage.KEYRING
    return _key_from_file(key_file), KeyStorage.FILE


# --- stores -------------------------------------------------------------------------------


class FileDraftStore:
    """Encrypted drafts of one resident in a directory."""

    def __init__(self, data_dir: Path, auth_certificate_der: bytes, master_key: bytes, key_storage: KeyStorage) -> None:
        fingerprint = resident_fingerprint(auth_certificate_der)
        self._key_storage = key_storage
        self._key_id = hmac.new(master_key, b"mynadesk drafts key id", hashlib.sha256).digest()[:_KEY_ID_LEN]
        # Independent of the master key, so a lost key shows as "saved with another key"
        # rather than drafts silently vanishing.
        self._resident_id = hashlib.sha256(b"mynadesk drafts resident:" + fingerprint).hexdigest()[:32]
        resident_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=fingerprint, info=b"mynadesk drafts v1"
        ).derive(master_key)
        self._aead = AESGCM(resident_key)
        self.directory = data_dir / "drafts" / self._resident_id
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._remove_stale_temp_files()

    @classmethod
    def open(cls, data_dir: Path, auth_certificate_der: bytes, keyring_backend: KeyringLike | None = None) -> FileDraftStore:
        key, storage = load_master_key(data_dir, keyring_backend)
        return cls(data_dir, auth_certificate_der, key, storage)

    @property
    def key_storage(self) -> KeyStorage:
        return self._key_storage

    def _path(self, draft_id: str) -> Path:
        return self.directory / f"{draft_id}.draft"

    def _aad(self, draft_id: str) -> bytes:
        return _MAGIC + bytes([_VERSION]) + self._key_id + self._resident_id.encode() + draft_id.encode()

    def _remove_stale_temp_files(self) -> None:
        # Left by a crash between write and rename; the real file is intact.
        for tmp in self.directory.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()
        # Attached files of a draft that was never written (a crash in its first save).
        for att in self.directory.glob("*.att"):
            if not self._path(att.name.split(".")[0]).exists():
                with contextlib.suppress(OSError):
                    att.unlink()

    def _att_path(self, draft_id: str, sha: str) -> Path:
        return self.directory / f"{draft_id}.{sha}.att"

    def _att_aad(self, draft_id: str, sha: str) -> bytes:
        return self._aad(draft_id) + b"/attachment/" + sha.encode()

    def _seal(self, plain: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE_LEN)
        return _MAGIC + bytes([_VERSION]) + self._key_id + nonce + self._aead.encrypt(nonce, plain, aad)

    def _open(self, draft_id: str, blob: bytes, aad: bytes) -> bytes:
        """Raises DraftCorruptedError / DraftKeyUnavailableError; InvalidTag on a bad tag."""
        if len(blob) < _HEADER_LEN + 16 or not blob.startswith(_MAGIC) or blob[len(_MAGIC)] != _VERSION:
            raise DraftCorruptedError(draft_id)
        key_id = blob[len(_MAGIC) + 1 : len(_MAGIC) + 1 + _KEY_ID_LEN]
        if key_id != self._key_id:
            raise DraftKeyUnavailableError(draft_id)
        nonce = blob[_HEADER_LEN - _NONCE_LEN : _HEADER_LEN]
        return self._aead.decrypt(nonce, blob[_HEADER_LEN:], aad)

    def _encrypt(self, draft: Draft) -> bytes:
        return self._seal(draft_to_json(draft, inline=False), self._aad(draft.draft_id))

    def _load_attachment(self, draft_id: str, sha: str) -> bytes:
        try:
            blob = self._att_path(draft_id, sha).read_bytes()
        except OSError:
            raise DraftCorruptedError(draft_id) from None
        content = self._open(draft_id, blob, self._att_aad(draft_id, sha))
        if hashlib.sha256(content).hexdigest() != sha:
            raise DraftCorruptedError(draft_id)
        return content

    def _decrypt(self, draft_id: str, blob: bytes) -> Draft:
        try:
            plain = self._open(draft_id, blob, self._aad(draft_id))
            draft = draft_from_json(plain, lambda sha: self._load_attachment(draft_id, sha))
        except (InvalidTag, ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise DraftCorruptedError(draft_id) from None
        if draft.draft_id != draft_id:
            raise DraftCorruptedError(draft_id)
        return draft

    def list(self) -> list[DraftSummary]:
        out = []
        for path in sorted(self.directory.glob("*.draft")):
            draft_id = path.stem
            if not _DRAFT_ID.fullmatch(draft_id):
                continue
            try:
                out.append(_summary(self.load(draft_id)))
            except DraftNotFoundError:
                continue  # deleted meanwhile
            except DraftKeyUnavailableError:
                out.append(DraftSummary(draft_id, None, None, None, damaged=True, other_key=True))
            except DraftError:
                out.append(DraftSummary(draft_id, None, None, None, damaged=True))
        out.sort(key=lambda s: s.updated_at or "", reverse=True)
        return out

    def load(self, draft_id: str) -> Draft:
        _check_id(draft_id)
        try:
            blob = self._path(draft_id).read_bytes()
        except FileNotFoundError:
            raise DraftNotFoundError(draft_id) from None
        except OSError:
            raise DraftCorruptedError(draft_id) from None
        return self._decrypt(draft_id, blob)

    def save(self, draft: Draft) -> None:
        _check_id(draft.draft_id)
        files = {a.sha256: a.content for a in (*draft.attachments, *(draft.pending.attachments if draft.pending else ()))}
        for sha, content in files.items():  # before the draft that refers to them
            path = self._att_path(draft.draft_id, sha)
            if not path.exists():
                self._write(path, self._seal(content, self._att_aad(draft.draft_id, sha)), draft.draft_id)
        self._write(self._path(draft.draft_id), self._encrypt(draft), draft.draft_id)
        self._fsync_directory()
        self._remove_attachments(draft.draft_id, keep=set(files))

    def _remove_attachments(self, draft_id: str, keep: set[str]) -> None:
        for path in self.directory.glob(f"{draft_id}.*.att"):
            if path.name.split(".")[1] not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()

    def _write(self, final: Path, blob: bytes, draft_id: str) -> None:
        """``blob`` to ``final`` through a temp file, fsynced, renamed over (a crash leaves the
        previous version)."""
        tmp = self.directory / f".{draft_id}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(blob)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise DraftWriteError(f"could not save draft {draft_id}: {exc.strerror}") from None

    def _fsync_directory(self) -> None:
        if os.name != "posix":
            return
        with contextlib.suppress(OSError):
            fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def delete(self, draft_id: str) -> None:
        _check_id(draft_id)
        try:
            self._path(draft_id).unlink()
        except FileNotFoundError:
            raise DraftNotFoundError(draft_id) from None
        self._remove_attachments(draft_id, keep=set())
        self._fsync_directory()


class MemoryDraftStore:
    """Drafts in memory only (kiosk mode). `wipe()` on logout, card removal or idle timeout."""

    def __init__(self) -> None:
        self._drafts: dict[str, Draft] = {}

    @property
    def key_storage(self) -> KeyStorage:
        return KeyStorage.MEMORY

    def list(self) -> list[DraftSummary]:
        return sorted((_summary(d) for d in self._drafts.values()), key=lambda s: s.updated_at or "", reverse=True)

    def load(self, draft_id: str) -> Draft:
        try:
            return self._drafts[draft_id]
        except KeyError:
            raise DraftNotFoundError(draft_id) from None

    def save(self, draft: Draft) -> None:
        _check_id(draft.draft_id)
        # Round-trip through JSON: the same values a file store would give back, and no aliasing.
        self._drafts[draft.draft_id] = draft_from_json(draft_to_json(draft))

    def delete(self, draft_id: str) -> None:
        if self._drafts.pop(draft_id, None) is None:
            raise DraftNotFoundError(draft_id)

    def wipe(self) -> None:
        self._drafts.clear()


def _same_contents(a: Draft, b: Draft) -> bool:
    """Whether saving ``a`` over ``b`` would change what the resident gets back (the time of the
    last change aside). Unchanged attachments are the same objects, so comparing them is cheap."""
    return (a.draft_id, a.form_id, a.municipality_code, a.values, a.attachments, a.idempotency_key,
            a.pending, a.page) == (b.draft_id, b.form_id, b.municipality_code, b.values, b.attachments,
                                   b.idempotency_key, b.pending, b.page)


def _in_thread(fn: Callable[[], bool]) -> tuple[asyncio.Future[bool], threading.Thread]:
    """Runs ``fn`` on a thread of its own that ends with it (no pool left running) and resolves
    the returned future on the calling loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[bool] = loop.create_future()

    def settle(result: bool | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(bool(result))

    def work() -> None:
        try:
            result = fn()
        except BaseException as exc:  # handed to the awaiting task, raised there
            loop.call_soon_threadsafe(settle, None, exc)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    thread = threading.Thread(target=work, name="draft-save", daemon=True)
    thread.start()
    return future, thread


class DraftAutosave:
    """Keeps one draft saved while it is being edited: each version is written off the caller's
    thread (:meth:`save`) or, when the screen goes away, at once (:meth:`save_now`); a version
    equal to the one last written is not written again.

    Versions are numbered in the order the caller hands them over, and a write never puts an
    older version over a newer one, whichever thread gets to the store first. After
    :meth:`close` nothing more is written (a kiosk wipe stays wiped)."""

    def __init__(self, store: DraftStore, saved: Draft) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._saved = saved  # what the store holds (as loaded, or as last written)
        self._latest = saved  # the newest version handed over (written, in flight, or saved)
        self._handed = 0  # versions handed over (caller's thread only)
        self._written = 0  # the newest version number written or found unchanged
        self._closed = False
        self._in_flight: set[asyncio.Future[bool]] = set()

    @property
    def saved(self) -> Draft:
        return self._saved

    def changed(self, draft: Draft) -> bool:
        """Whether ``draft`` differs from the newest version handed over (saved or on its way)."""
        return not _same_contents(draft, self._latest)

    def reset(self, draft: Draft) -> None:
        """The store holds ``draft`` now (another party wrote it, e.g. a submission's pending request)."""
        with self._lock:
            self._saved = self._latest = draft

    def close(self) -> None:
        with self._lock:
            self._closed = True

    def _write(self, draft: Draft, number: int) -> bool:
        with self._lock:
            if self._closed or number <= self._written:
                return False  # a newer version is already there
            self._written = number
            if _same_contents(draft, self._saved):
                return False
            try:
                self._store.save(draft)
            except Exception:
                if number == self._handed:  # the next save writes again, whatever it holds
                    self._latest = self._saved
                raise  # DraftError: the older version stays in place
            self._saved = draft
            return True

    def save_now(self, draft: Draft) -> bool:
        """Writes ``draft`` on this thread if it changed; True when written."""
        self._handed += 1
        self._latest = draft
        return self._write(draft, self._handed)

    async def save(self, draft: Draft) -> bool:
        """Writes ``draft`` on a thread of its own if it changed; True when written."""
        if not self.changed(draft):
            return False
        self._handed += 1
        self._latest = draft
        number = self._handed
        future, thread = _in_thread(lambda: self._write(draft, number))
        self._in_flight.add(future)
        future.add_done_callback(self._in_flight.discard)
        try:
            return await asyncio.shield(future)
        finally:
            if future.done():
                thread.join(1.0)  # it has handed over its result: only its last steps are left

    async def settle(self) -> None:
        """Waits until every write handed over has reached the store (errors are the savers')."""
        while self._in_flight:
            await asyncio.wait(set(self._in_flight))

    @property
    def writing(self) -> bool:
        return bool(self._in_flight)


def open_draft_store(
    auth_certificate_der: bytes,
    *,
    kiosk: bool = False,
    data_dir: Path | None = None,
    keyring_backend: KeyringLike | None = None,
) -> DraftStore:
    """The store for the logged-in resident: in memory for a kiosk, else encrypted files
    under the user's data directory."""
    if kiosk:
        return MemoryDraftStore()
    if data_dir is None:
        import platformdirs

        data_dir = Path(platformdirs.user_data_dir("mynadesk", appauthor=False))
    return FileDraftStore.open(data_dir, auth_certificate_der, keyring_backend)
