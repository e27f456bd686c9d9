// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace advlab::ui {

class ObserverList;

// Edits an ObserverList: the observers in order, "Add model…" (any .pt), a
// defence key typed in ("jpeg75", "jpeg75+model:/x.pt"), and Remove. A bad
// key or file is refused with a message naming it, shown under the list.
class ObserverListWidget : public QWidget {
    Q_OBJECT

public:
    explicit ObserverListWidget(ObserverList* list, QWidget* parent = nullptr);

    // Tools → Observers…: a non-modal dialog around a widget for `list`.
    static void openDialog(ObserverList* list, QWidget* parent);

    // The file dialog's answer (tests call this directly).
    bool addModelFile(const QString& path);
    bool addKey(const QString& key);
    QString message() const;

private:
    void refresh();
    void chooseModel();
    void showMessage(const QString& text, bool error);

    ObserverList* m_list;
    QListWidget* m_view;
    QLineEdit* m_keyEdit;
    QPushButton* m_addModel;
    QPushButton* m_addKey;
    QPushButton* m_remove;
    QLabel* m_message;
};

} // namespace advlab::ui
