"""Form titles without the schemas: the ja/en title of a form read from its JSON file, for
screens that name an application's form (ホーム) and need nothing else of it. Loads neither
the form model, its state and validators, nor the payload code (app.forms.schema does)."""

from __future__ import annotations

import functools
import json
from importlib import resources

FORMS_PACKAGE = "resources.forms"

# Keep in step with the service catalog's form ids.
FORM_IDS = (
    "jidou-teate-nintei",
    "jidou-teate-gakukaitei",
    "hoiku-riyou",
    "ninshin-todoke",
    "jifu-genkyo",
    "jidou-teate-genkyo",
    "kodomo-iryouhi",
)


@functools.cache
def _titles(form_id: str) -> tuple[str, str] | None:
    if form_id not in FORM_IDS:
        return None
    text = resources.files(FORMS_PACKAGE).joinpath(f"{form_id}.json").read_text(encoding="utf-8")
    title = json.loads(text)["title"]
    return str(title["ja"]), str(title["en"])


def form_title(form_id: str, lang: str) -> str | None:
    """The form's title in ``lang`` ("ja" or "en", as ``Text.get``); None for an unknown form.

    The same text as ``load_form(form_id).title.get(lang)``."""
    titles = _titles(form_id)
    if titles is None:
        return None
    ja, en = titles
    return en if lang == "en" else ja
