"""The application wizard's view: one page per visible section, attachments, review, signature
and one submission. It renders and forwards input; :class:`WizardPresenter` owns the form's
state, prefill, drafts (saved off the Qt thread) and submission."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, Unpack

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.applications import NotReady, Rejected, RetryLater, Submitted
from app.card.errors import CardError, CardRemovedDuringOperation, PinBlocked, TextIntegrityFailed
from app.card.pin import PinKind
from app.drafts import Draft, DraftError, KeyStorage, StoredAttachment
from app.forms import FieldType, FormState
from app.forms.schema import FormSpec
from app.jst import CLOCK, now_jst
from app.validators import ValidationIssue, date_with_wareki, mask_my_number
from ui.card.pin_flow import DialogPinPrompt
from ui.error_words import application_refusal_text, blocked_text, error_text, wrong_pin_text
from ui.kosodate.attachments import AttachmentsPage, counter_review_lines, linkage_text, size_text
from ui.kosodate.common import ROLE_STYLE, issue_text, name, set_role, text, translate
from ui.kosodate.fields import FieldEditor, RepeatEditor
from ui.kosodate.wizard_presenter import (
    ALREADY_RECEIVING,
    CardSignature,
    DraftNotSaved,
    NoSigningCard,
    SigningCancelled,
    SigningFailed,
    SubmissionResult,
    WizardPresenter,
)
from ui.kosodate.wizard_presenter import (
    Backend as PresenterBackend,
)
from ui.output_gate import OutputGate
from ui.portal.history_text import edition_note
from ui.portal.tasks import spawn
from ui.style import emphasize

if TYPE_CHECKING:
    from ui.card.pin_dialog import PinOptions

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 150
VALIDATE_DELAY_MS = 300
WIDE_EM = 48  # narrower than this many em, the wizard shows no list of steps


class Backend(PresenterBackend, Protocol):
    """What the wizard needs from the screen: the session, the card, the drafts and the PIN dialog."""

    def ask_pin(self, parent: QWidget, kind: PinKind, tries: int | None, **options: Unpack[PinOptions]) -> Any: ...


def card_error_text(exc: BaseException) -> str:
    """The card error's words, and what became of the resident's input here."""
    text = error_text(exc)
    if isinstance(exc, TextIntegrityFailed):
        return text + translate("ServiceWizard", "カードからの入力は使わずに、手で入力してください。")
    if isinstance(exc, (PinBlocked, CardRemovedDuringOperation)):
        return text + translate("ServiceWizard", "入力した内容は下書きに残っています。")
    return text


def storage_text(storage: KeyStorage) -> str:
    if storage is KeyStorage.MEMORY:
        return translate("ServiceWizard", "この端末のメモリだけに保持しています（ログアウトやカードを抜くと消去されます）")
    if storage is KeyStorage.KEYRING:
        return translate("ServiceWizard", "暗号化してこのパソコンに保存（鍵はOSの資格情報ストア）")
    return translate("ServiceWizard", "暗号化してこのパソコンに保存（鍵はこのユーザーのファイル。OSのアカウントと同じ安全性です）")


class WizardView(QWidget):
    """Fills one draft. ``submitted(application_id, receipt_number)`` once the backend has it."""

    submitted = Signal(str, str)
    closed = Signal()
    saved = Signal()

    def __init__(self, backend: Backend, draft: Draft, parent: QWidget | None = None, *,
                 today: dt.date | None = None, municipality_name: str = "",
                 output_gate: OutputGate | None = None) -> None:
        super().__init__(parent)
        name(self, "serviceWizard")
        self.setStyleSheet(ROLE_STYLE)
        self.backend = backend
        self.output_gate = output_gate or OutputGate(None)  # a kiosk: no file to attach
        self.presenter = WizardPresenter(backend, draft, today=today,
                                         counter_documents=not self.output_gate.files_allowed)
        self.municipality_name = municipality_name
        self.step = 0
        self.busy = False
        self.already_receiving = False  # わたしの情報 shows the allowance this form claims is received
        self._saved_at: str | None = None  # when the draft was last written (shown to the resident)
        self.show_all_errors = False
        self.editors: list[FieldEditor | RepeatEditor] = []
        self.attachments_page: AttachmentsPage | None = None

        outer = QVBoxLayout(self)
        self.title = QLabel(self)
        name(self.title, "wizardTitle")
        emphasize(self.title, 1.3)
        outer.addWidget(self.title)
        # Before anything is typed: which step uses which PIN, and a stop if one is locked.
        self.precheck_label = QLabel(self)
        name(self.precheck_label, "wizardPrecheck")
        self.precheck_label.setWordWrap(True)
        self.precheck_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.precheck_label.setVisible(False)
        outer.addWidget(self.precheck_label)
        self.stopped = False  # the pre-check found a PIN locked that this procedure cannot do without
        top = QHBoxLayout()
        self.prefill_button = QPushButton(self)
        name(self.prefill_button, "prefillButton")
        self.prefill_button.clicked.connect(self._on_prefill_button_clicked)
        top.addWidget(self.prefill_button)
        # Which PIN the prefill asks for, before the resident presses it (src:miyazaki-pin-kinds).
        self.prefill_intro = QLabel(self)
        name(self.prefill_intro, "prefillIntro")
        self.prefill_intro.setWordWrap(True)
        top.addWidget(self.prefill_intro, 2)
        self.save_label = QLabel(self)
        name(self.save_label, "draftSaved")
        self.save_label.setWordWrap(True)
        top.addWidget(self.save_label, 2)
        outer.addLayout(top)

        body = QHBoxLayout()
        self.steps = QListWidget(self)
        name(self.steps, "wizardSteps")
        self.steps.setMaximumWidth(260)
        self.steps.itemActivated.connect(self._on_steps_item_activated)
        self.steps.itemClicked.connect(self._on_steps_item_activated)
        body.addWidget(self.steps)
        self.page_area = QScrollArea(self)
        name(self.page_area, "wizardPage")
        self.page_area.setWidgetResizable(True)
        body.addWidget(self.page_area, 1)
        outer.addLayout(body, 1)

        self.notice = QLabel(self)
        name(self.notice, "wizardNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.notice)

        bar = QHBoxLayout()
        self.close_button = QPushButton(self)
        name(self.close_button, "wizardClose")
        self.close_button.clicked.connect(self._on_close_button_clicked)
        bar.addWidget(self.close_button)
        bar.addStretch(1)
        self.back_button = QPushButton(self)
        name(self.back_button, "wizardBack")
        self.back_button.clicked.connect(lambda: self.go(self.step - 1))
        bar.addWidget(self.back_button)
        self.next_button = QPushButton(self)
        name(self.next_button, "wizardNext")
        self.next_button.clicked.connect(self._on_next_button_clicked)
        bar.addWidget(self.next_button)
        self.submit_button = QPushButton(self)
        name(self.submit_button, "wizardSubmit")
        self.submit_button.clicked.connect(self._on_submit_button_clicked)
        bar.addWidget(self.submit_button)
        self.retry_button = QPushButton(self)
        name(self.retry_button, "wizardRetry")
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        bar.addWidget(self.retry_button)
        outer.addLayout(bar)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timer_timeout)
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self.refresh_messages)
        self._touched: set[str] = set()
        self._counting_errors = False  # the notice shows the page's error count (after 次へ)
        self._added_item: str | None = None  # a repeat item just added: its first field gets the focus
        self.setTabOrder(self.prefill_button, self.steps)
        self.setTabOrder(self.steps, self.page_area)
        self.setTabOrder(self.page_area, self.close_button)
        self.setTabOrder(self.close_button, self.back_button)
        self.setTabOrder(self.back_button, self.next_button)
        self.setTabOrder(self.next_button, self.submit_button)
        self.setTabOrder(self.submit_button, self.retry_button)
        self.retranslate()
        # A resumed draft opens on the page the resident left (within the pages there are now).
        self.step = max(0, min(draft.page, self.review_step))
        if draft.pending is not None:
            self.step = self.review_step
            self._say(translate("ServiceWizard", "前回の送信が届いたか確認できていません。「もう一度送信」を押すと、同じ申請をもう一度送ります"
                         "（二重に申請されることはありません）。"), "warning")
        self.presenter.page = self.step
        self.build_page()
        if draft.pending is None:
            spawn(self._precheck())
        if draft.pending is None and self.spec.form_id in ALREADY_RECEIVING:
            spawn(self._check_already_receiving())

    async def _precheck(self) -> None:
        """The PIN pre-check (ui/card/card_life.py): a locked 署名用 PIN stops the procedure
        here, with where to reset it; a locked 券面事項入力補助用 PIN or a last try is a warning."""
        from ui.card.card_life import read_precheck

        try:
            found = await read_precheck(self.backend.card())
        except CardError:
            return  # the card is not there now: the prefill and the signature say so when asked
        import shiboken6

        if found is None or not shiboken6.isValid(self):
            return
        check, tries = found
        import dataclasses

        from ui.card.card_life import precheck_text, sign_lapse_of

        me = None
        try:  # the backend knows what the card cannot: whether a move lapsed its 署名用 certificate
            me = await self.presenter.resident()
        except Exception:
            log.debug("the pre-check could not read /me; the PINs are still told", exc_info=False)
        if not shiboken6.isValid(self):
            return
        check = dataclasses.replace(check, sign_lapse=sign_lapse_of(getattr(me, "card", None)))
        text = precheck_text(check, tries)
        self.precheck_label.setText(text)
        self.precheck_label.setAccessibleName(text)
        self.precheck_label.setVisible(True)
        self.stopped = check.signing_stopped
        problem = bool(check.locked or check.last_try or check.sign_lapse)
        set_role(self.precheck_label, "error" if self.stopped else "warning" if problem else "info")
        self._update_steps()

    # -- what the presenter holds ----------------------------------------------------------
    @property
    def state(self) -> FormState:
        return self.presenter.state

    @property
    def spec(self) -> FormSpec:
        return self.presenter.spec

    @property
    def draft(self) -> Draft:
        return self.presenter.draft

    @property
    def attachments(self) -> tuple[StoredAttachment, ...]:
        return self.presenter.attachments

    @property
    def today(self) -> dt.date | None:
        return self.presenter.today

    @property
    def prefilled(self) -> tuple[str, ...]:
        return self.presenter.prefilled

    @property
    def submissions(self) -> int:
        return self.presenter.submissions

    async def _check_already_receiving(self) -> None:
        """Says at the start when わたしの情報 shows the resident already receives the allowance
        (a warning only: the resident may still go on with this claim)."""
        receiving = await self.presenter.already_receiving()
        import shiboken6

        if not receiving or not shiboken6.isValid(self) or self.notice.text():
            return
        self.already_receiving = True
        self._say(translate("ServiceWizard", "わたしの情報によると、あなたはすでに児童手当を受けています。すでに受けている方が、"
                            "お子さんの出生などで手当の額が変わるときは、この認定請求ではなく「児童手当 額改定認定請求」をしてください。"
                            "このまま認定請求を続けることもできます。"), "warning")

    # -- steps -----------------------------------------------------------------------------
    def step_titles(self) -> list[str]:
        sections = [text(s.title) for s in self.state.visible_sections()]
        return [*sections, translate("ServiceWizard", "添付書類"), translate("ServiceWizard", "確認と署名")]

    @property
    def attachments_step(self) -> int:
        return len(self.state.visible_sections())

    @property
    def review_step(self) -> int:
        return self.attachments_step + 1

    def retranslate(self) -> None:
        title = text(self.spec.title)
        self.title.setText(translate("ServiceWizard", "{form}（{municipality}）").format(form=title, municipality=self.municipality_name)
                           if self.municipality_name else title)
        self.prefill_button.setText(translate("ServiceWizard", "カードとわたしの情報から入力(&F)"))
        self.prefill_button.setAccessibleName(translate("ServiceWizard", "マイナンバーカードとわたしの情報から入力する"))
        self.prefill_intro.setText(translate("ServiceWizard", "マイナンバーカードの「券面事項入力補助用暗証番号（数字4桁）」を入力すると、"
                                             "カードの氏名・住所・生年月日・個人番号を空欄に入力します。"))
        self.prefill_button.setToolTip(self.prefill_intro.text())
        self.prefill_button.setAccessibleDescription(self.prefill_intro.text())
        self.steps.setAccessibleName(translate("ServiceWizard", "申請の手順"))
        self.close_button.setText(translate("ServiceWizard", "中断して一覧へ(&Q)"))
        self.close_button.setAccessibleName(translate("ServiceWizard", "申請を中断して一覧へ戻る（下書きは保存されます）"))
        self.back_button.setText(translate("ServiceWizard", "戻る(&B)"))
        self.back_button.setAccessibleName(translate("ServiceWizard", "前の手順へ"))
        self.next_button.setText(translate("ServiceWizard", "次へ(&N)"))
        self.next_button.setAccessibleName(translate("ServiceWizard", "次の手順へ"))
        self.submit_button.setText(translate("ServiceWizard", "署名して申請する(&S)"))
        self.submit_button.setAccessibleName(translate("ServiceWizard", "署名用電子証明書で署名して申請する"))
        self.retry_button.setText(translate("ServiceWizard", "もう一度送信(&R)"))
        self.retry_button.setAccessibleName(translate("ServiceWizard", "同じ申請をもう一度送信する"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # At large text in a small window the page needs the width more than the list of steps
        # (the page's heading and 戻る/次へ still lead through the form): no sideways scrolling.
        wide = self.width() >= self.fontMetrics().horizontalAdvance("M") * WIDE_EM
        if self.steps.isVisibleTo(self) != wide:
            self.steps.setVisible(wide)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.build_page()
        super().changeEvent(event)

    def _update_steps(self) -> None:
        titles = self.step_titles()
        self.steps.blockSignals(True)
        self.steps.clear()
        for i, title in enumerate(titles):
            item = QListWidgetItem(f"{i + 1}. {title}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            if i == self.step:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.steps.addItem(item)
        self.steps.setCurrentRow(self.step)
        self.steps.blockSignals(False)
        last = self.step == self.review_step
        pending = self.draft.pending is not None
        self.back_button.setEnabled(self.step > 0 and not self.busy)
        self.next_button.setVisible(not last)
        self.submit_button.setVisible(last and not pending)
        self.submit_button.setEnabled(not self.busy)
        self.retry_button.setVisible(last and pending)
        self.retry_button.setEnabled(not self.busy)
        self.steps.setEnabled(not self.busy)
        self.prefill_button.setEnabled(not self.busy and not pending)
        if self.stopped:  # nothing to type or send until the locked PIN is reset
            for widget in (self.page_area, self.steps, self.next_button, self.submit_button, self.prefill_button):
                widget.setEnabled(False)

    def _on_steps_item_activated(self, item: QListWidgetItem) -> None:
        self.go(int(item.data(Qt.ItemDataRole.UserRole)))

    def go(self, step: int) -> None:
        if self.busy or (self.draft.pending is not None and step != self.review_step):
            return
        self.step = max(0, min(step, self.review_step))
        self.presenter.page = self.step  # the page the resident is on is kept with the draft
        self.show_all_errors = False
        self._counting_errors = False
        self._save_soon()
        if self.draft.pending is None:
            self._say("", "")
        self.build_page()

    def _on_next_button_clicked(self) -> None:
        errors = self.page_errors()
        if errors:
            self.show_all_errors = True
            self.refresh_messages()
            self._say_error_count(len(errors))
            self._focus_path(next(iter(errors)))
            return
        self._say("", "")
        self.go(self.step + 1)

    def _say_error_count(self, n: int) -> None:
        self._counting_errors = n > 0
        if n:
            self._say(translate("ServiceWizard", "このページに直す必要のある項目が{n}件あります。赤い文字の説明に従って直してください。").format(
                n=n), "error")
        else:
            self._say(translate("ServiceWizard", "このページの項目はすべて直りました。「次へ」で進めます。"), "info")

    def _update_error_count(self) -> None:
        """The count said after 次へ follows the fixes as the resident makes them."""
        if self._counting_errors and self.step < self.review_step:
            self._say_error_count(len(self.page_errors()))

    def page_errors(self) -> dict[str, tuple[ValidationIssue, ...]]:
        if self.step < self.attachments_step:
            return self.presenter.section_errors(self.step)
        if self.step == self.attachments_step and self.attachments_page is not None:
            return {k: tuple(v) for k, v in self.attachments_page.issues().items() if v}
        return {}

    # -- pages -----------------------------------------------------------------------------
    def build_page(self) -> None:
        focused = QApplication.focusWidget()
        # The page that had the focus goes: the focus follows to the new page (see _settle_focus).
        had_focus = focused is None or self.isAncestorOf(focused)
        self.step = min(self.step, self.review_step)
        self.editors = []
        self.attachments_page = None
        old = self.page_area.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        if self.step < self.attachments_step:
            page = self._section_page(self.step)
        elif self.step == self.attachments_step:
            self.attachments_page = AttachmentsPage(self.state, self.attachments, self, gate=self.output_gate)
            self.attachments_page.changed.connect(self._on_attachments_changed)
            page = self.attachments_page
        else:
            page = self._review_page()
        self.page_area.setWidget(page)
        self._update_steps()
        self.refresh_visibility()
        self.refresh_messages()
        self._update_save_label()
        if had_focus:
            self._settle_focus(focused)

    def _settle_focus(self, before: QWidget | None) -> None:
        """Keeps the focus on a visible control of the wizard (次へ stays where it is); when it
        was on the page just replaced or on a button now hidden, it goes to the new page's first
        useful control: a new item's first field, else the page's first field, and in 確認と署名
        the 署名して申請する button (pressing it only opens the PIN dialog)."""
        focused = QApplication.focusWidget()
        if focused is not None and focused is before and focused.isVisible() and not self.page_area.isAncestorOf(focused):
            return
        added, self._added_item = self._added_item, None
        if added is not None:
            for e in self._all_field_editors():
                if e.path.startswith(added + ".") and e.isVisibleTo(self):
                    self.page_area.ensureWidgetVisible(e)
                    e.focus_input()
                    return
        if self.step == self.review_step:
            for button in (self.submit_button, self.retry_button):
                if button.isVisibleTo(self) and button.isEnabled():
                    button.setFocus()
                    return
        page = self.page_area.widget()
        if page is not None:
            from ui.widgets.focus import first_control

            target = first_control(page)
            if target is not None:
                self.page_area.ensureWidgetVisible(target)
                target.setFocus()
                return
        self.next_button.setFocus()

    def _section_page(self, index: int) -> QWidget:
        section = self.state.visible_sections()[index]
        page = QWidget()
        name(page, f"section_{section.id}", text(section.title))
        layout = QVBoxLayout(page)
        head = QLabel(text(section.title), page)
        emphasize(head, 1.15)
        layout.addWidget(head)
        if section.help is not None:
            h = QLabel(text(section.help), page)
            h.setWordWrap(True)
            layout.addWidget(h)
        for spec in section.fields:
            path = f"{section.id}.{spec.id}"
            editor: FieldEditor | RepeatEditor
            if spec.type is FieldType.REPEAT:
                editor = RepeatEditor(spec, path, self.state, page)
                editor.structure_changed.connect(self._on_structure_changed)
                for sub in editor.editors:
                    sub.set_value(self.state.get(sub.path))
            else:
                editor = FieldEditor(spec, path, page)
                editor.set_value(self.state.get(path))
            editor.edited.connect(self._on_editor_edited)
            self.editors.append(editor)
            layout.addWidget(editor)
        for note in self.state.visible_notes():
            n = QLabel(text(note), page)
            n.setWordWrap(True)
            set_role(n, "info")
            layout.addWidget(n)
        layout.addStretch(1)
        return page

    def _all_field_editors(self) -> list[FieldEditor]:
        out: list[FieldEditor] = []
        for e in self.editors:
            if isinstance(e, RepeatEditor):
                out.extend(e.editors)
            else:
                out.append(e)
        return out

    def refresh_visibility(self) -> None:
        for e in self._all_field_editors():
            e.setVisible(self.state.field_visible(e.path))
        for editor in self.editors:
            if isinstance(editor, RepeatEditor):
                editor.setVisible(self.state.field_visible(editor.path))

    def refresh_messages(self) -> None:
        self._update_error_count()
        if not self.editors:
            return
        result = self.state.validate().issues
        shown: dict[str, tuple[ValidationIssue, ...]] = {}
        for path, issues in result.items():
            touched = self.show_all_errors or any(path == t or path.startswith(t + ".") for t in self._touched)
            # Advice (the 15-day rule) shows at once; errors once the resident has typed there.
            visible = tuple(i for i in issues if touched or not i.blocking)
            if visible:
                shown[path] = visible
        for e in self.editors:
            e.show_issues(shown)

    def _focus_path(self, path: str) -> None:
        for e in self._all_field_editors():
            if e.path == path or path.startswith(e.path + "."):
                self.page_area.ensureWidgetVisible(e)
                e.focus_input()
                return

    # -- edits -----------------------------------------------------------------------------
    def _on_editor_edited(self, path: str, value: object) -> None:
        pages_changed = self.presenter.edit(path, value)
        self._touched.add(path)
        self._changed()
        if pages_changed:
            self._update_steps()
        self.refresh_visibility()

    def _on_structure_changed(self) -> None:
        editor = self.sender()
        if isinstance(editor, RepeatEditor) and editor.added is not None:
            self._added_item = f"{editor.path}[{editor.added}]"
        self._changed()
        self.build_page()

    def has_unsaved_input(self) -> bool:
        """The resident typed or prefilled something in this visit (MainWindow asks before
        logging out)."""
        return bool(self._touched or self.prefilled) and self.draft.pending is None

    def _on_attachments_changed(self, attachments: tuple[StoredAttachment, ...]) -> None:
        self.presenter.attachments = attachments
        self._changed()

    def _changed(self) -> None:
        self._save_soon()
        self._validate_timer.start()

    def _save_soon(self) -> None:
        self._save_timer.start()

    def set_value(self, path: str, value: object) -> None:
        """Sets a value as if typed (tests, prefill) and refreshes the page."""
        self._on_editor_edited(path, value)
        for e in self._all_field_editors():
            if e.path == path:
                e.set_value(value)

    # -- drafts ----------------------------------------------------------------------------
    def _on_save_timer_timeout(self) -> None:
        if self.busy:
            # Not while signing: the use case writes the signed request itself. Afterwards the
            # presenter holds that (pending) draft, and a save of it writes nothing.
            self._save_soon()
        elif self.presenter.changed():
            spawn(self._save())

    async def _save(self) -> bool:
        """The draft written off the Qt thread (only when something changed)."""
        try:
            written = await self.presenter.save()
        except DraftError:
            self._save_failed()
            return False
        if written:
            self._saved()
        return True

    def save_now(self) -> bool:
        """Writes the draft at once, on this thread (the screen goes away, or logout)."""
        self._save_timer.stop()
        try:
            written = self.presenter.save_now()
        except DraftError:
            self._save_failed()
            return False
        if written:
            self._saved()
        return True

    def _save_failed(self) -> None:
        import shiboken6

        log.warning("saving the draft failed")
        if not shiboken6.isValid(self):
            return
        self.save_label.setText(translate("ServiceWizard", "下書きを保存できませんでした。空き容量を確認してください。入力内容はこの画面に残っています。"))
        set_role(self.save_label, "error")

    def _saved(self) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        self._saved_at = now_jst().strftime(CLOCK)
        self._update_save_label()
        self.saved.emit()

    def _update_save_label(self) -> None:
        at = self._saved_at
        where = storage_text(self.backend.store.key_storage)
        if at is None:
            self.save_label.setText(translate("ServiceWizard", "入力するたびに下書きを保存します：{where}").format(where=where))
        else:
            self.save_label.setText(translate("ServiceWizard", "下書きを保存しました（{at}）：{where}").format(at=at, where=where))
        set_role(self.save_label, "info")

    def flush(self) -> None:
        """Saves now, on this thread, before the screen goes away (logout, a kiosk wipe): a
        write still on its way is then older and never lands after this one. Writes nothing
        when the store already holds these contents."""
        self.save_now()

    def close_draft(self) -> None:
        """The wizard goes away: what is left is saved now, and nothing is written after."""
        self.flush()
        self.presenter.close()

    def _on_close_button_clicked(self) -> None:
        self.save_now()
        self.closed.emit()

    # -- prefill ---------------------------------------------------------------------------
    def _on_prefill_button_clicked(self) -> None:
        spawn(self.prefill_from_card())

    async def prefill_from_card(self) -> None:
        """Reads the card's text data (券面事項入力補助, with its PIN), わたしの情報 and the
        household, and fills the empty fields. Card and network run off the Qt thread."""
        if self.busy:
            return
        self.busy = True
        self._update_steps()
        try:
            prompt = DialogPinPrompt(
                self, ask=self.backend.ask_pin,
                purpose=translate("ServiceWizard", "カードに記録された氏名・住所・生年月日・個人番号を申請書に入力します。"))
            result = await self.presenter.prefill(prompt)
            card_note: tuple[str, str] | None = None  # why nothing of the card was used
            if isinstance(result.card_problem, PinBlocked):
                card_note = (blocked_text(PinKind.KENHOJO)
                             + translate("ServiceWizard", "カードからの入力は使わずに、手で入力してください。"), "warning")
            elif result.card_problem is not None:
                card_note = (card_error_text(result.card_problem), "error")
            if result.portal_error is not None:
                self._say(error_text(result.portal_error), "error")
            self._changed()
            self.build_page()
            outcome = ""
            if result.filled:
                outcome = translate("ServiceWizard", "{n}項目を入力しました。内容を確認し、違うところは直してください。").format(n=len(result.filled))
            elif result.card_read or result.self_info_read:
                outcome = translate("ServiceWizard", "入力できる空欄はありませんでした。")
            if card_note is not None:  # what went wrong with the card stays in view
                problem, role = card_note
                self._say(problem + ("\n" + outcome if outcome else ""), role)
            elif outcome:
                self._say(outcome, "info")
        finally:
            self.busy = False
            self._update_steps()

    # -- review ----------------------------------------------------------------------------
    def _review_page(self) -> QWidget:
        page = QWidget()
        name(page, "reviewPage", translate("ServiceWizard", "確認"))
        layout = QVBoxLayout(page)
        head = QLabel(translate("ServiceWizard", "入力内容の確認"), page)
        emphasize(head, 1.15)
        layout.addWidget(head)
        intro = QLabel(translate("ServiceWizard", "内容を確認し、よければ「署名して申請する」を押してください。署名用電子証明書の暗証番号"
                          "（英数字6〜16文字）を使います。"), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows: list[str] = []
        for section in self.state.review():
            box = QFrame(page)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            name(box, f"review_{section.section.id}", text(section.section.review_title or section.section.title))
            bl = QVBoxLayout(box)
            title = QLabel(text(section.section.review_title or section.section.title), box)
            emphasize(title)
            bl.addWidget(title)
            for row in section.rows:
                value = self._review_value(row.value, row.option_label, row.sensitive)
                if row.field_type is FieldType.DATE:
                    value = date_with_wareki(row.value)
                line = QLabel(f"{text(row.label)}：{value}", box)
                line.setWordWrap(True)
                name(line, f"reviewRow_{row.path}")
                line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                bl.addWidget(line)
                rows.append(line.text())
            layout.addWidget(box)
        box = QFrame(page)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        name(box, "review_attachments", translate("ServiceWizard", "添付書類"))
        bl = QVBoxLayout(box)
        title = QLabel(translate("ServiceWizard", "添付書類"), box)
        emphasize(title)
        bl.addWidget(title)
        statuses = self.state.attachment_statuses()
        applicable = {s.spec.id for s in statuses}
        attached = [a for a in self.attachments if a.slot in applicable]
        for a in attached:
            doc = text(self.spec.attachment(a.slot).label)
            line = QLabel(translate("ServiceWizard", "{document}：{file}（{size}）").format(document=doc, file=a.name, size=size_text(len(a.content))),
                          box)
            line.setWordWrap(True)
            bl.addWidget(line)
        for s in statuses:
            if s.replaced_by_linkage:
                line = QLabel(f"{text(s.spec.label)}：{linkage_text(s)}", box)
                line.setWordWrap(True)
                name(line, f"reviewReplaced_{s.spec.id}")
                bl.addWidget(line)
        if any(s.replaced_by_linkage and s.spec.replaced_by_linkage and s.spec.replaced_by_linkage.beppyo2_item is not None
               for s in statuses):
            note = QLabel(edition_note(), box)
            note.setWordWrap(True)
            name(note, "reviewEditionNote")
            bl.addWidget(note)
        at_counter = counter_review_lines(self.state, self.attachments, self.output_gate, box)
        for line in at_counter:
            bl.addWidget(line)
        if not attached and not at_counter and not any(s.replaced_by_linkage for s in statuses):
            bl.addWidget(QLabel(translate("ServiceWizard", "なし"), box))
        layout.addWidget(box)
        layout.addStretch(1)
        return page

    def _review_value(self, value: object, option_label: Any, sensitive: bool) -> str:
        if option_label is not None:
            return text(option_label)
        if isinstance(value, bool):
            return translate("ServiceWizard", "はい") if value else translate("ServiceWizard", "いいえ")
        if isinstance(value, Mapping):
            if value.get("use_public_account") is True:
                return translate("ServiceWizard", "公金受取口座")
            kinds = {"ordinary": translate("ServiceWizard", "普通"), "current": translate("ServiceWizard", "当座"), "savings": translate("ServiceWizard", "貯蓄")}
            if value.get("yucho") is True:
                return translate("ServiceWizard", "ゆうちょ銀行 記号 {kigou} 番号 {bangou} {kind} {holder}").format(
                    kigou=value.get("yucho_kigou", ""), bangou=value.get("yucho_bangou", ""),
                    kind=kinds.get(str(value.get("account_type")), ""), holder=value.get("holder_kana", ""))
            return "{} {} {} {} {}".format(value.get("bank_code", ""), value.get("branch_code", ""),
                                           kinds.get(str(value.get("account_type")), ""),
                                           value.get("account_number", ""), value.get("holder_kana", ""))
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        if sensitive and isinstance(value, str):
            return mask_my_number(value)
        return str(value)

    # -- signing and submission ------------------------------------------------------------
    def _say(self, message: str, role: str) -> None:
        self.notice.setText(message)
        set_role(self.notice, role or "info")
        self.notice.setAccessibleName(message)
        self.notice.setVisible(bool(message))

    def _on_submit_button_clicked(self) -> None:
        if self.busy:
            return  # a double click never starts a second submission
        self.busy = True
        self._update_steps()
        spawn(self.sign_and_submit())

    def _on_retry_button_clicked(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._update_steps()
        spawn(self.retry())

    def _sign_prompt(self) -> Any:
        """The signing PIN's dialog; after a wrong PIN the page says so too."""
        dialog = DialogPinPrompt(
            self, ask=self.backend.ask_pin,
            purpose=translate("ServiceWizard", "申請書に電子署名をします。署名用電子証明書の暗証番号（英数字6〜16文字）を入力してください。"))

        async def prompt(kind: PinKind, tries: int, *, after_wrong: bool) -> str | None:
            if after_wrong:
                self._say(wrong_pin_text(tries), "warning")
            return await dialog(kind, tries, after_wrong=after_wrong)

        return prompt

    def _on_submission_progress(self, step: str) -> None:
        if step == "signing":
            self._say(translate("ServiceWizard", "カードで署名しています。カードを動かさないでください…"), "info")
        else:
            self._say(translate("ServiceWizard", "送信しています…"), "info")

    async def sign_and_submit(self) -> None:
        self.busy = True
        self._save_timer.stop()
        try:
            result = await self.presenter.submit(self._sign_prompt(), self._on_submission_progress)
            self._show_submission(result)
        except Exception as exc:
            log.error("submission failed: %s", type(exc).__name__)
            self._say(error_text(exc), "error")
        finally:
            self.busy = False
            self._update_steps()

    def _show_submission(self, result: SubmissionResult) -> None:
        if isinstance(result, DraftNotSaved):
            self._save_failed()
        elif isinstance(result, NoSigningCard):
            self._say(translate("ServiceWizard", "署名にはログインに使ったマイナンバーカードが必要です。"), "error")
        elif isinstance(result, SigningCancelled):
            self._say(translate("ServiceWizard", "署名を取りやめました。入力した内容は下書きに残っています。"), "info")
        elif isinstance(result, SigningFailed):
            self._say(card_error_text(result.error), "error")
        else:
            self._handle(result)

    async def retry(self) -> None:
        self.busy = True
        try:
            self._say(translate("ServiceWizard", "もう一度送信しています…"), "info")
            self._handle(await self.presenter.retry())
        except Exception as exc:
            log.error("retry failed: %s", type(exc).__name__)
            self._say(error_text(exc), "error")
        finally:
            self.busy = False
            self._update_steps()

    def _not_ready(self, outcome: NotReady) -> None:
        step = self.presenter.step_of(outcome)
        if step is not None:
            self.step = self.presenter.page = step
            self.show_all_errors = True
            self.build_page()
            self._say(translate("ServiceWizard", "直す必要のある項目があります。赤い文字の説明に従って直してください。"), "error")
            return
        self.step = self.presenter.page = self.attachments_step
        self.build_page()
        if self.attachments_page is not None:
            self.attachments_page.show_issues(outcome.attachment_errors)
        if all(i.code == "attachment.missing" for issues in outcome.attachment_errors.values() for i in issues):
            self._say(translate("ServiceWizard", "必要な書類が添付されていません。"), "error")
        else:
            self._say(translate("ServiceWizard", "添付書類に直す必要があるものがあります。書類ごとの説明に従って直してください。"), "error")

    def _handle(self, outcome: object) -> None:
        if isinstance(outcome, Submitted):
            self._say(translate("ServiceWizard", "申請を受け付けました。受付番号: {n}").format(n=outcome.receipt_number), "info")
            self.submitted.emit(outcome.application_id, outcome.receipt_number)
            return
        if isinstance(outcome, RetryLater):
            if outcome.needs_login:
                self._say(translate("ServiceWizard", "ログインの有効期限が切れました。もう一度ログインしてから「もう一度送信」を押してください。"
                             "署名済みの申請は保存されています（二重に申請されることはありません）。"), "warning")
            else:
                self._say(translate("ServiceWizard", "申請が届いたか確認できませんでした。通信を確認して「もう一度送信」を押してください。"
                             "同じ申請を送り直すので、二重に申請されることはありません。"), "warning")
        elif isinstance(outcome, Rejected):
            self._say(application_refusal_text(outcome.code), "error")
        elif isinstance(outcome, NotReady):
            self._not_ready(outcome)
        self._update_steps()

    def issue_texts(self) -> dict[str, str]:
        """What the message labels on the page say now (tests)."""
        out = {}
        for e in self._all_field_editors():
            for path, label in e.messages.items():
                if not label.isHidden() and label.text():
                    out[path] = label.text()
        for editor in self.editors:
            if isinstance(editor, RepeatEditor) and editor.message.text():
                out[editor.path] = editor.message.text()
        return out


__all__ = ["Backend", "CardSignature", "WizardView", "issue_text"]
