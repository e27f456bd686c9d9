// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TriptychResult.h"

#include <QString>
#include <advlab/Prediction.h>
#include <list>
#include <optional>
#include <unordered_map>

namespace advlab::ui {

// Least-recently-used store of finished attacks, so scrubbing back to
// settings already seen is instant. Keys are built by the static helpers and
// cover everything that changes a result: model file, dataset, image, every
// attack setting and the target. Clean predictions are cached separately
// because they do not depend on the attack at all.
class ResultCache {
public:
    explicit ResultCache(std::size_t capacity = 256);

    static QString partKey(const QString& modelPath, const QString& datasetRoot, int imageIndex,
                           const AttackConfig& config, bool targeted, int targetClass);
    static QString cleanKey(const QString& modelPath, const QString& datasetRoot, int imageIndex);

    AttackPartPtr part(const QString& key);
    void insertPart(const QString& key, AttackPartPtr part);
    std::optional<Prediction> clean(const QString& key) const;
    void insertClean(const QString& key, const Prediction& prediction);

    void clear();
    std::size_t size() const { return m_parts.size(); }
    std::size_t capacity() const { return m_capacity; }

private:
    using Lru = std::list<QString>;
    struct Slot {
        AttackPartPtr part;
        Lru::iterator position;
    };
    std::size_t m_capacity;
    Lru m_order; // most recent first
    std::unordered_map<QString, Slot> m_parts;
    std::unordered_map<QString, Prediction> m_clean;
};

} // namespace advlab::ui
