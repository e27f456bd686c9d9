// SPDX-License-Identifier: GPL-3.0-or-later
#include "ObserverListWidget.h"

#include "ObserverList.h"
#include "Theme.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace advlab::ui {

ObserverListWidget::ObserverListWidget(ObserverList* list, QWidget* parent)
    : QWidget(parent), m_list(list), m_view(new QListWidget(this)), m_keyEdit(new QLineEdit(this)),
      m_addModel(new QPushButton(tr("Add model…"), this)), m_addKey(new QPushButton(tr("Add"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_message(new QLabel(this)) {
    setObjectName(QStringLiteral("observerListWidget"));
    m_view->setObjectName(QStringLiteral("observerList"));
    m_view->setAccessibleName(tr("Observers"));
    m_keyEdit->setObjectName(QStringLiteral("observerKeyEdit"));
    m_keyEdit->setPlaceholderText(tr("defence key: jpeg75, bits4, median3, jpeg75+model:/path/model.pt"));
    m_keyEdit->setAccessibleName(tr("Observer defence key"));
    m_addModel->setObjectName(QStringLiteral("observerAddModel"));
    m_addKey->setObjectName(QStringLiteral("observerAddKey"));
    m_remove->setObjectName(QStringLiteral("observerRemove"));
    m_message->setObjectName(QStringLiteral("observerMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* intro = new QLabel(tr("Observers classify every triptych image without taking part in the attack: "
                                "another model (transfer) or the attacked model behind a defence."),
                             this);
    intro->setWordWrap(true);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_addKey);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addModel);
    buttons->addStretch(1);
    buttons->addWidget(m_remove);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_view, 1);
    layout->addLayout(keyRow);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    connect(m_addModel, &QPushButton::clicked, this, &ObserverListWidget::chooseModel);
    connect(m_addKey, &QPushButton::clicked, this, [this] {
        if (addKey(m_keyEdit->text()))
            m_keyEdit->clear();
    });
    connect(m_keyEdit, &QLineEdit::returnPressed, m_addKey, &QPushButton::click);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (auto* item = m_view->currentItem())
            m_list->removeObserver(item->data(Qt::UserRole).toString());
    });
    connect(m_view, &QListWidget::currentRowChanged, this,
            [this](int row) { m_remove->setEnabled(row >= 0); });
    connect(m_list, &ObserverList::changed, this, &ObserverListWidget::refresh);
    refresh();
}

void ObserverListWidget::openDialog(ObserverList* list, QWidget* parent) {
    if (auto* open = parent->findChild<QDialog*>(QStringLiteral("observerDialog"))) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("observerDialog"));
    dialog->setWindowTitle(tr("Observers"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(new ObserverListWidget(list, dialog), 1);
    layout->addWidget(buttons);
    dialog->resize(560, 360);
    dialog->show();
}

void ObserverListWidget::refresh() {
    m_view->clear();
    for (const QString& key : m_list->keys()) {
        auto* item =
            new QListWidgetItem(QStringLiteral("%1  —  %2").arg(ObserverList::displayName(key), key));
        item->setData(Qt::UserRole, key);
        item->setToolTip(key);
        m_view->addItem(item);
    }
    m_remove->setEnabled(m_view->currentRow() >= 0);
}

void ObserverListWidget::showMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color:%1").arg(theme::css(theme::bad)) : QString());
}

QString ObserverListWidget::message() const {
    return m_message->text();
}

bool ObserverListWidget::addModelFile(const QString& path) {
    QString error;
    if (!m_list->addModelFile(path, &error)) {
        showMessage(tr("Not added: %1").arg(error), true);
        return false;
    }
    showMessage(tr("Added %1").arg(QFileInfo(path).fileName()), false);
    return true;
}

bool ObserverListWidget::addKey(const QString& key) {
    QString error;
    if (!m_list->addObserver(key, &error)) {
        showMessage(tr("Not added: %1").arg(error), true);
        return false;
    }
    showMessage(tr("Added %1").arg(key), false);
    return true;
}

void ObserverListWidget::chooseModel() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Add an observer model"), QString(),
                                                      tr("TorchScript models (*.pt);;All files (*)"));
    if (!path.isEmpty())
        addModelFile(path);
}

} // namespace advlab::ui
