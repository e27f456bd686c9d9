// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QToolButton;

namespace advlab::ui {

// A dismissable strip above the triptych for problems the user must see
// (bad dataset, bad model, unreadable image), naming the file and the reason.
// It never blocks: the rest of the window keeps working.
class ErrorBanner : public QFrame {
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showError(const QString& message);
    void dismiss();
    QString text() const;
    const QStringList& history() const { return m_history; }

private:
    QLabel* m_text;
    QToolButton* m_close;
    QStringList m_history;
};

} // namespace advlab::ui
