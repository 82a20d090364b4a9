"""Frozen domain types for the portal API (docs/api.md) and their validating parsers.

Each ``parse_*`` takes decoded JSON and returns a model or raises ``MalformedResponse``; a wrong
type anywhere never escapes as ``KeyError``/``TypeError``. Secrets (tokens, nonces) are kept
out of ``repr``.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from app.portal._json import Reader, objects_of, parse_date, parse_datetime
from app.portal.errors import MalformedResponse

# ---------------------------------------------------------------------------------------------
# Enums


class Outcome(enum.StrEnum):
    PROVIDED = "provided"
    NOT_HELD = "not_held"
    REFUSED = "refused"


class TriggerKind(enum.StrEnum):
    APPLICATION = "application"
    PERIODIC = "periodic"
    SELF_INFO = "self_info"


class CertificateStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNTRUSTED = "untrusted"


class PaymentStatus(enum.StrEnum):
    UNPAID = "unpaid"
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"


class ApplicationStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    PROCESSING = "processing"
    APPROVED = "approved"
    REJECTED = "rejected"
    #: linkage could not confirm something: the office asks the resident for the document
    DOCUMENTS_REQUESTED = "documents_requested"
    #: a procedure made in person (児童扶養手当 現況届): the visit is booked; decided after the visit
    VISIT_BOOKED = "visit_booked"


# ---------------------------------------------------------------------------------------------
# Health and login


@dataclass(frozen=True)
class Health:
    status: str
    version: str


@dataclass(frozen=True)
class Challenge:
    challenge_id: str = field(repr=False)
    nonce: bytes = field(repr=False)
    expires_at: datetime.datetime


@dataclass(frozen=True)
class ResidentSummary:
    display_name: str
    municipality_code: str
    municipality_name: str


@dataclass(frozen=True)
class LoginResult:
    access_token: str = field(repr=False)
    token_type: str
    expires_in: float
    idle_timeout: float
    resident: ResidentSummary


@dataclass(frozen=True)
class CertificateCheck:
    status: CertificateStatus
    not_after: datetime.datetime | None


# ---------------------------------------------------------------------------------------------
# Resident


@dataclass(frozen=True)
class HouseholdMember:
    relation: str  # spouse | child | parent | ...
    name: str
    name_kana: str
    birth_date: datetime.date | None
    sex: str | None
    lives_together: bool


@dataclass(frozen=True)
class Me:
    display_name: str
    display_name_kana: str
    municipality_code: str
    municipality_name: str
    birth_date: datetime.date
    household: tuple[HouseholdMember, ...]
    postal_code: str | None = None  # 住民基本台帳's; a backend that does not send it: None
    card: CardFacts | None = None  # the current card as the municipality knows it; None: not sent


@dataclass(frozen=True)
class CardFacts:
    """The resident's current card as the municipality and J-LIS know it."""

    valid_until: datetime.datetime | None  # the card's own end (None: not recorded)
    auth_not_after: datetime.datetime
    sign_not_after: datetime.datetime | None  # None: the card holds no 署名用 certificate (issued under 15)
    sign_lapsed_at: datetime.datetime | None  # the 署名用 certificate lapsed (失効) then
    sign_lapse_reason: str | None  # "address_change" | "revoked"


# ---------------------------------------------------------------------------------------------
# やりとり履歴


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    #: The official English name where the backend has one (None: no English yet).
    name_en: str | None = None


@dataclass(frozen=True)
class LegalBasis:
    law: str
    beppyo2_item: str | None
    # Which provision, as a code the UI words: "art19_7" (番号法第19条第7号 with a 別表第二 row) or
    # "suppl6_6_1" (番号法附則第6条第6項第1号, a resident's own lookup) or "none" (a refused query:
    # no provision allowed it); None from older servers.
    provision: str | None = None


@dataclass(frozen=True)
class Trigger:
    kind: TriggerKind
    ref: str | None


@dataclass(frozen=True)
class HistoryRecord:
    id: str
    requested_at: datetime.datetime
    provided_at: datetime.datetime | None
    requester: Agency
    provider: Agency
    function: str
    information: str
    legal_basis: LegalBasis
    outcome: Outcome
    trigger: Trigger | None
    explanation: str


@dataclass(frozen=True)
class HistoryPage:
    items: tuple[HistoryRecord, ...]
    next_cursor: str | None
    total: int


@dataclass(frozen=True)
class MonthCounts:
    """The records of one month (``YYYY-MM``, JST) by requesting agency code."""

    month: str
    counts: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class HistoryMonthly:
    """``GET /history/monthly``: months with records, oldest first, under one set of filters."""

    months: tuple[MonthCounts, ...]
    agencies: tuple[Agency, ...]
    total: int


@dataclass(frozen=True)
class Facets:
    agencies: tuple[Agency, ...]
    information: tuple[str, ...]
    outcomes: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# わたしの情報


@dataclass(frozen=True)
class SelfInfoCategory:
    id: str
    name: str
    provider: Agency
    description: str
    name_en: str | None = None
    description_en: str | None = None


@dataclass(frozen=True)
class SelfInfoItem:
    label: str
    value: str


@dataclass(frozen=True)
class SelfInfo:
    category: str
    fetched_at: datetime.datetime
    provider: Agency
    items: tuple[SelfInfoItem, ...]
    history_id: str | None


# ---------------------------------------------------------------------------------------------
# お知らせ


@dataclass(frozen=True)
class Attachment:
    id: str
    name: str
    mime: str
    size: int


@dataclass(frozen=True)
class PaymentRef:
    id: str
    amount: int
    status: PaymentStatus


@dataclass(frozen=True)
class Notice:
    id: str
    title: str
    body: str
    sender: str
    published_at: datetime.datetime
    read: bool
    #: A date (a day's deadline) or a datetime, as the backend sent it.
    deadline: datetime.date | None
    category: str
    attachments: tuple[Attachment, ...]
    payment: PaymentRef | None
    application_id: str | None


@dataclass(frozen=True)
class NoticePage:
    items: tuple[Notice, ...]
    next_cursor: str | None
    total: int
    unread: int


# ---------------------------------------------------------------------------------------------
# 民間送達サービス, 公金決済


@dataclass(frozen=True)
class ForwardedNotice:
    notice_id: str
    title: str
    service: str
    forwarded_at: datetime.datetime | None


@dataclass(frozen=True)
class DeliveryState:
    linked: bool
    service: str | None
    #: Masked by the backend (e.g. ``ta***@example.jp``).
    account: str | None
    #: Notice categories forwarded; empty means all.
    categories: tuple[str, ...]
    forwarded: tuple[ForwardedNotice, ...]
    consented_at: datetime.datetime | None = None
    available_services: tuple[str, ...] = ()
    available_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class PayEasy:
    collecting_agency_no: str
    customer_no: str
    confirmation_no: str


@dataclass(frozen=True)
class PaymentReceipt:
    method: str
    paid_at: datetime.datetime | None
    receipt_no: str | None
    card_last4: str | None


@dataclass(frozen=True)
class Payment:
    id: str
    notice_id: str | None
    amount: int
    status: PaymentStatus
    payeasy: PayEasy | None
    receipt: PaymentReceipt | None


# ---------------------------------------------------------------------------------------------
# 子育てワンストップ


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    prefecture: str


@dataclass(frozen=True)
class ServiceDocument:
    name: str
    required: bool
    replaced_by_linkage: bool
    beppyo2_item: str | None


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    summary: str
    eligibility: str
    deadline: str | None
    online: bool
    form_id: str | None
    legal_basis: str | None
    documents: tuple[ServiceDocument, ...]
    where: str | None
    #: the office that decides, where a source states it (e.g. 茨城県知事 for a town's 児童扶養手当)
    decided_by: str | None = None
    #: the section that handles it, only where a municipal page names it
    department: str | None = None
    #: what to know about where to file and who decides
    notes: tuple[str, ...] = ()
    #: the catalog entry is sample data (the same for every municipality) beyond what names a source
    sample: bool = True


@dataclass(frozen=True)
class ApplicationReceipt:
    id: str
    receipt_number: str
    status: ApplicationStatus
    #: False when the backend recognised the Idempotency-Key and returned the earlier submission.
    created: bool


@dataclass(frozen=True)
class AttachmentStorage:
    """What the resident's stored attachments take up against their quota (``GET /applications``)."""

    stored_bytes: int
    quota_bytes: int


@dataclass(frozen=True)
class ApplicationEvent:
    at: datetime.datetime
    status: ApplicationStatus
    note: str | None


@dataclass(frozen=True)
class CounterDocument:
    slot: str
    name: str
    name_en: str


@dataclass(frozen=True)
class CounterDocuments:
    """Documents the resident declared (signed) they hand in at the counter, and where."""

    office_code: str
    office_name: str
    department: str | None  # the section, only where a municipal page names it
    documents: tuple[CounterDocument, ...]


@dataclass(frozen=True)
class Application:
    id: str
    receipt_number: str
    form_id: str
    status: ApplicationStatus
    events: tuple[ApplicationEvent, ...]
    notice_id: str | None
    at_counter: CounterDocuments | None = None


# ---------------------------------------------------------------------------------------------
# Parsers


def parse_health(value: object) -> Health:
    r = Reader(value)
    return Health(status=r.text("status"), version=r.text("version"))


def parse_challenge(value: object) -> Challenge:
    r = Reader(value)
    nonce = r.b64("nonce")
    if len(nonce) != 32:
        raise MalformedResponse("nonce")
    return Challenge(
        challenge_id=r.text("challenge_id", allow_empty=False), nonce=nonce, expires_at=r.timestamp("expires_at")
    )


def _resident_summary(r: Reader) -> ResidentSummary:
    return ResidentSummary(
        display_name=r.text("display_name"),
        municipality_code=r.ident("municipality_code"),
        municipality_name=r.text("municipality_name"),
    )


def parse_login(value: object) -> LoginResult:
    r = Reader(value)
    token_type = r.text("token_type")
    if token_type.lower() != "bearer":
        raise MalformedResponse("token_type")
    expires_in = r.number("expires_in")
    idle = r.number("idle_timeout")
    if expires_in <= 0 or idle <= 0:
        raise MalformedResponse("expires_in" if expires_in <= 0 else "idle_timeout")
    token = r.text("access_token", allow_empty=False)
    # A bearer token goes into an HTTP header: refuse anything that could split it.
    if not token.isascii() or not token.isprintable() or " " in token or len(token) > 4096:
        raise MalformedResponse("access_token")
    return LoginResult(
        access_token=token,
        token_type="Bearer",
        expires_in=expires_in,
        idle_timeout=idle,
        resident=_resident_summary(r.obj("resident")),
    )


def parse_certificate_check(value: object) -> CertificateCheck:
    r = Reader(value)
    return CertificateCheck(status=r.choice("status", CertificateStatus), not_after=r.opt_timestamp("not_after"))


def _household_member(r: Reader) -> HouseholdMember:
    return HouseholdMember(
        relation=r.text("relation"),
        name=r.text("name"),
        name_kana=r.opt_text("name_kana") or "",
        birth_date=None if r.opt_text("birth_date") is None else r.day("birth_date"),
        sex=r.opt_text("sex"),
        lives_together=bool(r.has("lives_together") and r.flag("lives_together")),
    )


def parse_me(value: object) -> Me:
    r = Reader(value)
    return Me(
        display_name=r.text("display_name"),
        display_name_kana=r.text("display_name_kana"),
        municipality_code=r.ident("municipality_code"),
        municipality_name=r.text("municipality_name"),
        birth_date=r.day("birth_date"),
        household=r.objects("household", _household_member),
        postal_code=r.opt_text("postal_code"),
        card=_card_facts(card) if (card := r.opt_obj("card")) is not None else None,
    )


def _card_facts(r: Reader) -> CardFacts:
    return CardFacts(
        valid_until=r.opt_timestamp("valid_until"),
        auth_not_after=r.timestamp("auth_not_after"),
        sign_not_after=r.opt_timestamp("sign_not_after"),
        sign_lapsed_at=r.opt_timestamp("sign_lapsed_at"),
        sign_lapse_reason=r.opt_text("sign_lapse_reason"),
    )


def _agency(r: Reader) -> Agency:
    return Agency(code=r.ident("code"), name=r.text("name"), name_en=r.opt_text("name_en") or None)


def _trigger(r: Reader) -> Trigger:
    return Trigger(kind=r.choice("kind", TriggerKind), ref=r.scalar_text("ref"))


def parse_history_record(value: object) -> HistoryRecord:
    return _history_record(Reader(value))


def _history_record(r: Reader) -> HistoryRecord:
    basis = r.obj("legal_basis")
    trigger = r.opt_obj("trigger")
    return HistoryRecord(
        id=r.ident("id"),
        requested_at=r.timestamp("requested_at"),
        provided_at=r.opt_timestamp("provided_at"),
        requester=_agency(r.obj("requester")),
        provider=_agency(r.obj("provider")),
        function=r.text("function"),
        information=r.text("information"),
        legal_basis=LegalBasis(
            law=basis.text("law"),
            beppyo2_item=basis.scalar_text("beppyo2_item"),
            provision=basis.opt_text("provision"),
        ),
        outcome=r.choice("outcome", Outcome),
        trigger=None if trigger is None else _trigger(trigger),
        explanation=r.opt_text("explanation") or "",
    )


def _cursor(r: Reader) -> str | None:
    cursor = r.opt_text("next_cursor")
    if cursor == "":
        raise MalformedResponse("next_cursor")
    return cursor


def parse_history_page(value: object) -> HistoryPage:
    r = Reader(value)
    return HistoryPage(
        items=r.objects("items", _history_record),
        next_cursor=_cursor(r),
        total=r.integer("total"),
    )


def _label(item: object, where: str) -> str:
    """A facet value: a plain string, or an object with a ``name``/``code``."""
    if isinstance(item, str):
        return item
    r = Reader(item, where)
    return r.opt_text("name") or r.ident("code")


def _month_counts(r: Reader) -> MonthCounts:
    month = r.text("month")
    digits = month[:4] + month[5:]
    if len(month) != 7 or month[4] != "-" or not (digits.isascii() and digits.isdigit()) or not 1 <= int(month[5:]) <= 12:
        raise MalformedResponse(r.where("month"))
    c = r.obj("counts")
    return MonthCounts(month=month, counts=tuple((code, c.integer(code)) for code in sorted(c.keys())))


def parse_history_monthly(value: object) -> HistoryMonthly:
    r = Reader(value)
    months = r.objects("months", _month_counts)
    if [m.month for m in months] != sorted({m.month for m in months}):
        raise MalformedResponse("months")
    return HistoryMonthly(months=months, agencies=r.objects("agencies", _agency), total=r.integer("total"))


def parse_facets(value: object) -> Facets:
    r = Reader(value)
    return Facets(
        agencies=r.objects("agencies", _agency),
        information=tuple(_label(x, f"information[{i}]") for i, x in enumerate(r.array("information"))),
        outcomes=tuple(_label(x, f"outcomes[{i}]") for i, x in enumerate(r.array("outcomes"))),
    )


def _self_info_category(r: Reader) -> SelfInfoCategory:
    return SelfInfoCategory(
        id=r.ident("id"),
        name=r.text("name"),
        provider=_agency(r.obj("provider")),
        description=r.opt_text("description") or "",
        name_en=r.opt_text("name_en") or None,
        description_en=r.opt_text("description_en") or None,
    )


def parse_self_info_categories(value: object) -> tuple[SelfInfoCategory, ...]:
    return Reader(value).objects("categories", _self_info_category)


def _self_info_item(r: Reader) -> SelfInfoItem:
    return SelfInfoItem(label=r.text("label"), value=r.scalar_text("value") or "")


def parse_self_info(value: object) -> SelfInfo:
    r = Reader(value)
    return SelfInfo(
        category=r.ident("category"),
        fetched_at=r.timestamp("fetched_at"),
        provider=_agency(r.obj("provider")),
        items=r.objects("items", _self_info_item),
        history_id=r.opt_ident("history_id"),
    )


def _deadline(r: Reader, key: str) -> datetime.date | None:
    text = r.opt_text(key)
    if text is None:
        return None
    where = r.where(key)
    return parse_date(text, where) if len(text) == 10 else parse_datetime(text, where)


def _attachment(r: Reader) -> Attachment:
    return Attachment(id=r.ident("id"), name=r.text("name"), mime=r.text("mime"), size=r.integer("size"))


def _payment_ref(r: Reader) -> PaymentRef:
    return PaymentRef(id=r.ident("id"), amount=r.integer("amount"), status=r.choice("status", PaymentStatus))


def _notice(r: Reader) -> Notice:
    payment = r.opt_obj("payment")
    return Notice(
        id=r.ident("id"),
        title=r.text("title"),
        body=r.text("body"),
        sender=r.text("sender"),
        published_at=r.timestamp("published_at"),
        read=r.flag("read"),
        deadline=_deadline(r, "deadline"),
        category=r.text("category"),
        attachments=r.objects("attachments", _attachment),
        payment=None if payment is None else _payment_ref(payment),
        application_id=r.opt_ident("application_id"),
    )


def parse_notice(value: object) -> Notice:
    return _notice(Reader(value))


def parse_notice_page(value: object) -> NoticePage:
    r = Reader(value)
    return NoticePage(
        items=r.objects("items", _notice),
        next_cursor=_cursor(r),
        total=r.integer("total"),
        unread=r.integer("unread"),
    )


def _forwarded(r: Reader) -> ForwardedNotice:
    return ForwardedNotice(
        notice_id=r.ident("notice_id"),
        title=r.opt_text("title") or "",
        service=r.opt_text("service") or "",
        forwarded_at=r.opt_timestamp("forwarded_at"),
    )


def parse_delivery(value: object) -> DeliveryState:
    r = Reader(value)
    return DeliveryState(
        linked=r.flag("linked"),
        service=r.opt_text("service"),
        account=r.opt_text("account"),
        categories=r.strs("categories"),
        forwarded=r.objects("forwarded", _forwarded),
        consented_at=r.opt_timestamp("consented_at"),
        available_services=r.strs("available_services") if r.has("available_services") else (),
        available_categories=r.strs("available_categories") if r.has("available_categories") else (),
    )


def parse_payment(value: object) -> Payment:
    r = Reader(value)
    pe = r.opt_obj("payeasy")
    return Payment(
        id=r.ident("id"),
        notice_id=r.opt_ident("notice_id"),
        amount=r.integer("amount"),
        status=r.choice("status", PaymentStatus),
        payeasy=None
        if pe is None
        else PayEasy(
            collecting_agency_no=pe.ident("collecting_agency_no"),
            customer_no=pe.ident("customer_no"),
            confirmation_no=pe.ident("confirmation_no"),
        ),
        receipt=_receipt(r.opt_obj("receipt")),
    )


def _receipt(r: Reader | None) -> PaymentReceipt | None:
    if r is None:
        return None
    return PaymentReceipt(
        method=r.text("method"),
        paid_at=r.opt_timestamp("paid_at"),
        receipt_no=r.opt_ident("receipt_no"),
        card_last4=r.opt_text("card_last4"),
    )


def _municipality(r: Reader) -> Municipality:
    return Municipality(code=r.ident("code"), name=r.text("name"), prefecture=r.text("prefecture"))


def parse_municipalities(value: object) -> tuple[Municipality, ...]:
    return objects_of(_unwrap_items(value), _municipality)


def _document(r: Reader) -> ServiceDocument:
    return ServiceDocument(
        name=r.text("name"),
        required=r.flag("required"),
        replaced_by_linkage=r.flag("replaced_by_linkage"),
        beppyo2_item=r.scalar_text("beppyo2_item"),
    )


def _service(r: Reader) -> Service:
    return Service(
        id=r.ident("id"),
        name=r.text("name"),
        summary=r.opt_text("summary") or "",
        eligibility=r.opt_text("eligibility") or "",
        deadline=r.scalar_text("deadline"),
        online=r.flag("online"),
        form_id=r.opt_ident("form_id"),
        legal_basis=r.scalar_text("legal_basis"),
        documents=r.objects("documents", _document),
        where=r.scalar_text("where"),
        decided_by=_decider(r.opt_obj("decided_by")),
        department=r.opt_text("department"),
        notes=r.strs("notes") if r.has("notes") else (),
        sample=r.flag("sample") if r.has("sample") else True,
    )


def _decider(r: Reader | None) -> str | None:
    return None if r is None else r.text("name")


def parse_services(value: object) -> tuple[Service, ...]:
    return objects_of(_unwrap_items(value), _service)


def parse_application_receipt(value: object, *, created: bool) -> ApplicationReceipt:
    r = Reader(value)
    return ApplicationReceipt(
        id=r.ident("id"),
        receipt_number=r.ident("receipt_number"),
        status=r.choice("status", ApplicationStatus),
        created=created,
    )


def _event(r: Reader) -> ApplicationEvent:
    return ApplicationEvent(at=r.timestamp("at"), status=r.choice("status", ApplicationStatus), note=r.opt_text("note"))


def _application(r: Reader) -> Application:
    return Application(
        id=r.ident("id"),
        receipt_number=r.ident("receipt_number"),
        form_id=r.ident("form_id"),
        status=r.choice("status", ApplicationStatus),
        events=r.objects("events", _event),
        notice_id=r.opt_ident("notice_id"),
        at_counter=_counter_documents(r.opt_obj("at_counter")),
    )


def _counter_documents(r: Reader | None) -> CounterDocuments | None:
    if r is None:
        return None
    office = r.obj("office")
    return CounterDocuments(
        office_code=office.ident("code"),
        office_name=office.text("name", allow_empty=False),
        department=r.opt_text("department"),
        documents=r.objects("documents", lambda d: CounterDocument(
            d.ident("slot"), d.text("name", allow_empty=False), d.text("name_en", allow_empty=False))),
    )


def parse_application(value: object) -> Application:
    return _application(Reader(value))


def parse_applications(value: object) -> tuple[Application, ...]:
    return objects_of(_unwrap_items(value), _application)


def parse_attachment_storage(value: object) -> AttachmentStorage:
    r = Reader(value).obj("attachment_storage")
    return AttachmentStorage(stored_bytes=r.integer("stored_bytes"), quota_bytes=r.integer("quota_bytes"))


def _unwrap_items(value: object) -> object:
    """A list endpoint's array, whether sent bare or in the paged ``{"items": [...]}`` envelope."""
    if isinstance(value, dict) and "items" in value:
        return value["items"]
    return value


# ---------------------------------------------------------------------------------------------
# 代理人 (docs/api.md "代理人")


class GrantKind(enum.StrEnum):
    LEGAL = "legal"  # 法定代理 (a 親権者 for a child)
    VOLUNTARY = "voluntary"  # 任意代理


class GrantStatus(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    BLOCKED = "blocked"  # ended by the municipality (DV等支援措置)


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class ProxyGrant:
    id: str
    kind: GrantKind
    relation: str | None
    principal: Person  # the person represented (委任者)
    proxy: Person  # the 代理人
    since: datetime.datetime
    expires_at: datetime.datetime
    status: GrantStatus
    ended_at: datetime.datetime | None
    can_revoke: bool


@dataclass(frozen=True)
class ProxyGrants:
    represented: tuple[ProxyGrant, ...]  # grants by which the resident acts for others
    representatives: tuple[ProxyGrant, ...]  # grants by which others act for the resident
    blocked: bool

    def acting_choices(self) -> tuple[Person, ...]:
        """Those the resident may act for now (besides themselves), in the order listed."""
        return tuple(g.principal for g in self.represented if g.status is GrantStatus.ACTIVE)


@dataclass(frozen=True)
class ProxyAction:
    at: datetime.datetime
    proxy: Person
    action: str
    label: str


def _person(r: Reader) -> Person:
    return Person(id=r.ident("id"), name=r.text("name"))


def _grant(r: Reader) -> ProxyGrant:
    return ProxyGrant(
        id=r.ident("id"),
        kind=r.choice("kind", GrantKind),
        relation=r.opt_text("relation"),
        principal=_person(r.obj("principal")),
        proxy=_person(r.obj("proxy")),
        since=r.timestamp("since"),
        expires_at=r.timestamp("expires_at"),
        status=r.choice("status", GrantStatus),
        ended_at=r.opt_timestamp("ended_at"),
        can_revoke=r.flag("can_revoke"),
    )


def parse_proxy_grant(value: object) -> ProxyGrant:
    return _grant(Reader(value))


def parse_proxy_grants(value: object) -> ProxyGrants:
    r = Reader(value)
    return ProxyGrants(
        represented=r.objects("represented", _grant),
        representatives=r.objects("representatives", _grant),
        blocked=r.flag("blocked"),
    )


def _action(r: Reader) -> ProxyAction:
    return ProxyAction(at=r.timestamp("at"), proxy=_person(r.obj("proxy")), action=r.text("action"),
                       label=r.text("label"))


def parse_proxy_actions(value: object) -> tuple[ProxyAction, ...]:
    return Reader(value).objects("items", _action)
