"""Wording the 子育てワンストップ screens share with ホーム: an application's status and the
language of form texts. Light on purpose (Qt core and the portal models only): ホーム shows the
latest applications with this wording without loading the services screens, form schemas or
validators."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.portal.models import ApplicationStatus

translate = QCoreApplication.translate


def lang() -> str:
    """The UI language for texts that come as ja/en data (forms, messages)."""
    return "en" if QLocale().name().startswith("en") else "ja"


def status_text(status: ApplicationStatus) -> str:
    return {
        ApplicationStatus.SUBMITTED: translate("ServiceStatus", "受付済み（市区町村の審査待ち）"),
        ApplicationStatus.PROCESSING: translate("ServiceStatus", "審査中（市区町村が情報連携で確認しています）"),
        ApplicationStatus.APPROVED: translate("ServiceStatus", "決定（認定されました）"),
        ApplicationStatus.REJECTED: translate("ServiceStatus", "決定（却下されました）"),
        ApplicationStatus.DOCUMENTS_REQUESTED: translate("ServiceStatus", "書類の提出をお願いしています"),
        ApplicationStatus.VISIT_BOOKED: translate("ServiceStatus", "来庁予約済み（来庁時の手続の後に審査・決定します）"),
    }[status]
