"""Words and one panel for the card over its life (app/card_life.py has the rules): expiry
announced ahead, a 署名用 certificate lapsed by a move, the locked-PIN router, and the PIN
pre-check a procedure runs before the resident types anything. One translation context,
"CardLife", for all of it.

Sources of what is said here: renewal at the municipal window from the day after three months
before the expiry, with the card and its PINs, and the expiry notice J-LIS sends
(src:yoshikawa-cert-renewal, src:yachiyo-cert-renewal, src:yamae-cert-uses); the lapse by a move
and a new issue at the window (src:fuchu-move-sign-lapse, src:chikuhoku-cert-reissue); PIN
resets (src:naka-jpki-reset, src:koka-jpki-reset, src:kasai-jpki-reset; the kiosk reset and its
conditions are worded once, in ui.error_words.kiosk_reset_text, src:jpki-reset-faq).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.card.pin import PinKind
from app.card_life import (
    JUKI,
    Expiry,
    Item,
    Precheck,
    Route,
    SignLapse,
    Stage,
    Use,
    Where,
    expiries,
    route,
)
from app.jst import DATE, JST, to_jst
from ui.card.pin_dialog import pin_name
from ui.error_words import kiosk_reset_text

if TYPE_CHECKING:
    from app.portal.models import CardFacts  # app.portal loads the HTTP client: not on import



def item_name(item: Item) -> str:
    return {
        Item.AUTH: QCoreApplication.translate("CardLife", "利用者証明用電子証明書"),
        Item.SIGN: QCoreApplication.translate("CardLife", "署名用電子証明書"),
        Item.CARD: QCoreApplication.translate("CardLife", "マイナンバーカード"),
    }[item]


def locked_name(locked: str) -> str:
    if locked == JUKI:
        return QCoreApplication.translate("CardLife", "住民基本台帳用の暗証番号")
    return pin_name(PinKind(locked))


def use_text(use: Use) -> str:
    return {
        Use.LOGIN: QCoreApplication.translate("CardLife", "マイナポータルへのログイン"),
        Use.SIGNING: QCoreApplication.translate("CardLife", "申請書への電子署名（署名が必要な電子申請の送信）"),
        Use.PREFILL: QCoreApplication.translate("CardLife", "カードの券面事項から申請書への入力"),
    }[use]


def _day(day: dt.date) -> str:
    return day.strftime(DATE)


def expiry_text(e: Expiry) -> str:
    """What a resident is told of one end: how near it is, and what to do and where."""
    name, date, n = item_name(e.item), _day(e.last_day), e.days_left
    heading = {
        Stage.NONE: QCoreApplication.translate("CardLife", "{name}の有効期限: {date}（あと{n}日）。"),
        Stage.MONTHS_3: QCoreApplication.translate("CardLife", "{name}の有効期限まで3か月を切りました（{date}まで、あと{n}日）。"),
        Stage.MONTH_1: QCoreApplication.translate("CardLife", "{name}の有効期限まで1か月を切りました（{date}まで、あと{n}日）。"),
        Stage.WEEK_1: QCoreApplication.translate("CardLife", "{name}の有効期限まで1週間を切りました（{date}まで、あと{n}日）。"),
        Stage.EXPIRED: QCoreApplication.translate("CardLife", "{name}の有効期限が切れています（{date}まで）。"),
    }[e.stage].format(name=name, date=date, n=n)
    if e.stage is Stage.NONE:
        return heading
    if e.item is Item.CARD:
        return heading + QCoreApplication.translate("CardLife", "カードの有効期限が近づくと、J-LISから有効期限通知書が届きます。"
                             "手続きはお住まいの市区町村の窓口にお問い合わせください。")
    if e.stage is Stage.EXPIRED:
        stops = Use.LOGIN if e.item is Item.AUTH else Use.SIGNING
        return heading + QCoreApplication.translate("CardLife", "{use}はできません。お住まいの市区町村の窓口で、新しい電子証明書の発行を受けられます"
                             "（持ち物: マイナンバーカード、暗証番号）。").format(use=use_text(stops))
    today = e.last_day - dt.timedelta(days=n)
    if today >= e.renewal_opens:
        where = QCoreApplication.translate("CardLife", "更新は、お住まいの市区町村の窓口で今からできます（有効期限の3か月前の翌日から受け付けています）。")
    else:
        where = QCoreApplication.translate("CardLife", "更新は{opens}から、お住まいの市区町村の窓口でできます（有効期限の3か月前の翌日から）。").format(
            opens=_day(e.renewal_opens))
    return heading + where + QCoreApplication.translate("CardLife", "持ち物: マイナンバーカード、暗証番号（分からないときは窓口で初期化でき、その場合はほかの本人確認書類も）、"
                                 "J-LISから届いた有効期限通知書（届いていれば）。")


def lapse_text(lapse: SignLapse) -> str:
    if lapse.reason == "address_change":
        text = QCoreApplication.translate("CardLife", "署名用電子証明書は、住所の変更により{date}に失効しました。").format(date=_day(lapse.on))
    else:
        text = QCoreApplication.translate("CardLife", "署名用電子証明書は{date}に失効しています。").format(date=_day(lapse.on))
    return text + QCoreApplication.translate("CardLife", "{stopped}はできません。{works}（利用者証明用電子証明書）はこれまでどおり使えます。"
                      "署名が必要なときは、お住まいの市区町村の窓口で署名用電子証明書の発行を申請してください"
                      "（持ち物: マイナンバーカード、暗証番号）。").format(stopped=use_text(Use.SIGNING),
                                                                  works=use_text(Use.LOGIN))


def _list(uses: Iterable[Use]) -> str:
    return QCoreApplication.translate("CardLife", "、").join(use_text(u) for u in uses)


def router_text(r: Route) -> str:
    """The locked-PIN router's answer: where to go, what to bring, what works meanwhile."""
    parts = [QCoreApplication.translate("CardLife", "{name}がロックされています（このアプリでは解除できません）。").format(name=locked_name(r.locked))]
    if Where.KONBINI in r.where and r.needs_other is not None:
        parts.append(kiosk_reset_text(PinKind(r.locked)))
        parts.append(QCoreApplication.translate("CardLife", "または、"))
    parts.append(QCoreApplication.translate("CardLife", "お住まいの市区町村の窓口で再設定できます。持ち物: マイナンバーカード（本人確認書類も求める市区町村があります）。"))
    if r.stopped:
        parts.append(QCoreApplication.translate("CardLife", "使えないもの: {uses}。").format(uses=_list(r.stopped)))
    if Use.LOGIN in r.stopped:
        parts.append(QCoreApplication.translate("CardLife", "ログインできないため、このアプリのサービスは再設定まで使えません。"))
    elif r.still_works:
        parts.append(QCoreApplication.translate("CardLife", "今も使えるもの: {uses}。").format(uses=_list(r.still_works)))
    return "".join(parts)


def step_text(use: Use) -> str:
    return {
        Use.PREFILL: QCoreApplication.translate("CardLife", "カードから申請書への入力"),
        Use.SIGNING: QCoreApplication.translate("CardLife", "送信前の電子署名"),
        Use.LOGIN: QCoreApplication.translate("CardLife", "ログイン"),
    }[use]


def precheck_text(check: Precheck, tries: Mapping[PinKind, int | None]) -> str:
    """Which step uses which PIN with its tries; then a lock's route or a last-try warning."""
    from ui.card.pin_dialog import tries_text

    lines = [QCoreApplication.translate("CardLife", "この手続きで使う暗証番号:")]
    lapsed = check.sign_lapse is not None and any(s.use is Use.SIGNING for s in check.steps)
    for s in check.steps:
        if s.use is Use.SIGNING and lapsed:
            state = QCoreApplication.translate("CardLife", "署名用電子証明書が失効しています")
        elif s.tries == 0:
            state = QCoreApplication.translate("CardLife", "ロックされています")
        else:
            state = tries_text(s.pin, s.tries)
        lines.append(QCoreApplication.translate("CardLife", "・{step}: {pin}（{state}）").format(step=step_text(s.use), pin=pin_name(s.pin), state=state))
    for s in check.locked:
        # A lapsed 署名用 certificate rules out the kiosk reset of either PIN (src:jpki-reset-faq).
        lines.append(router_text(route(s.pin, tries, certs_valid=False if check.sign_lapse is not None else None)))
        if s.use is Use.SIGNING:
            lines.append(QCoreApplication.translate("CardLife", "この申請は電子署名をしないと送信できないため、入力を始める前に止めています。"))
        elif s.use is Use.PREFILL:
            lines.append(QCoreApplication.translate("CardLife", "カードからの入力は使えないので、申請書は手で入力してください。"))
    if lapsed and check.sign_lapse is not None:
        lines.append(lapse_text(check.sign_lapse))
        if not any(s.use is Use.SIGNING for s in check.locked):
            lines.append(QCoreApplication.translate("CardLife", "この申請は電子署名をしないと送信できないため、入力を始める前に止めています。"))
    for s in check.last_try:
        if s.use is Use.SIGNING and lapsed:
            continue  # no try of that PIN signs with a lapsed certificate
        lines.append(QCoreApplication.translate("CardLife", "{pin}は、あと1回間違えるとロックされます。確かでないときは入力せず、窓口で確認してください。").format(
            pin=pin_name(s.pin)))
    return "\n".join(lines)


#: The PINs a procedure asks for, in the order its steps come: the prefill from the card's text
#: data (券面事項入力補助用), then the signature before sending (署名用).
PROCEDURE_USES = (Use.PREFILL, Use.SIGNING)


async def read_precheck(card_access: tuple[Any, Callable[[], Any]] | None,
                        uses: tuple[Use, ...] = PROCEDURE_USES) -> tuple[Precheck, dict[PinKind, int | None]] | None:
    """Reads, without spending any, the tries of every PIN ``uses`` need (on the card worker);
    None without a card. A PIN whose tries cannot be read is None (the step says so)."""
    from app.card.errors import CardError
    from app.card_life import USES, precheck

    if card_access is None:
        return None
    worker, open_card = card_access
    kinds = [kind for kind, use in USES.items() if use in uses]

    def read() -> dict[PinKind, int | None]:
        card = open_card()
        out: dict[PinKind, int | None] = {}
        for kind in kinds:
            try:
                out[kind] = card.pin_tries(kind)
            except CardError:
                out[kind] = None
        return out

    tries = await worker.run(read)
    return precheck(uses, tries), tries


def facts_today(server_now: float | None) -> dt.date:
    """Today in Japan by the backend's clock when it is known (its Date header), else ours."""
    if server_now is None:
        return dt.datetime.now(JST).date()
    return dt.datetime.fromtimestamp(server_now, JST).date()


def sign_lapse_of(facts: CardFacts | None) -> SignLapse | None:
    """What the backend said of a lapsed 署名用 certificate, if it did."""
    if facts is None or facts.sign_lapsed_at is None:
        return None
    return SignLapse(to_jst(facts.sign_lapsed_at).date(), facts.sign_lapse_reason or "revoked")


def card_texts(today: dt.date, *, facts: CardFacts | None = None, auth: dt.datetime | None = None,
               sign: dt.datetime | None = None) -> list[tuple[str, str]]:
    """(text, role) for each thing to say about the card's life, most urgent first. Dates read
    from the card (``auth``/``sign``) win over what the backend said of them."""
    lapse = sign_lapse_of(facts)
    auth = auth or (facts.auth_not_after if facts else None)
    sign = sign or (facts.sign_not_after if facts else None)
    card = facts.valid_until if facts else None
    out: list[tuple[str, str]] = []
    if lapse is not None:
        out.append((lapse_text(lapse), "warning"))
    found: Iterable[Expiry] = expiries(
        today,
        auth=to_jst(auth).date() if auth else None,
        sign=to_jst(sign).date() if sign else None,
        card=to_jst(card).date() if card else None,
        sign_lapse=lapse,
    )
    for e in found:
        out.append((expiry_text(e), "info" if e.stage is Stage.NONE else "warning"))
    return out


class CardLifePanel(QGroupBox):
    """「カードと電子証明書の有効期限」: one label with everything to say, warnings first."""

    def __init__(self, parent: QWidget | None = None, *, object_name: str, text_name: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        layout = QVBoxLayout(self)
        self.text = QLabel(self)
        self.text.setObjectName(text_name)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        # The dates that need nothing yet, apart from what needs the resident's attention.
        self.more = QLabel(self)
        self.more.setObjectName(text_name + "More")
        self.more.setWordWrap(True)
        self.more.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.more)
        self._texts: list[tuple[str, str]] = []
        self._render: Callable[[], list[tuple[str, str]]] | None = None
        self.retranslate()
        self.setVisible(False)

    def show_texts(self, render: Callable[[], list[tuple[str, str]]] | None) -> None:
        """``render`` makes the texts (called again on a language change); None hides the panel."""
        self._render = render
        self._update()

    def _update(self) -> None:
        texts = self._render() if self._render is not None else []
        self._texts = texts
        self.setVisible(bool(texts))
        urgent = [t for t, role in texts if role != "info"]
        calm = [t for t, role in texts if role == "info"]
        first, rest = (urgent, calm) if urgent else (calm, [])
        for label, lines in ((self.text, first), (self.more, rest)):
            body = "\n\n".join(lines)
            label.setText(body)
            label.setAccessibleName(body)
            label.setVisible(bool(lines))
        self.text.setProperty("alert", "true" if urgent else "")  # the theme's warning colour
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("CardLife", "カードと電子証明書の有効期限"))
        self._update()

    def changeEvent(self, event: Any) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
