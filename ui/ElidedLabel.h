// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace advlab::ui {

// A one-line plain-text label that never widens its window: when its text is
// longer than the room it gets, it ends in "…" and shows the whole text as
// its tooltip. A plain QLabel's minimum width is its whole text, so one long
// status message could push the window past a laptop screen's edge.
class ElidedLabel : public QLabel {
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    bool isElided() const;
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
};

} // namespace advlab::ui
