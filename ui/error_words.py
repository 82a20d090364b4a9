"""The words for every error code: the card layer's, the portal client's and the server's.

``app/`` raises errors that carry a stable ``code``; the server answers ``{"error": code}``.
This module is the one place that turns a code into what a resident reads: what happened and
what to do about it. The Japanese source texts are here (marked with ``QT_TRANSLATE_NOOP``),
their English is in ``resources/i18n/error_words_en.ts``, all in the one translation context
``ErrorWords``. Every screen words an error through :func:`error_text` (an exception) or
:func:`code_text` (a bare code); tests/ui/test_error_words.py walks the error classes of
``app/`` and the error codes of the stub's OpenAPI document and fails for a code without
words in either language.

The validation codes of the application forms (``required``, ``attachment.missing``…) are
data, not code: their Japanese and English templates are ``resources/forms/messages.json``
(worded by :func:`ui.kosodate.common.issue_text`); the same test checks every one app/ issues.

Importing this module loads neither requests nor anything under ``app.portal`` (the login
screen imports it before the window is up): portal errors are recognised by their code.
"""

from __future__ import annotations

import sys
from typing import Final

from PySide6.QtCore import QCoreApplication

from app.card.errors import CardError, NotMyNumberCard, PinBlocked, PinFormatError, WrongPin
from app.card.pin import PinKind
from ui.tr import QT_TRANSLATE_NOOP

CONTEXT: Final = "ErrorWords"


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


_SERVER_TROUBLE = QT_TRANSLATE_NOOP("ErrorWords", "サーバーで問題が起きています。しばらくしてから、もう一度お試しください。")
_NOT_ACCEPTED = QT_TRANSLATE_NOOP("ErrorWords", "サーバーが要求を受け付けませんでした。アプリを最新版に更新してから、もう一度お試しください。")
_LOG_IN_AGAIN = QT_TRANSLATE_NOOP("ErrorWords", "ログインが必要です。もう一度ログインしてください。")

#: Code → Japanese source text, for every code worded by one sentence. The codes with
#: parameters (a PIN's kind, the tries left, the card's kind, a wait) have functions below,
#: and :func:`code_text` words those too, with neutral parameters.
TEXTS: Final[dict[str, str]] = {
    # -- the card layer (app.card.errors) ----------------------------------------------------
    "card_error": QT_TRANSLATE_NOOP("ErrorWords", "カードを読み取れませんでした。カードを置き直して、もう一度お試しください。"),
    "no_reader": QT_TRANSLATE_NOOP("ErrorWords", "カードリーダーが見つかりません。カードリーダーをパソコンにつなぎ直してください。"),
    "no_card": QT_TRANSLATE_NOOP("ErrorWords", "カードが見つかりません。マイナンバーカードを読み取り機に置いてください。"),
    "card_removed": QT_TRANSLATE_NOOP("ErrorWords", "カードが読み取り機から外れました。処理は完了していません。"
                                                   "カードを置き直して、もう一度お試しください。"),
    "card_reset": QT_TRANSLATE_NOOP("ErrorWords", "ほかのアプリがカードを使ったため、読み取りが中断されました。もう一度お試しください。"),
    "wrong_pin": QT_TRANSLATE_NOOP("ErrorWords", "暗証番号が違います。"),
    "pin_blocked": QT_TRANSLATE_NOOP("ErrorWords", "暗証番号がロックされています。このアプリでは解除できません。"
                                                  "利用者証明用・署名用の暗証番号は、もう一方の暗証番号が分かり、両方の電子証明書が有効なら、"
                                                  "「JPKI暗証番号リセット」アプリで予約してコンビニ等のキオスク端末で再設定できます。"
                                                  "それ以外は、お住まいの市区町村の窓口で再設定してください。"),
    "pin_format": QT_TRANSLATE_NOOP("ErrorWords", "暗証番号の形が違います。カードには送っていないので、残り回数は減っていません。"),
    "certificate_not_readable": QT_TRANSLATE_NOOP("ErrorWords", "カードの電子証明書を読み取れませんでした。カードを置き直して、もう一度お試しください。"),
    "text_integrity_failed": QT_TRANSLATE_NOOP("ErrorWords", "券面情報の整合性を確認できませんでした。カードから読み取った内容は使っていません。"
                                                            "続く場合は、お住まいの市区町村の窓口にご相談ください。"),
    "unsupported_command": QT_TRANSLATE_NOOP("ErrorWords", "このカードリーダーは必要な命令に対応していません。別のカードリーダーをお試しください。"),
    "protocol_error": QT_TRANSLATE_NOOP("ErrorWords", "カードから想定外の応答がありました。カードを置き直して、もう一度お試しください。"),
    "no_signing_certificate": QT_TRANSLATE_NOOP("ErrorWords", "このカードには署名用電子証明書がありません（15歳未満で交付されたカードにはありません）。"),
    "cancelled": QT_TRANSLATE_NOOP("ErrorWords", "操作が中止されました。"),
    # -- the network and the portal client (app.portal.errors) --------------------------------
    "portal_error": QT_TRANSLATE_NOOP("ErrorWords", "サーバーとのやりとりに失敗しました。しばらくしてから、もう一度お試しください。"),
    "backend_unreachable": QT_TRANSLATE_NOOP("ErrorWords", "サーバーに接続できません。ネットワークの接続を確認して、もう一度お試しください。"),
    "backend_timeout": QT_TRANSLATE_NOOP("ErrorWords", "サーバーの応答がありませんでした。しばらくしてから、もう一度お試しください。"),
    "tls_error": QT_TRANSLATE_NOOP("ErrorWords", "サーバーの証明書を確認できないため、接続を中止しました。接続先の設定を確認してください。"),
    "server_error": _SERVER_TROUBLE,
    "malformed_response": QT_TRANSLATE_NOOP("ErrorWords", "サーバーから想定外の応答がありました。しばらくしてから、もう一度お試しください。"),
    "backend_not_ready": QT_TRANSLATE_NOOP("ErrorWords", "サーバーの準備ができていません。画面上部のサーバーの状態を確認してください。"),
    "token_expired": QT_TRANSLATE_NOOP("ErrorWords", "ログインの有効期限が切れました。もう一度ログインしてください。"),
    "token_invalid": _LOG_IN_AGAIN,
    "logged_out": QT_TRANSLATE_NOOP("ErrorWords", "ログアウトしました。続けるには、もう一度ログインしてください。"),
    "not_found": QT_TRANSLATE_NOOP("ErrorWords", "お探しの情報が見つかりませんでした。画面を開き直して、もう一度お試しください。"),
    "validation_failed": QT_TRANSLATE_NOOP("ErrorWords", "サーバーが入力内容を受け付けませんでした。内容を確認して、もう一度お試しください。"),
    "request_rejected": QT_TRANSLATE_NOOP("ErrorWords", "サーバーがこの操作を受け付けませんでした。しばらくしてから、もう一度お試しください。"),
    # -- login (POST /auth/challenge, /auth/login: app.portal.errors.AuthErrorCode) -------------
    "challenge_unknown": QT_TRANSLATE_NOOP("ErrorWords", "ログインの手続きがサーバー側で見つかりませんでした（サーバーが再起動した可能性があります）。"
                                                        "もう一度「ログイン」を押してください。"),
    "challenge_expired": QT_TRANSLATE_NOOP("ErrorWords", "ログインの手続きの有効期限（5分）が切れました。もう一度「ログイン」を押してください。"),
    "challenge_used": QT_TRANSLATE_NOOP("ErrorWords", "このログインの手続きはすでに使われていました。もう一度「ログイン」を押してください。"),
    "origin_mismatch": QT_TRANSLATE_NOOP("ErrorWords", "接続先サーバーのアドレスが、サーバー自身の名乗るアドレスと一致しません。"
                                                      "安全のためログインを中止しました。接続先の設定を管理者に確認してください。"),
    "untrusted_certificate": QT_TRANSLATE_NOOP("ErrorWords", "このカードの電子証明書は、このサーバーが信頼する認証局から発行されたものではありません。"
                                                            "ご自分のマイナンバーカードか確認してください。"),
    "certificate_expired": QT_TRANSLATE_NOOP("ErrorWords", "利用者証明用電子証明書の有効期限が切れています。"
                                                          "お住まいの市区町村の窓口で電子証明書を更新してください。"),
    "certificate_revoked": QT_TRANSLATE_NOOP("ErrorWords", "利用者証明用電子証明書は失効しています（紛失の届け出などによる）。"
                                                          "お住まいの市区町村の窓口で電子証明書の再発行を受けてください。"),
    "invalid_signature": QT_TRANSLATE_NOOP("ErrorWords", "カードの署名をサーバーで確認できませんでした。カードを置き直して、もう一度お試しください。"),
    "unknown_certificate": QT_TRANSLATE_NOOP("ErrorWords", "このカードの利用者は、このサービスに登録されていません。"
                                                          "ご自分のマイナンバーカードか確認してください。"),
    "bad_request": _NOT_ACCEPTED,
    "auth_failed": QT_TRANSLATE_NOOP("ErrorWords", "サーバーがログインを拒否しました。しばらくしてから、もう一度お試しください。"),
    # -- the server's other answers (the stub's OpenAPI document, ErrorCode) ------------------
    "internal_error": _SERVER_TROUBLE,
    "unauthorized": _LOG_IN_AGAIN,
    "forbidden": QT_TRANSLATE_NOOP("ErrorWords", "この操作は許可されていません。"),
    "method_not_allowed": _NOT_ACCEPTED,
    "not_acceptable": _NOT_ACCEPTED,
    "unsupported_media_type": _NOT_ACCEPTED,
    "http_error": _NOT_ACCEPTED,
    "payload_too_large": QT_TRANSLATE_NOOP("ErrorWords", "送信する内容が大きすぎます。添付ファイルを小さくしてください。"),
    # delivery linking (POST /notices/deliveries)
    "consent_required": QT_TRANSLATE_NOOP("ErrorWords", "連携には同意が必要です。同意の欄にチェックを入れてください。"),
    "invalid_account": QT_TRANSLATE_NOOP("ErrorWords", "アカウントは、サービスに登録したメールアドレスの形で入力してください。"),
    # card payments (POST /payments/{id}/card); also the dialog's own check before sending
    "invalid_card": QT_TRANSLATE_NOOP("ErrorWords", "カード番号を確かめてください（12〜19桁の数字）。"),
    "invalid_expiry": QT_TRANSLATE_NOOP("ErrorWords", "有効期限は MM/YY の形で入力してください（例: 08/29）。"),
    "card_expired": QT_TRANSLATE_NOOP("ErrorWords", "カードの有効期限が切れています。別のカードをお使いください。"),
    "invalid_cvc": QT_TRANSLATE_NOOP("ErrorWords", "セキュリティコードはカード裏面の3桁（または表面の4桁）の数字です。"),
    "card_declined": QT_TRANSLATE_NOOP("ErrorWords", "カード会社により決済が承認されませんでした。別のカードか Pay-easy をお使いください。"),
    "already_paid": QT_TRANSLATE_NOOP("ErrorWords", "この納付はすでに完了しています。"),
    "not_represented": QT_TRANSLATE_NOOP("ErrorWords", "この方の代理人ではなくなりました（解除されたか、期限が過ぎました）。"),
    # 代理人 registration (POST /proxies; app.representation.REFUSAL_CODES)
    "self_grant": QT_TRANSLATE_NOOP("ErrorWords", "あなた自身のカードが読み取られました。本人（お子さん）のカードを別のカードリーダーに置いてください。"),
    "not_a_minor": QT_TRANSLATE_NOOP("ErrorWords", "法定代理人として登録できるのは、18歳未満のお子さんのカードだけです。"),
    "principal_is_a_minor": QT_TRANSLATE_NOOP("ErrorWords", "18歳未満の方には、法定代理人（親権者）が代理人になります。"),
    "proxy_blocked": QT_TRANSLATE_NOOP("ErrorWords", "市区町村の措置により、この方の代理人は登録できません。"),
    "already_granted": QT_TRANSLATE_NOOP("ErrorWords", "あなたはすでにこの方の代理人です。"),
    "not_permitted_for_proxy": QT_TRANSLATE_NOOP("ErrorWords", "この操作は代理人としてはできません。"),
    "relationship_not_confirmed": QT_TRANSLATE_NOOP("ErrorWords", "住民票で、このお子さまがあなたと同じ世帯にいることを確認できませんでした。戸籍の書類を持って、お住まいの市区町村の窓口で登録してください。"),
    "bad_expiry": QT_TRANSLATE_NOOP("ErrorWords", "任意代理には、今日より後の終了日が必要です。"),
    "bad_kind": QT_TRANSLATE_NOOP("ErrorWords", "代理の種類は「法定代理」か「任意代理」を選んでください。"),
    "principal_bad_request": QT_TRANSLATE_NOOP("ErrorWords", "代理される方のカードの読み取り結果を送れませんでした。カードを置き直して、もう一度お試しください。"),
    "principal_challenge_unknown": QT_TRANSLATE_NOOP("ErrorWords", "代理される方のカードの確認がサーバー側で見つかりませんでした。もう一度お試しください。"),
    "principal_challenge_expired": QT_TRANSLATE_NOOP("ErrorWords", "代理される方のカードの確認の有効期限（5分）が切れました。もう一度お試しください。"),
    "principal_challenge_used": QT_TRANSLATE_NOOP("ErrorWords", "代理される方のカードの確認はすでに使われていました。もう一度お試しください。"),
    "principal_origin_mismatch": QT_TRANSLATE_NOOP("ErrorWords", "接続先サーバーのアドレスが一致しないため、代理人の登録を中止しました。接続先の設定を管理者に確認してください。"),
    "principal_untrusted_certificate": QT_TRANSLATE_NOOP("ErrorWords", "代理される方のカードの電子証明書は、このサーバーが信頼する認証局のものではありません。"),
    "principal_certificate_expired": QT_TRANSLATE_NOOP("ErrorWords", "代理される方の利用者証明用電子証明書の有効期限が切れています。市区町村の窓口で更新してください。"),
    "principal_certificate_revoked": QT_TRANSLATE_NOOP("ErrorWords", "代理される方の利用者証明用電子証明書は失効しています。市区町村の窓口で再発行を受けてください。"),
    "principal_invalid_signature": QT_TRANSLATE_NOOP("ErrorWords", "代理される方のカードの署名を確認できませんでした。カードを置き直して、もう一度お試しください。"),
    "principal_unknown_certificate": QT_TRANSLATE_NOOP("ErrorWords", "代理される方のカードの利用者は、このサービスに登録されていません。"),
    "form_not_for_proxy": QT_TRANSLATE_NOOP("ErrorWords", "この申請は、代理ではなくご本人として行う手続きです。画面上部の「だれとして使う」でご自分に切り替えてから申請してください。"),
    "form_for_child": QT_TRANSLATE_NOOP("ErrorWords", "この申請はお子さんの手続きです。画面上部の「だれとして使う」でお子さんに切り替えてから申請してください。"),
    # applications (POST /applications)
    "invalid_form": QT_TRANSLATE_NOOP("ErrorWords", "申請の内容に、サーバーが受け付けられない項目がありました。"
                                                   "内容を確認して、もう一度署名してください。"),
    "payload_mismatch": QT_TRANSLATE_NOOP("ErrorWords", "署名した内容と送った内容が一致しませんでした。もう一度署名して送信してください。"),
    "wrong_municipality": QT_TRANSLATE_NOOP("ErrorWords", "この申請は、選んだ市区町村には出せません。お住まいの市区町村の窓口へ申請してください。"),
    "signed_at_out_of_range": QT_TRANSLATE_NOOP("ErrorWords", "署名してから時間がたちすぎました。パソコンの時計を確認して、もう一度署名してください。"),
    "quota_exceeded": QT_TRANSLATE_NOOP("ErrorWords", "添付ファイルが大きすぎるか、保存できる容量を超えています。ファイルを小さくしてください。"),
    "idempotency_conflict": QT_TRANSLATE_NOOP("ErrorWords", "この申請の送信記録が、前に送った申請と食い違っています。もう一度署名して送信してください。"),
    "outside_filing_period": QT_TRANSLATE_NOOP("ErrorWords", "この届出の受付期間ではありません。児童扶養手当の現況届は8月1日現在の状況を届け出るもので、"
                                                            "受付は毎年8月1日から8月31日までです。8月1日以降に提出してください。"),
    "already_filed": QT_TRANSLATE_NOOP("ErrorWords", "今年の児童扶養手当の現況届は、すでに提出されています（「わたしの情報」で確認できます）。"
                                                    "内容を変更するときは、お住まいの市区町村の窓口にお問い合わせください。"),
}

# POST /applications checks the *signing* certificate: the same codes as the login's, another certificate.
_SIGNING_CERTIFICATE: Final[dict[str, str]] = {
    "certificate_expired": QT_TRANSLATE_NOOP("ErrorWords", "署名用電子証明書の有効期限が切れています。"
                                                          "お住まいの市区町村の窓口で電子証明書を更新してください。"),
    "certificate_revoked": QT_TRANSLATE_NOOP("ErrorWords", "署名用電子証明書は失効しています。"
                                                          "お住まいの市区町村の窓口で電子証明書の再発行を受けてください。"),
    "untrusted_certificate": QT_TRANSLATE_NOOP("ErrorWords", "署名に使った電子証明書を、このサーバーは受け付けませんでした。"
                                                            "ログインに使ったご自分のマイナンバーカードで署名してください。"),
}

#: Codes worded by a function of their own (with its parameters), beside those in TEXTS.
PARAMETRISED: Final = frozenset({"service_unavailable", "not_mynumber_card", "rate_limited"})


def code_text(code: str) -> str:
    """What to tell the resident for ``code``: its words, or a general sentence naming the code."""
    if code == "service_unavailable":
        return service_help()
    if code == "not_mynumber_card":
        return not_mynumber_text("unknown")
    if code == "rate_limited":
        return rate_limited_text(None)
    source = TEXTS.get(code)
    if source is None:
        return QCoreApplication.translate("ErrorWords", "処理できませんでした（{code}）。しばらくしてから、もう一度お試しください。").format(
            code=code)
    return _tr(source)


def error_text(exc: BaseException) -> str:
    """What to tell the resident about ``exc``: a card error, a portal error, or anything else."""
    if isinstance(exc, CardError):
        return card_error_text(exc)
    code = getattr(exc, "code", None)
    if isinstance(code, str):
        if code == "rate_limited":
            retry_after = getattr(exc, "retry_after", None)
            return rate_limited_text(retry_after if isinstance(retry_after, (int, float)) else None)
        return code_text(code)
    return QCoreApplication.translate("ErrorWords", "処理できませんでした。もう一度お試しください。")


def card_error_text(exc: CardError) -> str:
    if isinstance(exc, WrongPin):
        return wrong_pin_text(exc.tries_left)
    if isinstance(exc, PinBlocked):
        return blocked_text(exc.pin_kind)
    if isinstance(exc, NotMyNumberCard):
        return not_mynumber_text(exc.kind)
    if isinstance(exc, PinFormatError):
        return pin_format_text(exc.pin_kind, exc.rule)
    return code_text(exc.code)


def application_refusal_text(code: str) -> str:
    """Why the server refused an application (POST /applications): the certificate it names is the signing one."""
    source = _SIGNING_CERTIFICATE.get(code)
    return _tr(source) if source is not None else code_text(code)


def backend_not_ready_text() -> str:
    return code_text("backend_not_ready")


def rate_limited_text(retry_after: float | None) -> str:
    """HTTP 429: the stub sends it for a run of failed logins and for a flood of login attempts."""
    if retry_after:
        return QCoreApplication.translate(
            "ErrorWords", "ログインの失敗が続いたか、アクセスが集中しているため、一時的に受け付けられません。"
                         "{n}秒ほど待ってから、もう一度お試しください。").format(n=int(retry_after + 0.999))
    return QCoreApplication.translate(
        "ErrorWords", "ログインの失敗が続いたか、アクセスが集中しているため、一時的に受け付けられません。"
                     "しばらく待ってから、もう一度お試しください。")


def service_help(platform: str | None = None) -> str:
    """How to start the smart-card service on this OS (code ``service_unavailable``)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return QCoreApplication.translate("ErrorWords", "Windows の「Smart Card」サービスが止まっています。スタートメニューで「サービス」を開き、"
                                                       "「Smart Card」を右クリックして「開始」を選んでください（スタートアップの種類は「自動」に）。")
    if platform == "darwin":
        return QCoreApplication.translate("ErrorWords", "macOS のスマートカード機能が応答していません。カードリーダーを挿し直し、"
                                                       "それでも直らなければ Mac を再起動してください。")
    return QCoreApplication.translate("ErrorWords", "スマートカードのサービス（pcscd）が動いていません。端末で次のコマンドを実行してから、"
                                                   "もう一度お試しください: sudo systemctl start pcscd")


def wrong_pin_text(tries: int) -> str:
    if tries == 1:
        return QCoreApplication.translate("ErrorWords", "暗証番号が違います。残り1回です。次に間違えるとロックされます。")
    return QCoreApplication.translate("ErrorWords", "暗証番号が違います。残り{n}回です。").format(n=tries)


def pin_format_text(kind: PinKind, rule: str) -> str:
    """A PIN that does not have the card's format (``rule``: length, charset or mix); nothing reached the card."""
    if kind is PinKind.SIGN:
        if rule == "length":
            return QCoreApplication.translate("ErrorWords", "暗証番号は6〜16文字です。カードには送っていないので、残り回数は減っていません。")
        if rule == "mix":
            return QCoreApplication.translate("ErrorWords", "新しい暗証番号には英字と数字の両方を入れてください。"
                                                           "カードには送っていないので、残り回数は減っていません。")
        return QCoreApplication.translate("ErrorWords", "使えるのは英字と数字だけです。カードには送っていないので、残り回数は減っていません。")
    if rule == "length":
        return QCoreApplication.translate("ErrorWords", "暗証番号は数字4桁です。カードには送っていないので、残り回数は減っていません。")
    return QCoreApplication.translate("ErrorWords", "数字だけを入力してください。カードには送っていないので、残り回数は減っていません。")


def not_mynumber_text(kind: str) -> str:
    """A card that is not a My Number Card; ``kind`` as :class:`app.card.errors.NotMyNumberCard` has it."""
    if kind == "jukicard":
        return QCoreApplication.translate("ErrorWords", "これは住民基本台帳カードです。マイナンバーカードに差し替えてください。")
    if kind == "smartphone":
        return QCoreApplication.translate("ErrorWords", "これはスマートフォン用の電子証明書です。パソコンではマイナンバーカードを使ってください。")
    return QCoreApplication.translate("ErrorWords", "このカードはマイナンバーカードではありません。マイナンバーカードに差し替えてください"
                                                   "（キャッシュカードなど別のカードが入っていないか確認してください）。")


def _sentences(*parts: str) -> str:
    """Sentences worded apart, joined: Japanese as they are, English with a space between."""
    out = ""
    for part in parts:
        if out and part and out[-1] in ".!?)" and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def kiosk_reset_text(locked: PinKind) -> str:
    """The convenience-store reset of a locked 利用者証明用 or 署名用 PIN, with its conditions.

    Booked in the 「JPKI暗証番号リセット」 smartphone app with the *other* certificate PIN, then
    done at a kiosk within 24 hours, 6:30-23:00 (src:naka-jpki-reset, src:niigata-jpki-reset);
    only while both certificates are valid: the 署名用 one not expired, not revoked, the
    基本4情報 unchanged since issue, and the 利用者証明用 one not expired (src:jpki-reset-faq);
    fewer stores reset the 4-digit PIN (src:jpki-reset-kiyaku)."""
    if locked is PinKind.AUTH:
        text = QCoreApplication.translate(
            "ErrorWords", "署名用電子証明書の暗証番号（英数字6〜16文字）が分かる場合は、スマートフォンの「JPKI暗証番号リセット」アプリで"
                         "事前予約をしてから24時間以内に、対応するコンビニ等のキオスク端末（6時30分〜23時）で初期化・再設定できます"
                         "（ICチップを読み取れるスマートフォンが必要です）。利用者証明用の暗証番号に対応する店舗は、"
                         "セブン-イレブンや一部のイオンなどに限られます。")
    else:
        text = QCoreApplication.translate(
            "ErrorWords", "利用者証明用電子証明書の暗証番号（数字4桁）が分かる場合は、スマートフォンの「JPKI暗証番号リセット」アプリで"
                         "事前予約をしてから24時間以内に、対応するコンビニ等のキオスク端末（6時30分〜23時）で初期化・再設定できます"
                         "（ICチップを読み取れるスマートフォンが必要です）。")
    return _sentences(text, QCoreApplication.translate(
        "ErrorWords", "ただし、両方の電子証明書が有効であること（有効期限内で、署名用電子証明書が住所・氏名などの変更で失効していないこと）が条件です。"))


def blocked_text(kind: PinKind) -> str:
    """What a resident can do about a blocked PIN, for that PIN: for the two certificate PINs the
    kiosk reset (:func:`kiosk_reset_text`) or else the municipal office; the kenhojo PIN only at
    the office (src:naka-jpki-reset, src:koka-jpki-reset, src:kasai-jpki-reset)."""
    names = {
        PinKind.AUTH: QCoreApplication.translate("ErrorWords", "利用者証明用電子証明書の暗証番号"),
        PinKind.SIGN: QCoreApplication.translate("ErrorWords", "署名用電子証明書の暗証番号"),
        PinKind.KENHOJO: QCoreApplication.translate("ErrorWords", "券面事項入力補助用の暗証番号"),
    }
    text = QCoreApplication.translate("ErrorWords", "{name}がロックされています。このアプリでは解除できません。").format(name=names[kind])
    return _sentences(text, reset_text(kind))


def reset_text(kind: PinKind) -> str:
    """Where a locked PIN of ``kind`` is reset and what to bring (no heading)."""
    if kind is PinKind.KENHOJO:
        text = QCoreApplication.translate(
            "ErrorWords", "この暗証番号はコンビニでは再設定できません。お住まいの市区町村の窓口で再設定してください。")
    else:
        text = _sentences(kiosk_reset_text(kind), QCoreApplication.translate(
            "ErrorWords", "それ以外の場合は、お住まいの市区町村の窓口で再設定してください。"))
    return _sentences(text, QCoreApplication.translate(
        "ErrorWords", "窓口の持ち物: マイナンバーカード（本人確認書類も求める市区町村があります）。"))
