// SPDX-License-Identifier: GPL-3.0-or-later
#include "ThumbnailLoader.h"

#include "ImageConvert.h"

#include <exception>

namespace advlab::ui {

ThumbnailLoader::ThumbnailLoader(std::shared_ptr<const Dataset> dataset, quint64 generation, int size,
                                 QObject* parent)
    : QThread(parent), m_dataset(std::move(dataset)), m_generation(generation), m_size(size) {}

ThumbnailLoader::~ThumbnailLoader() {
    requestInterruption();
    wait();
}

void ThumbnailLoader::run() {
    for (std::size_t i = 0; i < m_dataset->size(); ++i) {
        if (isInterruptionRequested())
            return;
        const int index = static_cast<int>(i);
        if (!m_dataset->entry(i).problem.empty())
            continue; // already marked from the CSV
        try {
            const QImage full = toQImage(m_dataset->loadImage(i));
            Q_EMIT thumbnailReady(m_generation, index,
                                  full.scaled(m_size, m_size, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        } catch (const std::exception& e) {
            Q_EMIT thumbnailFailed(m_generation, index, QString::fromStdString(e.what()));
        }
    }
}

} // namespace advlab::ui
