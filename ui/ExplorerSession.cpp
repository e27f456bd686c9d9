// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExplorerSession.h"

#include "DatasetModel.h"

#include <exception>

namespace advlab::ui {

ExplorerSession::ExplorerSession(DatasetModel* images, QObject* parent) : QObject(parent), m_images(images) {}

void ExplorerSession::setDataset(std::shared_ptr<const Dataset> dataset) {
    m_dataset = std::move(dataset);
    m_currentIndex = -1;
    m_currentOriginal = Image8();
    m_result.reset();
}

QString ExplorerSession::datasetRoot() const {
    return m_dataset ? QString::fromStdString(m_dataset->root()) : QString();
}

int ExplorerSession::imageCount() const {
    return m_dataset ? static_cast<int>(m_dataset->size()) : 0;
}

bool ExplorerSession::setCurrentImage(int index, QString* problem) {
    m_currentIndex = index;
    m_currentOriginal = Image8();
    m_result.reset();
    if (!m_dataset || index < 0 || index >= imageCount()) {
        m_currentIndex = -1;
        *problem = tr("no such image");
        return false;
    }
    if (m_images->isBad(index)) {
        *problem = m_images->problem(index);
        return false;
    }
    try {
        m_currentOriginal = m_dataset->loadImage(static_cast<std::size_t>(index));
    } catch (const std::exception& e) {
        *problem = QString::fromStdString(e.what());
        m_images->markBad(index, *problem);
        return false;
    }
    return true;
}

int ExplorerSession::targetFor(int index) const {
    if (!m_dataset || index < 0 || index >= imageCount())
        return m_settings.targetOverride;
    return m_settings.targetFor(m_dataset->entry(static_cast<std::size_t>(index)).targetClass);
}

bool ExplorerSession::buildRequest(int index, TriptychRequest* r, QString* error) const {
    if (!m_dataset || index < 0 || index >= imageCount()) {
        *error = tr("no such image");
        return false;
    }
    const auto& entry = m_dataset->entry(static_cast<std::size_t>(index));
    r->datasetRoot = datasetRoot();
    r->imageIndex = index;
    r->imageId = QString::fromStdString(entry.imageId);
    r->trueLabel = entry.trueLabel;
    r->targetClass = targetFor(index);
    r->config = m_settings.config;
    if (index == m_currentIndex && !m_currentOriginal.isNull()) {
        r->original = m_currentOriginal;
        return true;
    }
    if (m_images->isBad(index)) {
        *error = m_images->problem(index);
        return false;
    }
    try {
        r->original = m_dataset->loadImage(static_cast<std::size_t>(index));
    } catch (const std::exception& e) {
        *error = QString::fromStdString(e.what());
        m_images->markBad(index, *error);
        return false;
    }
    return true;
}

std::vector<TriptychRequest> ExplorerSession::buildRequests(const QList<int>& indices,
                                                            QStringList* skipped) const {
    std::vector<TriptychRequest> requests;
    for (int index : indices) {
        TriptychRequest r;
        QString error;
        if (buildRequest(index, &r, &error))
            requests.push_back(std::move(r));
        else
            skipped->append(error);
    }
    return requests;
}

bool ExplorerSession::isCurrent(const TriptychResult& r) const {
    return m_dataset && r.imageIndex == m_currentIndex && r.datasetRoot == datasetRoot();
}

} // namespace advlab::ui
