"""The signature pad takes a pen (with pressure) and a finger as well as the mouse, and
gives a PNG of the ink only, on a transparent background."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.widgets.signature import SignaturePad, typed_png


def pen(pad, kind, pos, pressure):
    device = QPointingDevice.primaryPointingDevice()
    event = QTabletEvent(kind, device, QPointF(pos), QPointF(pad.mapToGlobal(pos)), pressure, 0.0, 0.0, 0.0,
                         0.0, 0.0, Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton,
                         Qt.MouseButton.LeftButton)
    QApplication.sendEvent(pad, event)
    return event


def test_pen_pressure_and_touch_draw_strokes(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    pad.show()
    qtbot.waitExposed(pad)
    from PySide6.QtCore import QEvent
    first = pen(pad, QEvent.Type.TabletPress, QPoint(20, 80), 0.2)
    for i in range(1, 30):
        pen(pad, QEvent.Type.TabletMove, QPoint(20 + i * 10, 80 - (i % 5) * 6), 0.2 + i / 40)
    pen(pad, QEvent.Type.TabletRelease, QPoint(310, 80), 0.0)
    assert first.isAccepted() and len(pad.strokes) == 1
    pressures = [p for _, p in pad.strokes[0]]
    assert min(pressures) < 0.3 < 0.8 < max(pressures)  # the pen's pressure is kept

    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(50, 120))
    for i in range(1, 15):
        QTest.touchEvent(pad, device).move(0, QPoint(50 + i * 15, 120 - i * 3))
    QTest.touchEvent(pad, device).release(0, QPoint(260, 78))
    assert len(pad.strokes) == 2 and len(pad.strokes[1]) >= 10

    png = pad.to_png()
    image = QImage.fromData(png, "PNG")
    assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # transparent around the ink
    assert 2 * image.width() > 3 * image.height()  # cut to the ink: wider than tall, like the strokes
    pad.undo()
    pad.undo()
    assert pad.is_empty() and pad.to_png() is None


def test_a_typed_name_is_set_as_an_image(qtbot):
    plain = QImage.fromData(typed_png("Jonas Müller", "plain", QApplication.font()), "PNG")
    hand = QImage.fromData(typed_png("Jonas Müller", "handwriting", QApplication.font()), "PNG")
    assert plain.width() > 3 * plain.height() and not hand.isNull()
    assert typed_png("   ", "plain", QApplication.font()) is None
