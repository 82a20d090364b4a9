"""What the portal routes answer, as the API document declares it (docs/api.md).

The routes build their answers in ``backend_stub.network``; these models only describe them in
the OpenAPI document (``responses={200: {"model": ...}}``), so a client generated from the
document knows every field. The schemathesis run (tests/integration/test_stub_api_schema.py)
checks every answer against them. Extra fields are allowed: a newer server may add some.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Outcome = Literal["provided", "not_held", "refused"]


class Party(BaseModel):
    code: str
    name: str
    name_en: str | None = None  # the official English name where one is sourced; else absent or null


class LegalBasis(BaseModel):
    law: str = Field(description="the law cited; for a refused query, what the requester cited")
    beppyo2_item: str | None = Field(description='the 別表第二 item, a string: "74", "56の2"')
    provision: Literal["art19_7", "suppl6_6_1", "none"] = Field(
        description="art19_7: 番号法第19条第7号 and a 別表第二 row; suppl6_6_1: 附則第6条第6項第1号, the resident's"
        " own lookup (no row); none: a refused query, which no provision allowed (2015 numbering, src:bangouho-h27)")


class Trigger(BaseModel):
    kind: Literal["application", "periodic", "self_info"]
    ref: str | None


class HistoryRecordOut(BaseModel):
    id: str
    requested_at: str = Field(description="ISO 8601 with offset")
    provided_at: str | None
    requester: Party
    provider: Party
    function: str = Field(description="事務")
    information: str = Field(description="特定個人情報")
    legal_basis: LegalBasis
    outcome: Outcome
    trigger: Trigger | None
    explanation: str


class HistoryPageOut(BaseModel):
    items: list[HistoryRecordOut]
    next_cursor: str | None
    total: int


class FacetsOut(BaseModel):
    agencies: list[Party]
    information: list[str]
    outcomes: list[Outcome]


class MonthCountsOut(BaseModel):
    month: str  # YYYY-MM, Japan time
    counts: dict[str, int]  # requesting agency code -> records


class HistoryMonthlyOut(BaseModel):
    months: list[MonthCountsOut]
    agencies: list[Party]
    total: int
    first: str | None
    last: str | None


class SelfInfoCategoryOut(BaseModel):
    id: str
    name: str
    provider: Party
    description: str


class SelfInfoCategoriesOut(BaseModel):
    categories: list[SelfInfoCategoryOut]


class LabelValue(BaseModel):
    label: str
    value: str


class SelfInfoOut(BaseModel):
    category: str
    name: str
    fetched_at: str
    provider: Party
    items: list[LabelValue]
    history_id: str | None


class NoticeAttachmentOut(BaseModel):
    id: str
    name: str
    mime: str
    size: int


class NoticePaymentOut(BaseModel):
    id: str
    amount: int
    status: Literal["unpaid", "pending", "paid", "failed"]


class NoticeOut(BaseModel):
    id: str
    title: str
    body: str
    sender: str
    published_at: str
    read: bool
    deadline: str | None
    category: str
    attachments: list[NoticeAttachmentOut]
    payment: NoticePaymentOut | None
    application_id: str | None


class NoticePageOut(BaseModel):
    items: list[NoticeOut]
    next_cursor: str | None
    total: int
    unread: int


class ForwardedOut(BaseModel):
    notice_id: str
    title: str
    service: str
    forwarded_at: str


class DeliveryOut(BaseModel):
    linked: bool
    service: str | None
    account: str | None = Field(description="masked")
    categories: list[str]
    consented_at: str | None
    forwarded: list[ForwardedOut]
    available_services: list[str]
    available_categories: list[str]


class PayEasyOut(BaseModel):
    collecting_agency_no: str
    customer_no: str
    confirmation_no: str


class PaymentOut(BaseModel):
    id: str
    notice_id: str
    amount: int
    status: Literal["unpaid", "pending", "paid", "failed"]
    payeasy: PayEasyOut
    receipt: dict[str, Any] | None


class MunicipalityOut(BaseModel):
    code: str
    name: str
    prefecture: str


class ServiceDocumentOut(BaseModel):
    name: str
    required: bool
    replaced_by_linkage: bool
    beppyo2_item: str | None


class ServiceOut(BaseModel):
    id: str
    name: str
    summary: str
    form_id: str | None
    documents: list[ServiceDocumentOut]
    where: str
    situations: list[str]
    municipality_code: str


def ok(model: Any, description: str = "Successful Response") -> dict[int | str, dict[str, Any]]:
    """The ``responses`` entry that declares a route's 200 answer."""
    return {200: {"model": model, "description": description}}
