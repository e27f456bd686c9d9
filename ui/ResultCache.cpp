// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResultCache.h"

namespace advlab::ui {

ResultCache::ResultCache(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}

QString ResultCache::partKey(const QString& modelPath, const QString& datasetRoot, int imageIndex,
                             const AttackConfig& config, bool targeted, int targetClass) {
    AttackConfig c = config;
    c.targeted = targeted;
    // The batch size does not change an image's result (the loss is summed
    // per image), so it stays out of the key.
    return QStringLiteral("%1\n%2\n%3\n%4\n%5")
        .arg(modelPath, datasetRoot)
        .arg(imageIndex)
        .arg(QString::fromStdString(c.cacheKey()))
        .arg(targeted ? targetClass : -2);
}

QString ResultCache::cleanKey(const QString& modelPath, const QString& datasetRoot, int imageIndex) {
    return QStringLiteral("%1\n%2\n%3").arg(modelPath, datasetRoot).arg(imageIndex);
}

AttackPartPtr ResultCache::part(const QString& key) {
    auto it = m_parts.find(key);
    if (it == m_parts.end())
        return nullptr;
    m_order.splice(m_order.begin(), m_order, it->second.position);
    return it->second.part;
}

void ResultCache::insertPart(const QString& key, AttackPartPtr part) {
    if (!part)
        return;
    auto it = m_parts.find(key);
    if (it != m_parts.end()) {
        it->second.part = std::move(part);
        m_order.splice(m_order.begin(), m_order, it->second.position);
        return;
    }
    m_order.push_front(key);
    m_parts.emplace(key, Slot{std::move(part), m_order.begin()});
    while (m_parts.size() > m_capacity) {
        m_parts.erase(m_order.back());
        m_order.pop_back();
    }
}

std::optional<Prediction> ResultCache::clean(const QString& key) const {
    auto it = m_clean.find(key);
    if (it == m_clean.end())
        return std::nullopt;
    return it->second;
}

void ResultCache::insertClean(const QString& key, const Prediction& prediction) {
    // A clean prediction is 4 kB; even 10k images stay small, so no eviction.
    m_clean[key] = prediction;
}

void ResultCache::clear() {
    m_parts.clear();
    m_order.clear();
    m_clean.clear();
}

} // namespace advlab::ui
