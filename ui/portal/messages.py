"""Words for the portal client's error codes (app/ returns codes, ui/ words them)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.portal.errors import PortalError

translate = QCoreApplication.translate


def error_text(exc: BaseException) -> str:
    code = exc.code if isinstance(exc, PortalError) else ""
    texts = {
        "backend_unreachable": translate("PortalMessages", "サーバーに接続できません。ネットワークを確認して、もう一度お試しください。"),
        "backend_timeout": translate("PortalMessages", "サーバーの応答が遅れています。しばらくしてから、もう一度お試しください。"),
        "tls_error": translate("PortalMessages", "サーバーの証明書を確認できません。"),
        "server_error": translate("PortalMessages", "サーバーでエラーが起きました。しばらくしてから、もう一度お試しください。"),
        "malformed_response": translate("PortalMessages", "サーバーの応答を読み取れませんでした。"),
        "token_expired": translate("PortalMessages", "ログインの有効期限が切れました。もう一度ログインしてください。"),
        "token_invalid": translate("PortalMessages", "ログインが必要です。"),
        "rate_limited": translate("PortalMessages", "操作が集中しています。しばらくしてから、もう一度お試しください。"),
        "not_found": translate("PortalMessages", "対象が見つかりません。"),
        "card_declined": translate("PortalMessages", "カード会社により決済が承認されませんでした。別のカードか Pay-easy をお使いください。"),
        "invalid_card": translate("PortalMessages", "カード番号が正しくありません。"),
        "invalid_expiry": translate("PortalMessages", "有効期限は MM/YY の形で入力してください。"),
        "card_expired": translate("PortalMessages", "カードの有効期限が切れています。"),
        "invalid_cvc": translate("PortalMessages", "セキュリティコードが正しくありません。"),
        "already_paid": translate("PortalMessages", "この納付はすでに完了しています。"),
        "consent_required": translate("PortalMessages", "連携には同意が必要です。"),
        "invalid_account": translate("PortalMessages", "アカウントは、サービスに登録したメールアドレスの形で入力してください。"),
    }
    return texts.get(code, translate("PortalMessages", "処理できませんでした。もう一度お試しください。"))
