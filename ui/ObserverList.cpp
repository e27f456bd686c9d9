// SPDX-License-Identifier: GPL-3.0-or-later
#include "ObserverList.h"

#include <QFileInfo>
#include <QSettings>
#include <advlab/Defence.h>
#include <advlab/Paths.h>
#include <exception>

namespace advlab::ui {

namespace {
const auto kKey = QStringLiteral("observers/keys");
// QSettings cannot tell an empty list from none: this says the user chose.
const auto kChosenKey = QStringLiteral("observers/chosen");
} // namespace

ObserverList::ObserverList(QObject* parent) : QObject(parent) {
    const QSettings settings;
    if (settings.value(kChosenKey).toBool() || settings.contains(kKey)) {
        const QStringList saved = settings.value(kKey).toStringList();
        for (const QString& k : saved) {
            QString error;
            const QString n = normalise(k, &error);
            if (n.isEmpty())
                m_dropped << error; // said once (droppedOnLoad), and the saved list is cleaned
            else if (!m_keys.contains(n))
                m_keys << n;
        }
    } else if (const QString d = defaultKey(); !d.isEmpty()) {
        m_keys << d;
    }
    if (!m_dropped.isEmpty()) {
        QSettings cleaned;
        cleaned.setValue(kKey, m_keys);
    }
}

QString ObserverList::defaultKey() {
    const PathResolution r = resolveTransferModel();
    return r.found() ? QStringLiteral("model:") + QString::fromStdString(r.path) : QString();
}

QString ObserverList::normalise(const QString& key, QString* error) {
    try {
        const DefenceConfig d = parseDefence(key.trimmed().toStdString());
        if (d.isAttackedModelAlone()) {
            if (error)
                *error = tr("\"%1\" is the attacked model itself, not an observer").arg(key);
            return {};
        }
        if (d.usesOwnModel()) {
            const QFileInfo file(QString::fromStdString(d.modelPath));
            if (!file.exists()) {
                if (error)
                    *error = tr("%1: no such file").arg(file.filePath());
                return {};
            }
            if (!file.isFile() || !file.isReadable()) {
                if (error)
                    *error = tr("%1: not a readable file").arg(file.filePath());
                return {};
            }
            // One model, one key: "a/../a/x.pt", "a//x.pt" and a link to it
            // are the same observer, not three identical lines.
            DefenceConfig canonical = d;
            canonical.modelPath = file.canonicalFilePath().toStdString();
            return QString::fromStdString(canonical.key());
        }
        return QString::fromStdString(d.key());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return {};
    }
}

QString ObserverList::displayName(const QString& key) {
    try {
        return QString::fromStdString(parseDefence(key.toStdString()).describe());
    } catch (const std::exception&) {
        return key;
    }
}

void ObserverList::save() {
    QSettings settings;
    settings.setValue(kKey, m_keys);
    settings.setValue(kChosenKey, true);
    Q_EMIT changed(m_keys);
}

void ObserverList::setObservers(const QStringList& keys) {
    QStringList next;
    for (const QString& k : keys) {
        QString error;
        const QString n = normalise(k, &error);
        if (!n.isEmpty() && !next.contains(n))
            next << n;
    }
    m_keys = next;
    save();
}

bool ObserverList::addObserver(const QString& key, QString* error) {
    const QString n = normalise(key, error);
    if (n.isEmpty())
        return false;
    if (!m_keys.contains(n)) {
        m_keys << n;
        save();
    }
    return true;
}

bool ObserverList::addModelFile(const QString& path, QString* error) {
    if (path.contains(QLatin1Char(','))) { // the key syntax cannot hold a comma
        if (error)
            *error = tr("%1: a model path with a comma cannot be an observer").arg(path);
        return false;
    }
    return addObserver(QStringLiteral("model:") + QFileInfo(path).absoluteFilePath(), error);
}

void ObserverList::removeObserver(const QString& key) {
    if (m_keys.removeAll(key) > 0)
        save();
}

} // namespace advlab::ui
