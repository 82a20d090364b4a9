"""ホーム names the latest applications' forms and their status with light lookups
(app.forms.titles, ui.kosodate.wording): the same texts as the form schemas and the services
screens, without loading the schemas, validators or the services screens (DESIGN.md §9,
resident memory after login)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.forms import FORM_IDS, load_form
from app.forms.titles import form_title
from app.portal.models import ApplicationStatus
from ui.kosodate import status
from ui.kosodate.wording import status_text

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("form_id", FORM_IDS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_form_title_is_the_schemas_title(form_id: str, lang: str) -> None:
    assert form_title(form_id, lang) == load_form(form_id).title.get(lang)


def test_an_unknown_form_has_no_title() -> None:
    assert form_title("no-such-form", "ja") is None


def test_the_status_view_uses_the_same_status_wording() -> None:
    assert status.status_text is status_text
    assert status_text(ApplicationStatus.SUBMITTED) == "受付済み（市区町村の審査待ち）"


def test_the_light_lookups_load_no_schema_validator_or_services_screen() -> None:
    code = ("import sys, app.forms.titles, ui.kosodate.wording, ui.screens.home; "
            "print(sorted(m for m in sys.modules if m in ('app.forms.schema', 'app.forms.state', "
            "'app.validators', 'ui.kosodate.common', 'ui.kosodate.status')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"
