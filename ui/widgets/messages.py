"""Words for the codes of the card layer and the portal client (app/ returns codes; ui/ words them)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.card.errors import CardError, NotMyNumberCard, PinBlocked, WrongPin
from app.card.pin import PinKind

if TYPE_CHECKING:
    from app.portal.errors import PortalError

# app.portal.errors is imported on use: importing anything under app.portal loads the HTTP
# client (requests), which the login screen must not pay for before the window is up.

CONTEXT = "LoginMessages"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def service_help(platform: str | None = None) -> str:
    """How to start the smart-card service on this OS."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return _tr("Windows の「Smart Card」サービスが止まっています。スタートメニューで「サービス」を開き、"
                   "「Smart Card」を右クリックして「開始」を選んでください（スタートアップの種類は「自動」に）。")
    if platform == "darwin":
        return _tr("macOS のスマートカード機能が応答していません。カードリーダーを挿し直し、"
                   "それでも直らなければ Mac を再起動してください。")
    return _tr("スマートカードのサービス（pcscd）が動いていません。端末で次のコマンドを実行してから、"
               "もう一度お試しください: sudo systemctl start pcscd")


def blocked_text(kind: PinKind) -> str:
    names = {
        PinKind.AUTH: _tr("利用者証明用電子証明書の暗証番号"),
        PinKind.SIGN: _tr("署名用電子証明書の暗証番号"),
        PinKind.KENHOJO: _tr("券面事項入力補助用の暗証番号"),
    }
    text = _tr("{name}がロックされています。このアプリでは解除できません。"
               "お住まいの市区町村の窓口で暗証番号を再設定してください。"
               "持ち物: マイナンバーカード（窓口によっては本人確認書類も）。").format(name=names[kind])
    if kind is PinKind.SIGN:
        text += _tr("署名用の暗証番号は、一部のコンビニのキオスク端末でも再設定できます（利用者証明用の暗証番号が必要）。")
    return text


def wrong_pin_text(tries: int) -> str:
    if tries == 1:
        return _tr("暗証番号が違います。残り1回です。次に間違えるとロックされます。")
    return _tr("暗証番号が違います。残り{n}回です。").format(n=tries)


def not_mynumber_text(kind: str) -> str:
    if kind == "jukicard":
        return _tr("これは住民基本台帳カードです。マイナンバーカードに差し替えてください。")
    if kind == "smartphone":
        return _tr("これはスマートフォン用の電子証明書です。パソコンではマイナンバーカードを使ってください。")
    return _tr("このカードはマイナンバーカードではありません。マイナンバーカードに差し替えてください"
               "（キャッシュカードなど別のカードが入っていないか確認してください）。")


# Keyed by app.portal.errors.AuthErrorCode values (a StrEnum: its members find these keys).
AUTH_MESSAGES = {
    "challenge_unknown": "ログインの手続きがサーバー側で見つかりませんでした（サーバーが再起動した可能性があります）。"
                                     "もう一度「ログイン」を押してください。",
    "challenge_expired": "ログインの手続きの有効期限（5分）が切れました。もう一度「ログイン」を押してください。",
    "challenge_used": "このログインの手続きはすでに使われていました。もう一度「ログイン」を押してください。",
    "origin_mismatch": "接続先サーバーのアドレスが、サーバー自身の名乗るアドレスと一致しません。"
                                   "安全のためログインを中止しました。接続先の設定を管理者に確認してください。",
    "untrusted_certificate": "このカードの電子証明書は、このサーバーが信頼する認証局から発行されたものではありません。",
    "certificate_expired": "利用者証明用電子証明書の有効期限が切れています。"
                                       "お住まいの市区町村の窓口で電子証明書を更新してください。",
    "certificate_revoked": "利用者証明用電子証明書は失効しています（紛失の届け出などによる）。"
                                       "お住まいの市区町村の窓口で電子証明書の再発行を受けてください。",
    "invalid_signature": "カードの署名をサーバーで確認できませんでした。カードを置き直して、もう一度お試しください。",
    "unknown_certificate": "このカードの利用者は、このサービスに登録されていません。",
    "bad_request": "サーバーがログインの要求を受け付けませんでした。アプリを最新版に更新してください。",
    "auth_failed": "サーバーがログインを拒否しました。しばらくしてからもう一度お試しください。",
}
# The dicts hold Japanese source texts, translated on use in CONTEXT (catalog: login_en.ts).

PORTAL_MESSAGES = {
    "backend_unreachable": "サーバーに接続できません。ネットワークの接続を確認して、もう一度お試しください。",
    "backend_timeout": "サーバーの応答がありません。しばらくしてからもう一度お試しください。",
    "tls_error": "サーバーの証明書を確認できないため、接続を中止しました。接続先の設定を確認してください。",
    "server_error": "サーバーで問題が起きています。しばらくしてからもう一度お試しください。",
    "malformed_response": "サーバーから想定外の応答がありました。しばらくしてからもう一度お試しください。",
    "backend_not_ready": "サーバーの準備ができていません。画面上部のサーバーの状態を確認してください。",
}

CARD_MESSAGES = {
    "card_removed": "カードが取り外されたため、ログインは完了していません。カードを置き直して、もう一度「ログイン」を押してください。",
    "no_card": "カードが見つかりません。カードを置き直してください。",
    "no_reader": "カードリーダーが見つかりません。つなぎ直してください。",
    "card_reset": "ほかのアプリがカードを使ったため、読み取りが中断されました。もう一度お試しください。",
    "unsupported_command": "このカードリーダーは必要な命令に対応していません。別のカードリーダーをお試しください。",
    "protocol_error": "カードから想定外の応答がありました。カードを置き直して、もう一度お試しください。",
    "certificate_not_readable": "カードの電子証明書を読み取れませんでした。カードを置き直してください。",
    "service_unavailable": "スマートカードのサービスが止まっています。",
    "cancelled": "操作が中止されました。",
}


def card_error_text(exc: CardError) -> str:
    if isinstance(exc, WrongPin):
        return wrong_pin_text(exc.tries_left)
    if isinstance(exc, PinBlocked):
        return blocked_text(exc.pin_kind)
    if isinstance(exc, NotMyNumberCard):
        return not_mynumber_text(exc.kind)
    if exc.code == "service_unavailable":
        return service_help()
    text = CARD_MESSAGES.get(exc.code)
    if text is None:
        return _tr("カードを読み取れませんでした（{code}）。カードを置き直してください。").format(code=exc.code)
    return _tr(text)


def portal_error_text(exc: PortalError) -> str:
    from app.portal.errors import AuthError, AuthErrorCode, RateLimited

    if isinstance(exc, AuthError):
        return _tr(AUTH_MESSAGES.get(exc.code, AUTH_MESSAGES[AuthErrorCode.UNRECOGNISED]))
    if isinstance(exc, RateLimited):
        if exc.retry_after:
            return _tr("ログインの失敗が続いたため、一時的にログインできません。{n}秒ほど待ってからお試しください。").format(
                n=int(exc.retry_after + 0.999))
        return _tr("ログインの失敗が続いたため、一時的にログインできません。しばらく待ってからお試しください。")
    text = PORTAL_MESSAGES.get(exc.code)
    if text is None:
        return _tr("サーバーとのやりとりに失敗しました（{code}）。").format(code=exc.code)
    return _tr(text)


def backend_not_ready_text() -> str:
    return _tr(PORTAL_MESSAGES["backend_not_ready"])
