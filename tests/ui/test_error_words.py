"""Every error code has words a resident can act on, in Japanese and in English: each code the
client raises (the error classes of app/, walked) and each code the server's OpenAPI document
declares. The words live in one module (ui.error_words) and one translation context."""

from __future__ import annotations

import ast
import inspect
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

import app.card.errors
import app.portal.errors
from app.card.pin import PinKind
from app.settings import Language
from tests.fixtures.stub import InProcessStub
from ui import error_words
from ui.i18n import install_translators
from ui.i18n_check import catalog_messages, ts_files

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "resources" / "i18n" / "error_words_en.ts"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
PARENTHESIZED = re.compile(r"\([^()]*\)|（[^（）]*）")


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _portal_codes_in_calls() -> set[str]:
    """Literal codes app/ passes to a portal error (``SessionExpired("token_invalid")``...)."""
    classes = [app.portal.errors.PortalError, *_subclasses(app.portal.errors.PortalError)]
    # Only constructors whose first argument is the code (not MalformedResponse's field path).
    names = {c.__name__ for c in classes if list(inspect.signature(c.__init__).parameters)[1:2] == ["code"]}
    assert {"SessionExpired", "ValidationFailed", "RequestRejected"} <= names
    codes: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in names and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                codes.add(node.args[0].value)
    return codes


def client_codes() -> set[str]:
    import app.card.jpki  # its private CardError subclass must be seen (and skipped) too
    import app.session
    card = {c.code for c in [app.card.errors.CardError, *_subclasses(app.card.errors.CardError)]
            if not c.__name__.startswith("_")}
    portal = {c.code for c in [app.portal.errors.PortalError, *_subclasses(app.portal.errors.PortalError)]
              if isinstance(c.__dict__.get("code"), str)}
    session = {app.session._code_for(r) for r in (None, app.session.REASON_IDLE, app.session.REASON_LOGGED_OUT)}
    return card | portal | set(app.portal.errors.AuthErrorCode) | _portal_codes_in_calls() | session | {"backend_not_ready"}


def server_codes(stub: InProcessStub) -> set[str]:
    document = stub.client.get("/openapi.json").json()
    enum: list[str] = document["components"]["schemas"]["ErrorCode"]["enum"]
    return set(enum)


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    assert install_translators(qapp, Language.EN)
    try:
        yield
    finally:
        install_translators(qapp, Language.JA)


def test_the_walk_finds_the_codes_of_each_kind(stub_app: InProcessStub) -> None:
    codes = client_codes()
    assert {"no_reader", "wrong_pin", "text_integrity_failed", "backend_timeout", "challenge_expired",
            "token_expired", "logged_out", "rate_limited"} <= codes
    assert "card_reset" in codes  # jpki's private _SelectionLost shares it; the walk skips private classes
    assert {"invalid_form", "card_declined", "internal_error", "payload_too_large"} <= server_codes(stub_app)


def test_every_client_and_server_code_has_japanese_and_english_words(
        qapp: QApplication, stub_app: InProcessStub) -> None:
    codes = sorted(client_codes() | server_codes(stub_app))
    fallback = error_words.code_text("no_such_code")
    japanese = {code: error_words.code_text(code) for code in codes}
    unworded = [c for c, text in japanese.items() if c in text or text == fallback or not JAPANESE.search(text)]
    assert not unworded, unworded
    assert install_translators(qapp, Language.EN)
    try:
        english = {code: error_words.code_text(code) for code in codes}
    finally:
        install_translators(qapp, Language.JA)
    untranslated = [c for c in codes if english[c] == japanese[c] or JAPANESE.search(PARENTHESIZED.sub("", english[c]))]
    assert not untranslated, untranslated


def test_the_catalog_and_its_qm_hold_every_text_of_the_module() -> None:
    sources = {s for c, s in catalog_messages(CATALOG) if c == error_words.CONTEXT}
    module_texts = {*error_words.TEXTS.values()}
    assert module_texts <= sources
    root = ET.parse(CATALOG).getroot()
    assert all((m.findtext("translation") or "").strip() for m in root.iter("message"))
    translator = QTranslator()
    assert translator.load(str(CATALOG.with_suffix(".qm")))
    missing = [s for s in sorted(sources) if not translator.translate(error_words.CONTEXT, s)]
    assert not missing, missing


def test_no_other_context_words_the_same_texts() -> None:
    """One context: a sentence of the module is nowhere else in the catalogs (no second wording;
    a PIN's name, also the PIN dialog's title, may be)."""
    mine = {s for c, s in catalog_messages(CATALOG) if c == error_words.CONTEXT and s.endswith("。")}
    elsewhere = {(ts.name, c, s) for ts in ts_files() if ts != CATALOG
                 for c, s in catalog_messages(ts) if s in mine}
    assert not elsewhere, sorted(elsewhere)


def test_a_conflicting_code_reads_the_same_everywhere(qapp: QApplication) -> None:
    """backend_timeout was "…応答がありません" at login and "…応答が遅れています" on the portal screens."""
    timeout = app.portal.errors.BackendTimeout("read")
    assert error_words.error_text(timeout) == "サーバーの応答がありませんでした。しばらくしてから、もう一度お試しください。"
    removed = app.card.errors.CardRemovedDuringOperation("gone")
    assert error_words.error_text(removed).startswith("カードが読み取り機から外れました。")
    assert "ログイン" not in error_words.error_text(removed)  # also read on the card screen and in the wizard


def test_parametrised_codes_keep_their_parameters(qapp: QApplication) -> None:
    assert "残り2回" in error_words.error_text(app.card.errors.WrongPin(PinKind.AUTH, 2))
    assert "次に間違えるとロックされます" in error_words.error_text(app.card.errors.WrongPin(PinKind.AUTH, 1))
    assert "30秒" in error_words.error_text(app.portal.errors.RateLimited(29.2))
    assert "住民基本台帳カード" in error_words.error_text(app.card.errors.NotMyNumberCard("jukicard"))
    assert "英字と数字の両方" in error_words.error_text(app.card.errors.PinFormatError(PinKind.SIGN, "mix"))
    assert error_words.application_refusal_text("certificate_expired").startswith("署名用電子証明書")
    assert error_words.code_text("certificate_expired").startswith("利用者証明用電子証明書")


def test_form_validation_codes_app_issues_have_both_languages() -> None:
    """The forms' validation codes are data (resources/forms/messages.json), worded by issue_text."""
    issued: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("ValidationIssue", "_issue")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                issued.add(node.args[0].value)
    assert {"required", "attachment.missing", "repeat.too_few"} <= issued
    messages = json.loads((ROOT / "resources" / "forms" / "messages.json").read_text(encoding="utf-8"))["messages"]
    unworded = sorted(c for c in issued if not (messages.get(c, {}).get("ja") and messages.get(c, {}).get("en")))
    assert not unworded, unworded
