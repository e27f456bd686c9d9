// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QThread>
#include <advlab/Dataset.h>
#include <memory>

namespace advlab::ui {

// Decodes every image of a dataset once, in the background, to build the
// browser's thumbnails. A file that fails to decode is reported (so the
// browser can mark it) and skipped. Each loader carries a generation so the
// model can drop signals still queued from a dataset it has since replaced.
class ThumbnailLoader : public QThread {
    Q_OBJECT

public:
    ThumbnailLoader(std::shared_ptr<const Dataset> dataset, quint64 generation, int size,
                    QObject* parent = nullptr);
    ~ThumbnailLoader() override;

Q_SIGNALS:
    void thumbnailReady(quint64 generation, int index, const QImage& thumbnail);
    void thumbnailFailed(quint64 generation, int index, const QString& message);

protected:
    void run() override;

private:
    std::shared_ptr<const Dataset> m_dataset;
    quint64 m_generation;
    int m_size;
};

} // namespace advlab::ui
