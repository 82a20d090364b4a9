"""The desktop entry and the AppStream metadata describe the same application, and the app
names itself by the desktop file (QGuiApplication.setDesktopFileName)."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _desktop() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "resources" / "mynadesk.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(ROOT / "resources" / "mynadesk.metainfo.xml").getroot()


def test_metainfo_has_what_appstream_requires() -> None:
    root = _metainfo()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    for tag in ("id", "metadata_license", "project_license", "name", "summary", "description", "content_rating"):
        assert root.find(tag) is not None, tag
    assert root.findtext("metadata_license") in {"CC0-1.0", "FSFAP", "MIT"}


def test_metainfo_and_desktop_entry_agree() -> None:
    root, entry = _metainfo(), _desktop()
    assert root.findtext("launchable[@type='desktop-id']") == "mynadesk.desktop"
    assert root.findtext("provides/binary") == entry["Exec"].split()[0]
    names = {el.get(XML_LANG): el.text for el in root.findall("name")}
    assert names == {None: entry["Name"], "ja": entry["Name[ja]"]}
    summaries = {el.get(XML_LANG): el.text for el in root.findall("summary")}
    assert summaries == {None: entry["Comment"], "ja": entry["Comment[ja]"]}
    categories = [el.text for el in root.findall("categories/category")]
    assert categories == [c for c in entry["Categories"].split(";") if c]


def test_the_app_names_its_desktop_file() -> None:
    source = (ROOT / "ui" / "main.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("mynadesk")' in source
    assert _desktop()["StartupWMClass"] == "mynadesk"
