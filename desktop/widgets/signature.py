"""Signing in the app: a pad to draw a signature with a mouse, a pen (pressure) or a finger,
or a name typed and set in a handwriting-like or plain font. Either way the result is a
PNG with a transparent background that forms.fill.signature places in the person's boxes."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QFontMetricsF, QImage, QKeySequence, QPainter, QPainterPath,
                           QPen, QPixmap)
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QSizePolicy, QTabWidget, QVBoxLayout, QWidget)

from .. import i18n
from ..i18n import N_, _

INK = QColor(16, 32, 96)  # blue-black, as a pen signs
PAPER = QColor(255, 255, 255)
EXPORT_SCALE = 3  # the PNG is drawn at three times the pad's size: crisp in print
# handwriting-like families, where the system has one; else an italic serif
HANDWRITING = ("Segoe Script", "Lucida Handwriting", "Brush Script MT", "Bradley Hand", "Snell Roundhand",
               "URW Chancery L", "Z003", "TeX Gyre Chorus", "Purisa", "Comic Neue", "Comic Sans MS",
               "KaiTi", "STKaiti", "AR PL UKai CN")


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


def smooth_path(points: list[QPointF]) -> QPainterPath:
    """A smooth curve through the sampled points: quadratic segments between midpoints."""
    path = QPainterPath(points[0])
    if len(points) == 1:
        path.lineTo(points[0] + QPointF(0.1, 0.1))  # a dot
        return path
    for a, b in zip(points[1:-1], points[2:]):
        path.quadTo(a, (a + b) / 2)
    path.lineTo(points[-1])
    return path


class SignaturePad(QWidget):
    """Draw here. Strokes are kept as points with pressure; Undo takes the last stroke."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.strokes: list[list[tuple[QPointF, float]]] = []
        self.drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        em = self.fontMetrics().height()
        self.setMinimumSize(em * 24, em * 8)
        i18n.bind(self, "setAccessibleName", N_("Signature pad: draw your signature here"))

    def sizeHint(self):
        em = self.fontMetrics().height()
        return QSize(em * 32, em * 11)

    # --- input: pen, touch, mouse -----------------------------------------------------------

    def begin(self, pos: QPointF, pressure: float) -> None:
        self.drawing = True
        self.strokes.append([(QPointF(pos), pressure)])
        self.update()

    def extend(self, pos: QPointF, pressure: float) -> None:
        if self.drawing and self.strokes:
            last = self.strokes[-1][-1][0]
            if (pos - last).manhattanLength() >= 0.75:
                self.strokes[-1].append((QPointF(pos), pressure))
                self.update()

    def end(self) -> None:
        if self.drawing:
            self.drawing = False
            self.changed.emit()

    def tabletEvent(self, event) -> None:
        t = event.type()
        pressure = max(0.05, event.pressure())
        if t == QEvent.Type.TabletPress:
            self.begin(event.position(), pressure)
        elif t == QEvent.Type.TabletMove:
            self.extend(event.position(), pressure)
        elif t == QEvent.Type.TabletRelease:
            self.end()
        event.accept()  # no mouse event is synthesized from it

    def event(self, event) -> bool:
        t = event.type()
        if t in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            points = event.points()
            if points:
                pos = points[0].position()
                if t == QEvent.Type.TouchBegin:
                    self.begin(pos, 0.5)
                elif t == QEvent.Type.TouchUpdate:
                    self.extend(pos, 0.5)
                else:
                    self.end()
            event.accept()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin(event.position(), 0.5)

    def mouseMoveEvent(self, event) -> None:
        self.extend(event.position(), 0.5)

    def mouseReleaseEvent(self, event) -> None:
        self.end()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        else:
            super().keyPressEvent(event)

    # --- editing ------------------------------------------------------------------------------

    def undo(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self.update()
            self.changed.emit()

    def clear(self) -> None:
        if self.strokes:
            self.strokes = []
            self.update()
            self.changed.emit()

    def is_empty(self) -> bool:
        return not self.strokes

    # --- drawing --------------------------------------------------------------------------------

    def pen_width(self) -> float:
        return max(1.5, self.fontMetrics().height() / 7)

    def draw_strokes(self, p: QPainter, scale: float = 1.0) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.pen_width() * scale
        for stroke in self.strokes:
            points = [pt * scale for pt, _ in stroke]
            pressures = [pr for _, pr in stroke]
            if len(set(round(pr, 2) for pr in pressures)) <= 1:
                pen = QPen(INK, base * (0.6 + pressures[0]), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                           Qt.PenJoinStyle.RoundJoin)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(smooth_path(points))
            else:  # a pen with pressure: each piece as wide as it was pressed
                for i in range(1, len(points)):
                    width = base * (0.3 + 1.2 * (pressures[i - 1] + pressures[i]) / 2)
                    p.setPen(QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                    p.drawLine(points[i - 1], points[i])

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), PAPER)
        line_y = self.height() * 0.75
        p.setPen(QPen(QColor(170, 170, 170), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(self.width() * 0.05, line_y), QPointF(self.width() * 0.95, line_y))
        if self.hasFocus():
            p.setPen(QPen(self.palette().highlight().color(), 2))
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))
        self.draw_strokes(p)
        p.end()

    def to_png(self) -> bytes | None:
        if self.is_empty():
            return None
        # only the ink and a margin of two pen widths: the box is filled by the signature
        xs = [pt.x() for stroke in self.strokes for pt, _ in stroke]
        ys = [pt.y() for stroke in self.strokes for pt, _ in stroke]
        margin = self.pen_width() * 2
        x0, y0 = min(xs) - margin, min(ys) - margin
        w, h = max(xs) - x0 + margin, max(ys) - y0 + margin
        image = QImage(int(w * EXPORT_SCALE) + 1, int(h * EXPORT_SCALE) + 1, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.translate(-x0 * EXPORT_SCALE, -y0 * EXPORT_SCALE)
        self.draw_strokes(p, EXPORT_SCALE)
        p.end()
        return png_bytes(image)


def handwriting_family() -> str | None:
    families = set(QFontDatabase.families())
    return next((f for f in HANDWRITING if f in families), None)


def typed_font(style: str, base: QFont) -> QFont:
    font = QFont(base)
    if style == "handwriting":
        family = handwriting_family()
        if family:
            font.setFamily(family)
        else:
            font.setStyleHint(QFont.StyleHint.Serif)
            font.setFamilies(["DejaVu Serif", "Georgia", "Times New Roman", "serif"])
            font.setItalic(True)
    return font


def typed_png(name: str, style: str, base: QFont) -> bytes | None:
    """The name set in the chosen style, as a PNG with a transparent background."""
    name = name.strip()
    if not name:
        return None
    font = typed_font(style, base)
    font.setPixelSize(96)
    fm = QFontMetricsF(font)
    rect = fm.boundingRect(name)
    pad = 16
    image = QImage(int(rect.width() + 2 * pad), int(fm.height() + 2 * pad), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setFont(font)
    p.setPen(INK)
    p.drawText(QRectF(pad, pad, rect.width() + pad, fm.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
    p.end()
    return png_bytes(image)


class TypedSignature(QWidget):
    changed = Signal()

    def __init__(self, name: str = "", parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel(self)
        i18n.bind(label, "setText", N_("&Name:"))
        self.edit = QLineEdit(name, self)
        label.setBuddy(self.edit)
        row.addWidget(label)
        row.addWidget(self.edit, 1)
        lay.addLayout(row)
        styles = QHBoxLayout()
        self.styles = QButtonGroup(self)
        self.style_buttons = {}
        for key, text in (("handwriting", N_("&Handwriting style")), ("plain", N_("&Plain"))):
            b = QRadioButton(self)
            i18n.bind(b, "setText", text)
            self.styles.addButton(b)
            self.style_buttons[key] = b
            styles.addWidget(b)
        styles.addStretch(1)
        self.style_buttons["handwriting"].setChecked(True)
        lay.addLayout(styles)
        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAutoFillBackground(True)
        pal = self.preview.palette()
        pal.setColor(self.preview.backgroundRole(), PAPER)
        self.preview.setPalette(pal)
        em = self.fontMetrics().height()
        self.preview.setMinimumHeight(em * 6)
        lay.addWidget(self.preview, 1)
        self.edit.textChanged.connect(self.update_preview)
        for b in self.style_buttons.values():
            b.toggled.connect(self.update_preview)
        self.update_preview()

    def style(self) -> str:
        return next(k for k, b in self.style_buttons.items() if b.isChecked()) if self.styles.checkedButton() else "plain"

    def to_png(self) -> bytes | None:
        return typed_png(self.edit.text(), self.style(), self.font())

    def update_preview(self, *_args) -> None:
        data = self.to_png()
        if data:
            image = QImage.fromData(data, "PNG")
            h = self.fontMetrics().height() * 4
            self.preview.setPixmap(QPixmap.fromImage(image).scaledToHeight(h, Qt.TransformationMode.SmoothTransformation))
        else:
            self.preview.clear()
        self.changed.emit()


class SignatureDialog(QDialog):
    """Draw or type a signature. result_png holds it after OK."""

    def __init__(self, name: str = "", parent=None):
        super().__init__(parent)
        i18n.bind(self, "setWindowTitle", N_("Sign the forms"))
        self.result_png: bytes | None = None
        lay = QVBoxLayout(self)
        hint = QLabel(self)
        hint.setWordWrap(True)
        i18n.bind(hint, "setText", N_("Draw your signature with the mouse, a pen or your finger, or type your name. It is placed in the applicant's box of each form, with today's date."))
        lay.addWidget(hint)
        self.tabs = QTabWidget(self)
        draw = QWidget(self)
        dl = QVBoxLayout(draw)
        self.pad = SignaturePad(draw)
        dl.addWidget(self.pad, 1)
        buttons = QHBoxLayout()
        self.undo_button = QPushButton(draw)
        i18n.bind(self.undo_button, "setText", N_("&Undo stroke"))
        self.undo_button.clicked.connect(self.pad.undo)
        self.clear_button = QPushButton(draw)
        i18n.bind(self.clear_button, "setText", N_("C&lear"))
        self.clear_button.clicked.connect(self.pad.clear)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        dl.addLayout(buttons)
        self.typed = TypedSignature(name, self)
        self.tabs.addTab(draw, "")
        self.tabs.addTab(self.typed, "")
        i18n.on_change(self, "retranslate")
        self.retranslate()
        lay.addWidget(self.tabs, 1)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.box.button(QDialogButtonBox.StandardButton.Ok)
        i18n.bind(self.ok_button, "setText", N_("&Use this signature"))
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        lay.addWidget(self.box)
        self.pad.changed.connect(self.update_ok)
        self.typed.changed.connect(self.update_ok)
        self.tabs.currentChanged.connect(self.update_ok)
        self.update_ok()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("&Draw"))
        self.tabs.setTabText(1, _("&Type"))

    def current_png(self) -> bytes | None:
        return self.pad.to_png() if self.tabs.currentIndex() == 0 else self.typed.to_png()

    def update_ok(self, *_args) -> None:
        empty = self.pad.is_empty() if self.tabs.currentIndex() == 0 else not self.typed.edit.text().strip()
        self.ok_button.setEnabled(not empty)
        self.undo_button.setEnabled(not self.pad.is_empty())
        self.clear_button.setEnabled(not self.pad.is_empty())

    def accept(self) -> None:
        self.result_png = self.current_png()
        if self.result_png:
            super().accept()
