"""Words for the codes of the card layer and the portal client (app/ returns codes; ui/ words them)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.card.errors import CardError, NotMyNumberCard, PinBlocked, WrongPin
from app.card.pin import PinKind
from ui.tr import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.portal.errors import PortalError

# app.portal.errors is imported on use: importing anything under app.portal loads the HTTP
# client (requests), which the login screen must not pay for before the window is up.


def service_help(platform: str | None = None) -> str:
    """How to start the smart-card service on this OS."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return QCoreApplication.translate("LoginMessages", "Windows の「Smart Card」サービスが止まっています。スタートメニューで「サービス」を開き、"
                                                           "「Smart Card」を右クリックして「開始」を選んでください（スタートアップの種類は「自動」に）。")
    if platform == "darwin":
        return QCoreApplication.translate("LoginMessages", "macOS のスマートカード機能が応答していません。カードリーダーを挿し直し、"
                                                           "それでも直らなければ Mac を再起動してください。")
    return QCoreApplication.translate("LoginMessages", "スマートカードのサービス（pcscd）が動いていません。端末で次のコマンドを実行してから、"
                                                       "もう一度お試しください: sudo systemctl start pcscd")


def blocked_text(kind: PinKind) -> str:
    """What a resident can do about a blocked PIN, for that PIN.

    The two certificate PINs can be reset at a convenience-store kiosk after booking with the
    「JPKI暗証番号リセット」 smartphone app, provided the *other* certificate PIN is known; the
    kenhojo PIN, or both unknown, only at the municipal office (src:naka-jpki-reset,
    src:koka-jpki-reset, src:kasai-jpki-reset)."""
    names = {
        PinKind.AUTH: QCoreApplication.translate("LoginMessages", "利用者証明用電子証明書の暗証番号"),
        PinKind.SIGN: QCoreApplication.translate("LoginMessages", "署名用電子証明書の暗証番号"),
        PinKind.KENHOJO: QCoreApplication.translate("LoginMessages", "券面事項入力補助用の暗証番号"),
    }
    text = QCoreApplication.translate("LoginMessages", "{name}がロックされています。このアプリでは解除できません。").format(name=names[kind])
    if kind is PinKind.AUTH:
        text += QCoreApplication.translate(
            "LoginMessages", "署名用電子証明書の暗証番号（英数字6〜16文字）が分かる場合は、スマートフォンの「JPKI暗証番号リセット」アプリで"
                             "事前予約をしてから、対応するコンビニ等のキオスク端末で初期化・再設定できます（ICチップを読み取れるスマートフォンが必要です）。"
                             "署名用の暗証番号も分からない場合は、お住まいの市区町村の窓口で再設定してください。")
    elif kind is PinKind.SIGN:
        text += QCoreApplication.translate(
            "LoginMessages", "利用者証明用電子証明書の暗証番号（数字4桁）が分かる場合は、スマートフォンの「JPKI暗証番号リセット」アプリで"
                             "事前予約をしてから、対応するコンビニ等のキオスク端末で初期化・再設定できます（ICチップを読み取れるスマートフォンが必要です）。"
                             "利用者証明用の暗証番号も分からない場合は、お住まいの市区町村の窓口で再設定してください。")
    else:
        text += QCoreApplication.translate(
            "LoginMessages", "この暗証番号はコンビニでは再設定できません。お住まいの市区町村の窓口で再設定してください。")
    return text + QCoreApplication.translate(
        "LoginMessages", "窓口の持ち物: マイナンバーカード（本人確認書類も求める市区町村があります）。")


def wrong_pin_text(tries: int) -> str:
    if tries == 1:
        return QCoreApplication.translate("LoginMessages", "暗証番号が違います。残り1回です。次に間違えるとロックされます。")
    return QCoreApplication.translate("LoginMessages", "暗証番号が違います。残り{n}回です。").format(n=tries)


def not_mynumber_text(kind: str) -> str:
    if kind == "jukicard":
        return QCoreApplication.translate("LoginMessages", "これは住民基本台帳カードです。マイナンバーカードに差し替えてください。")
    if kind == "smartphone":
        return QCoreApplication.translate("LoginMessages", "これはスマートフォン用の電子証明書です。パソコンではマイナンバーカードを使ってください。")
    return QCoreApplication.translate("LoginMessages", "このカードはマイナンバーカードではありません。マイナンバーカードに差し替えてください"
                                                       "（キャッシュカードなど別のカードが入っていないか確認してください）。")


# Keyed by app.portal.errors.AuthErrorCode values (a StrEnum: its members find these keys).
AUTH_MESSAGES = {
    "challenge_unknown": QT_TRANSLATE_NOOP("LoginMessages", "ログインの手続きがサーバー側で見つかりませんでした（サーバーが再起動した可能性があります）。"
                                                            "もう一度「ログイン」を押してください。"),
    "challenge_expired": QT_TRANSLATE_NOOP("LoginMessages", "ログインの手続きの有効期限（5分）が切れました。もう一度「ログイン」を押してください。"),
    "challenge_used": QT_TRANSLATE_NOOP("LoginMessages", "このログインの手続きはすでに使われていました。もう一度「ログイン」を押してください。"),
    "origin_mismatch": QT_TRANSLATE_NOOP("LoginMessages", "接続先サーバーのアドレスが、サーバー自身の名乗るアドレスと一致しません。"
                                                          "安全のためログインを中止しました。接続先の設定を管理者に確認してください。"),
    "untrusted_certificate": QT_TRANSLATE_NOOP("LoginMessages", "このカードの電子証明書は、このサーバーが信頼する認証局から発行されたものではありません。"),
    "certificate_expired": QT_TRANSLATE_NOOP("LoginMessages", "利用者証明用電子証明書の有効期限が切れています。"
                                                              "お住まいの市区町村の窓口で電子証明書を更新してください。"),
    "certificate_revoked": QT_TRANSLATE_NOOP("LoginMessages", "利用者証明用電子証明書は失効しています（紛失の届け出などによる）。"
                                                              "お住まいの市区町村の窓口で電子証明書の再発行を受けてください。"),
    "invalid_signature": QT_TRANSLATE_NOOP("LoginMessages", "カードの署名をサーバーで確認できませんでした。カードを置き直して、もう一度お試しください。"),
    "unknown_certificate": QT_TRANSLATE_NOOP("LoginMessages", "このカードの利用者は、このサービスに登録されていません。"),
    "bad_request": QT_TRANSLATE_NOOP("LoginMessages", "サーバーがログインの要求を受け付けませんでした。アプリを最新版に更新してください。"),
    "auth_failed": QT_TRANSLATE_NOOP("LoginMessages", "サーバーがログインを拒否しました。しばらくしてからもう一度お試しください。"),
}
# The dicts hold Japanese source texts (QT_TRANSLATE_NOOP marks them for lupdate), translated on
# use in the LoginMessages context (catalog: login_en.ts).

PORTAL_MESSAGES = {
    "backend_unreachable": QT_TRANSLATE_NOOP("LoginMessages", "サーバーに接続できません。ネットワークの接続を確認して、もう一度お試しください。"),
    "backend_timeout": QT_TRANSLATE_NOOP("LoginMessages", "サーバーの応答がありません。しばらくしてからもう一度お試しください。"),
    "tls_error": QT_TRANSLATE_NOOP("LoginMessages", "サーバーの証明書を確認できないため、接続を中止しました。接続先の設定を確認してください。"),
    "server_error": QT_TRANSLATE_NOOP("LoginMessages", "サーバーで問題が起きています。しばらくしてからもう一度お試しください。"),
    "malformed_response": QT_TRANSLATE_NOOP("LoginMessages", "サーバーから想定外の応答がありました。しばらくしてからもう一度お試しください。"),
    "backend_not_ready": QT_TRANSLATE_NOOP("LoginMessages", "サーバーの準備ができていません。画面上部のサーバーの状態を確認してください。"),
}

CARD_MESSAGES = {
    "card_removed": QT_TRANSLATE_NOOP("LoginMessages", "カードが取り外されたため、ログインは完了していません。カードを置き直して、もう一度「ログイン」を押してください。"),
    "no_card": QT_TRANSLATE_NOOP("LoginMessages", "カードが見つかりません。カードを置き直してください。"),
    "no_reader": QT_TRANSLATE_NOOP("LoginMessages", "カードリーダーが見つかりません。つなぎ直してください。"),
    "card_reset": QT_TRANSLATE_NOOP("LoginMessages", "ほかのアプリがカードを使ったため、読み取りが中断されました。もう一度お試しください。"),
    "unsupported_command": QT_TRANSLATE_NOOP("LoginMessages", "このカードリーダーは必要な命令に対応していません。別のカードリーダーをお試しください。"),
    "protocol_error": QT_TRANSLATE_NOOP("LoginMessages", "カードから想定外の応答がありました。カードを置き直して、もう一度お試しください。"),
    "no_signing_certificate": QT_TRANSLATE_NOOP("LoginMessages", "このカードには署名用電子証明書がありません（15歳未満で交付されたカードにはありません）。"),
    "certificate_not_readable": QT_TRANSLATE_NOOP("LoginMessages", "カードの電子証明書を読み取れませんでした。カードを置き直してください。"),
    "service_unavailable": QT_TRANSLATE_NOOP("LoginMessages", "スマートカードのサービスが止まっています。"),
    "cancelled": QT_TRANSLATE_NOOP("LoginMessages", "操作が中止されました。"),
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
        return QCoreApplication.translate("LoginMessages", "カードを読み取れませんでした（{code}）。カードを置き直してください。").format(code=exc.code)
    return QCoreApplication.translate("LoginMessages", text)


def portal_error_text(exc: PortalError) -> str:
    from app.portal.errors import AuthError, AuthErrorCode, RateLimited

    if isinstance(exc, AuthError):
        return QCoreApplication.translate("LoginMessages", AUTH_MESSAGES.get(exc.code, AUTH_MESSAGES[AuthErrorCode.UNRECOGNISED]))
    if isinstance(exc, RateLimited):
        if exc.retry_after:
            return QCoreApplication.translate("LoginMessages", "ログインの失敗が続いたため、一時的にログインできません。{n}秒ほど待ってからお試しください。").format(
                n=int(exc.retry_after + 0.999))
        return QCoreApplication.translate("LoginMessages", "ログインの失敗が続いたため、一時的にログインできません。しばらく待ってからお試しください。")
    text = PORTAL_MESSAGES.get(exc.code)
    if text is None:
        return QCoreApplication.translate("LoginMessages", "サーバーとのやりとりに失敗しました（{code}）。").format(code=exc.code)
    return QCoreApplication.translate("LoginMessages", text)


def backend_not_ready_text() -> str:
    return QCoreApplication.translate("LoginMessages", PORTAL_MESSAGES["backend_not_ready"])
