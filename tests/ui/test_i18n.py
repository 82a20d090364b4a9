"""The English catalog is complete and loads; Japanese is the source language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from app.settings import Language
from ui.i18n import qm_path, ts_path


def test_every_english_string_is_translated() -> None:
    root = ET.parse(ts_path(Language.EN)).getroot()
    messages = root.findall("./context/message")
    assert len(messages) > 30
    unfinished = [m.findtext("source") for m in messages
                  if (t := m.find("translation")) is None or t.get("type") in ("unfinished", "obsolete") or not t.text]
    assert not unfinished


def test_every_string_has_an_explicit_context() -> None:
    root = ET.parse(ts_path(Language.EN)).getroot()
    assert all(c.findtext("name") for c in root.findall("./context"))


def test_catalog_is_built_when_missing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    qm = qm_path(Language.EN, cache_dir=tmp_path)
    assert qm is not None
    assert qm.stat().st_size > 0
    assert qm_path(Language.JA, cache_dir=tmp_path) is None  # source language: no catalog
