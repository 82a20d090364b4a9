"""Point 16, at home: the smaller things a resident trips over.

- Opening お知らせ does not mark a notice read by itself; choosing it does.
- 開く on an attachment where no application can open it says so and offers 保存…; the
  demo attachment is a real document, not a blank page.
- The demo card list says which card is placed.
- A wrong PIN's message is next to the ログイン button the resident pressed.
- 山田 花子 (新座市) gets her 住民税 from 五霞町, and the notice says why (賦課期日).
"""

from __future__ import annotations

import re
from pathlib import Path

from ui.portal import tasks


def _quiet() -> bool:
    """No portal call in flight but the notice push's long poll (e.g. a mark-read)."""
    return all("NoticePushService" in t.get_coro().__qualname__ for t in list(tasks._running))


def _open_notices(j):
    screen = j.open_screen("notices")
    j.wait_until(lambda: screen.model.rowCount() > 0 and not screen.model.loading)
    j.settle()
    j.wait_until(_quiet)
    return screen


def _choose(j, screen, title_part: str):
    row = next(r for r in range(screen.model.rowCount()) if title_part in screen.model.notice(r).title)
    rect = screen.list.visualRect(screen.model.index(row, 0))
    from PySide6.QtCore import Qt

    j.qtbot.mouseClick(screen.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    j.wait_until(lambda: screen.notice_title.text() == screen.model.notice(row).title)
    return row


def test_opening_notices_marks_nothing_read_until_the_resident_chooses(home):
    home.login_as("r01")
    start = home.open_screen("home")
    home.wait_until(lambda: start.unread > 0)  # the home screen counts the unread notices
    unread = start.unread
    screen = _open_notices(home)
    screen.model.reload()  # what the server holds after the screen opened
    home.wait_until(lambda: not screen.model.loading and screen.model.rowCount() > 0)
    home.wait_until(_quiet)
    unread_now = [n.id for n in screen.model.notices if not n.read]
    assert len(unread_now) == unread, "opening the screen marked a notice read"
    assert home.sees(f"未読 {unread} 件", screen)
    unread_before = unread_now
    # Choosing it is reading it.
    first = screen.model.notice(screen.model.row_of(unread_before[0]))
    _choose(home, screen, first.title)
    home.wait_until(lambda: screen.model.notice(screen.model.row_of(first.id)).read)


def test_attachment_without_a_launcher_offers_save_and_has_content(home):
    home.login_as("r03")  # 鈴木 美咲: 現況届のご案内.pdf
    screen = _open_notices(home)
    _choose(home, screen, "現況届")
    opened: list[str] = []
    screen.attachment_opened.connect(opened.append)
    home.click("開く")
    home.wait_until(lambda: opened and "開" in screen.status.text())
    # No application here opens a PDF: the resident is told, and 保存… is where the focus is.
    assert "保存" in screen.status.text(), screen.status.text()
    assert screen.window().focusWidget() is screen.save_button  # (focus within the window)
    data = Path(opened[0]).read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"startxref" in data
    assert len(data) > 1000, f"a {len(data)}-byte page"
    # The page says what the notice is about (its text, UTF-16 in a CID font).
    shown = "".join(bytes.fromhex(h).decode("utf-16-be") for h in re.findall(rb"<([0-9A-Fa-f]{8,})>", data)
                    for h in [h.decode()])
    assert "現況届" in shown, shown[:80]


def test_demo_list_says_which_card_is_placed(home):
    home.place_demo_card("r02")
    login = home.screen("login")
    placed = [login.demo_list.item(i).text() for i in range(login.demo_list.count())
              if "置いています" in login.demo_list.item(i).text()]
    assert len(placed) == 1
    assert "佐藤 健一" in placed[0]
    home.remove_demo_card()
    home.wait_until(lambda: not any("置いています" in login.demo_list.item(i).text()
                                    for i in range(login.demo_list.count())))


def test_wrong_pin_message_is_next_to_the_login_button(home):
    home.resize(1500, 950)
    home.login_as("r01", pin="9999")
    login = home.screen("login")
    message, button = login.message_label, login.login_button
    assert "暗証番号が違います" in message.text()
    top_left = message.mapTo(login, message.rect().topLeft())
    at = button.mapTo(login, button.rect().topLeft())
    line = message.fontMetrics().height()
    # Right under (or right over) the button, and where the eye is: around the button's centre.
    gap = max(top_left.y() - (at.y() + button.height()), at.y() - (top_left.y() + message.height()))
    assert gap <= line, gap
    text_w = message.fontMetrics().horizontalAdvance(message.text())
    if message.alignment() & message.alignment().AlignHCenter:
        left = top_left.x() + (message.width() - text_w) / 2
    else:
        left = top_left.x()
    centre = at.x() + button.width() / 2
    assert left <= centre <= left + text_w, (left, left + text_w, centre)


def test_juminzei_notice_explains_the_municipality_of_1_january(home):
    home.login_as("r01")  # 山田 花子, 新座市, who lived in 五霞町 on 1 January
    screen = _open_notices(home)
    _choose(home, screen, "住民税")
    body = screen.body.toPlainText()
    assert screen.model.notice(screen.model.row_of(screen._current.id)).sender.startswith("五霞町")
    for words in ("1月1日", "賦課期日", "五霞町", "新座市", "地方税法", "第318条"):
        assert words in body, (words, body)
