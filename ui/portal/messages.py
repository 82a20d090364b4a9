"""Words for the portal client's error codes (app/ returns codes, ui/ words them)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.portal.errors import PortalError


def tr(text: str) -> str:
    return QCoreApplication.translate("PortalMessages", text)


def error_text(exc: BaseException) -> str:
    code = exc.code if isinstance(exc, PortalError) else ""
    texts = {
        "backend_unreachable": tr("サーバーに接続できません。ネットワークを確認して、もう一度お試しください。"),
        "backend_timeout": tr("サーバーの応答が遅れています。しばらくしてから、もう一度お試しください。"),
        "tls_error": tr("サーバーの証明書を確認できません。"),
        "server_error": tr("サーバーでエラーが起きました。しばらくしてから、もう一度お試しください。"),
        "malformed_response": tr("サーバーの応答を読み取れませんでした。"),
        "token_expired": tr("ログインの有効期限が切れました。もう一度ログインしてください。"),
        "token_invalid": tr("ログインが必要です。"),
        "rate_limited": tr("操作が集中しています。しばらくしてから、もう一度お試しください。"),
        "not_found": tr("対象が見つかりません。"),
        "card_declined": tr("カード会社により決済が承認されませんでした。別のカードか Pay-easy をお使いください。"),
        "invalid_card": tr("カード番号が正しくありません。"),
        "invalid_expiry": tr("有効期限は MM/YY の形で入力してください。"),
        "card_expired": tr("カードの有効期限が切れています。"),
        "invalid_cvc": tr("セキュリティコードが正しくありません。"),
        "already_paid": tr("この納付はすでに完了しています。"),
        "consent_required": tr("連携には同意が必要です。"),
    }
    return texts.get(code, tr("処理できませんでした。もう一度お試しください。"))
