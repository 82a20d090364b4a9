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
        "not_represented": translate("PortalMessages", "この方の代理人ではなくなりました（解除されたか、期限が過ぎました）。"),
        "not_permitted_for_proxy": translate("PortalMessages", "この操作は代理人としてはできません。"),
    }
    return texts.get(code, translate("PortalMessages", "処理できませんでした。もう一度お試しください。"))


def application_refusal_text(code: str) -> str:
    """Why the backend refused an application (POST /applications), or "" for a code worded elsewhere."""
    texts = {
        "payload_mismatch": translate("PortalMessages", "署名した内容と送った内容が一致しませんでした。もう一度署名して送信してください。"),
        "invalid_form": translate("PortalMessages", "申請の内容に、サーバーが受け付けられない項目がありました。内容を確認して、もう一度署名してください。"),
        "wrong_municipality": translate("PortalMessages", "この申請は、選んだ市区町村には出せません。お住まいの市区町村の窓口へ申請してください。"),
        "signed_at_out_of_range": translate("PortalMessages", "署名してから時間がたちすぎました。パソコンの時計を確認して、もう一度署名してください。"),
        "quota_exceeded": translate("PortalMessages", "添付ファイルが大きすぎるか、保存できる容量を超えています。ファイルを小さくしてください。"),
        "payload_too_large": translate("PortalMessages", "送信する内容が大きすぎます。添付ファイルを小さくしてください。"),
    }
    return texts.get(code, "")
