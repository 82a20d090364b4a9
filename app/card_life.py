"""The card over its life: when the certificates and the card end and when to announce it, what a
move does to the signing certificate, what a locked PIN stops and what still works, and which
PINs a procedure will ask for. Codes and dates only; ui/ words them (ui/card/card_life.py).

Rules, each with its source:
- Both JPKI certificates end on the holder's 5th birthday after issue, or with the card if it
  ends first (src:higashimurayama-jpki-validity, src:minato-card-validity).
- The card ends on the 10th birthday after issue for a holder of 18 or more, on the 5th for one
  under 18 (application on or after 2022-04-01; src:minato-card-validity).
- A certificate can be renewed at the municipal window from the day after the date three months
  before its expiry (src:yoshikawa-cert-renewal, src:yachiyo-cert-renewal).
- A change of address (転出/転入/転居) or name lapses the 署名用 certificate; the 利用者証明用
  certificate goes on to its own expiry (src:fuchu-move-sign-lapse).
- 署名用 signs electronic applications; 利用者証明用 logs in to Mynaportal (src:yamae-cert-uses);
  券面事項入力補助用 reads the card's text data into a form (src:miyazaki-pin-kinds).
- A locked 利用者証明用 or 署名用 PIN can be reset at a convenience-store kiosk after booking with
  the JPKI PIN reset app when the other of the two is known and both certificates are valid
  (src:jpki-reset-faq); otherwise, and for the
  券面事項入力補助用 and 住民基本台帳用 PINs, only at the municipal window
  (src:naka-jpki-reset, src:koka-jpki-reset, src:kasai-jpki-reset).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.card.pin import PinKind
from app.jst import to_jst


class Stage(enum.IntEnum):
    """How close an end date is, as announced: nothing yet, 3 months, 1 month, 1 week, past."""

    NONE = 0
    MONTHS_3 = 1
    MONTH_1 = 2
    WEEK_1 = 3
    EXPIRED = 4


class Item(enum.StrEnum):
    AUTH = "auth"  # 利用者証明用電子証明書
    SIGN = "sign"  # 署名用電子証明書
    CARD = "card"  # the card itself (its face's 有効期限)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def stage_of(last_day: dt.date, today: dt.date) -> Stage:
    """The announcement due on ``today`` for something valid through ``last_day``."""
    if today > last_day:
        return Stage.EXPIRED
    if today >= last_day - dt.timedelta(days=7):
        return Stage.WEEK_1
    if today >= months_before(last_day, 1):
        return Stage.MONTH_1
    if today >= months_before(last_day, 3):
        return Stage.MONTHS_3
    return Stage.NONE


def renewal_opens(last_day: dt.date) -> dt.date:
    """The first day a certificate can be renewed at the window: the day after the date three
    months before its expiry (src:yoshikawa-cert-renewal, src:yachiyo-cert-renewal)."""
    return months_before(last_day, 3) + dt.timedelta(days=1)


def last_day_of(not_after: dt.datetime) -> dt.date:
    """A certificate's last valid day, as a date in Japan."""
    return to_jst(not_after).date()


@dataclass(frozen=True)
class Expiry:
    item: Item
    last_day: dt.date
    stage: Stage
    days_left: int  # 0 on the last day; negative once past

    @property
    def renewal_opens(self) -> dt.date:
        return renewal_opens(self.last_day)


@dataclass(frozen=True)
class SignLapse:
    """The 署名用 certificate lapsed (失効) on ``on``; ``reason`` a code ("address_change")."""

    on: dt.date
    reason: str


def expiry(item: Item, last_day: dt.date, today: dt.date) -> Expiry:
    return Expiry(item, last_day, stage_of(last_day, today), (last_day - today).days)


def expiries(today: dt.date, *, auth: dt.date | None = None, sign: dt.date | None = None,
             card: dt.date | None = None, sign_lapse: SignLapse | None = None) -> tuple[Expiry, ...]:
    """What is known of the card's and its certificates' ends, most urgent first. A lapsed 署名用
    certificate has no expiry left to announce (the lapse is told instead)."""
    found = [expiry(item, day, today) for item, day in ((Item.AUTH, auth), (Item.SIGN, sign), (Item.CARD, card))
             if day is not None and not (item is Item.SIGN and sign_lapse is not None)]
    return tuple(sorted(found, key=lambda e: (-e.stage, e.days_left)))


# ---------------------------------------------------------------------------------------------
# What each PIN is for, and the locked-PIN router


class Use(enum.StrEnum):
    LOGIN = "login"  # Mynaportal login (利用者証明用; src:yamae-cert-uses)
    SIGNING = "signing"  # signing an electronic application (署名用; src:yamae-cert-uses)
    PREFILL = "prefill"  # reading the card's text data into a form (券面事項入力補助用; src:miyazaki-pin-kinds)


#: The PINs this app's work depends on, and what each one does here.
USES: Mapping[PinKind, Use] = {PinKind.AUTH: Use.LOGIN, PinKind.SIGN: Use.SIGNING, PinKind.KENHOJO: Use.PREFILL}

#: The 住民基本台帳用 PIN: on the card, but no service of this app reads it (its tries cannot be
#: read here); the router still knows where it is reset.
JUKI = "juki"


class Where(enum.StrEnum):
    KONBINI = "konbini"  # convenience-store kiosk after booking in the JPKI PIN reset app
    WINDOW = "window"  # the municipal window


@dataclass(frozen=True)
class Route:
    """What a resident whose ``locked`` PIN is locked can do today."""

    locked: str  # a PinKind value, or JUKI
    where: tuple[Where, ...]  # in the order to try them
    needs_other: PinKind | None  # the PIN the convenience-store reset asks for, if any
    stopped: tuple[Use, ...]  # what this app cannot do until the reset
    still_works: tuple[Use, ...]  # what this app can still do (as far as the card said)
    unknown: tuple[Use, ...]  # the other PINs whose tries were not read


def route(locked: PinKind | str, tries: Mapping[PinKind, int | None], *, certs_valid: bool | None = None) -> Route:
    """The router: ``locked`` is the locked PIN, ``tries`` what the card said of the others
    (None: not read). The convenience-store reset is offered only when the other certificate PIN
    is not known to be locked (src:naka-jpki-reset, src:koka-jpki-reset) and the certificates are
    not known to be invalid: the reset needs both the 署名用 certificate (valid, not revoked, the
    基本4情報 unchanged since issue) and the 利用者証明用 one (valid) (src:jpki-reset-faq).
    ``certs_valid``: False when the app knows one of them lapsed or expired; None when unknown."""
    key = locked.value if isinstance(locked, PinKind) else locked
    kind = PinKind(key) if key in {k.value for k in PinKind} else None
    other = {PinKind.AUTH: PinKind.SIGN, PinKind.SIGN: PinKind.AUTH}.get(kind) if kind else None
    where: tuple[Where, ...] = (Where.WINDOW,)
    if other is not None and tries.get(other) != 0 and certs_valid is not False:
        where = (Where.KONBINI, Where.WINDOW)
    stopped = (USES[kind],) if kind is not None else ()
    if kind is PinKind.AUTH:
        stopped = (Use.LOGIN,)  # without login no portal service is reached at all
    still: list[Use] = []
    unknown: list[Use] = []
    for k, use in USES.items():
        if k is kind or use in stopped:
            continue
        t = tries.get(k)
        if t is None:
            unknown.append(use)
        elif t > 0:
            still.append(use)
        else:
            stopped = (*stopped, use)
    return Route(key, where, other if Where.KONBINI in where else None, stopped, tuple(still), tuple(unknown))


# ---------------------------------------------------------------------------------------------
# Before a procedure


@dataclass(frozen=True)
class Step:
    use: Use
    pin: PinKind
    tries: int | None  # None: not read


@dataclass(frozen=True)
class Precheck:
    steps: tuple[Step, ...]
    sign_lapse: SignLapse | None = None  # the 署名用 certificate lapsed: no PIN makes it sign again

    @property
    def signing_stopped(self) -> bool:
        """The procedure cannot be sent: its signing PIN is locked, or its certificate lapsed
        (src:fuchu-move-sign-lapse)."""
        return any(s.use is Use.SIGNING and (s.tries == 0 or self.sign_lapse is not None) for s in self.steps)

    @property
    def locked(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.tries == 0)

    @property
    def last_try(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.tries == 1)

    @property
    def can_start(self) -> bool:
        return not self.locked


def precheck(uses: Sequence[Use], tries: Mapping[PinKind, int | None],
             sign_lapse: SignLapse | None = None) -> Precheck:
    """Which PIN each step of a procedure uses (in the order the steps come), with its tries;
    ``sign_lapse``: what the backend said of a lapsed 署名用 certificate."""
    by_use = {use: kind for kind, use in USES.items()}
    return Precheck(tuple(Step(use, by_use[use], tries.get(by_use[use])) for use in uses), sign_lapse)
