// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FragilityResults.h"

#include <QString>
#include <optional>

namespace advlab::ui {

// Scan results on disk, one file per dataset, model and attack, so a second
// launch shows the badges at once. The key covers everything that changes
// the answer: the dataset (its root and images.csv's content), each model
// file (path, size, modification time), the attack (AttackConfig::cacheKey
// of the keyed config), the mode and the search bound. The file is named by
// the key's hash and repeats the key, so a foreign file (another key, a
// hash collision, a hand-copied file) is recognised and ignored. Written
// atomically (writeFileAtomic); a corrupt or foreign file gives a message,
// never a crash.
class FragilityCache {
public:
    // `dir`: where the files go; empty: the cache location
    // (QStandardPaths::CacheLocation)/fragility.
    explicit FragilityCache(QString dir = {});

    const QString& directory() const { return m_dir; }

    // The key, or empty with `error` when the dataset or a model cannot be read.
    static QString keyFor(const FragilityRequest& request, QString* error = nullptr);
    QString fileFor(const QString& key) const;

    // The stored results for `request`; none when there are none, and none
    // with `warning` set when the file is there but unusable.
    std::optional<FragilityResults> load(const FragilityRequest& request, QString* warning = nullptr) const;
    bool save(const FragilityRequest& request, const FragilityResults& results,
              QString* error = nullptr) const;

private:
    QString m_dir;
};

} // namespace advlab::ui
