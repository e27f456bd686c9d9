// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

namespace advlab::ui {

// The observers the user chose (issue 12), as defence keys
// (DefenceConfig::key): "model:/path/other.pt", "jpeg75", "jpeg75+model:x.pt".
// Persisted in QSettings ("observers/keys"); on first use the TF MobileNetV2
// transfer model (resolveTransferModel) when it is present.
class ObserverList : public QObject {
    Q_OBJECT

public:
    explicit ObserverList(QObject* parent = nullptr);

    QStringList keys() const { return m_keys; }
    // The saved keys that could not be restored, each with its problem
    // ("x.pt: no such file"); they are removed from the saved list.
    QStringList droppedOnLoad() const { return m_dropped; }
    // Replaces the list (invalid keys are dropped, see addObserver); saved.
    void setObservers(const QStringList& keys);
    // Adds one key (normalised by parseDefence, so "jpeg" becomes "jpeg75");
    // false with `error` naming the key or file and the problem when it is
    // malformed or names a model file that is not a readable file. A key
    // already in the list is not added twice (true).
    bool addObserver(const QString& key, QString* error = nullptr);
    // A model file as an observer: "model:<absolute path>".
    bool addModelFile(const QString& path, QString* error = nullptr);
    void removeObserver(const QString& key);

    // The key as parseDefence normalises it, or empty with `error`.
    static QString normalise(const QString& key, QString* error);
    // "model tf_mobilenet_v2_imagenet", "JPEG q75" (DefenceConfig::describe).
    static QString displayName(const QString& key);
    static QString defaultKey(); // the TF model's key, or empty when it is not installed

Q_SIGNALS:
    void changed(const QStringList& keys);

private:
    void save();
    QStringList m_keys;
    QStringList m_dropped;
};

} // namespace advlab::ui
