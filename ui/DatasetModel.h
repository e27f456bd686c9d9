// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fragility/FragilityResults.h"

#include <QAbstractListModel>
#include <QPixmap>
#include <advlab/Dataset.h>
#include <memory>
#include <vector>

namespace advlab::ui {

class ThumbnailLoader;

// The images of one dataset for the browser: true label, thumbnail (filled in
// by a background loader) and whether the image is unusable. Unusable images
// are not selectable, so keyboard navigation steps over them.
class DatasetModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        DatasetIndexRole = Qt::UserRole + 1,
        SearchTextRole, // class name and image id, for the filter
        ClassNameRole,
        ProblemRole,        // empty when the image is fine
        FragilityKeyRole,   // FragilityResults::sortKey, -1 without a scan result
        FragilityBadgeRole, // "ε 3", "fooled", ...; empty without a scan result
    };

    explicit DatasetModel(QObject* parent = nullptr);
    ~DatasetModel() override;

    void setDataset(std::shared_ptr<const Dataset> dataset);
    const std::shared_ptr<const Dataset>& dataset() const { return m_dataset; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    void markBad(int row, const QString& problem);
    bool isBad(int row) const;
    QString problem(int row) const;
    int thumbnailsDone() const { return m_thumbnailsDone; }
    int badCount() const;

    // Tools → Scan dataset's answers, shown as a badge on each thumbnail
    // and sortable/filterable through the roles above; null clears them.
    void setFragility(FragilityResultsPtr results);
    const FragilityResultsPtr& fragility() const { return m_fragility; }

Q_SIGNALS:
    void fragilityChanged();
    void imageMarkedBad(int row, const QString& problem);
    void thumbnailsFinished();

private:
    void onThumbnail(quint64 generation, int index, const QImage& image);
    void onThumbnailFailed(quint64 generation, int index, const QString& message);
    void countThumbnail();
    QPixmap badged(int row) const;

    std::shared_ptr<const Dataset> m_dataset;
    std::vector<QPixmap> m_thumbs;
    std::vector<QString> m_problems;
    std::unique_ptr<ThumbnailLoader> m_loader;
    quint64 m_generation = 0;
    int m_thumbnailsDone = 0;
    QPixmap m_placeholder;
    QPixmap m_badIcon;
    FragilityResultsPtr m_fragility;
    mutable std::vector<QPixmap> m_badged; // thumbnail + badge, built on first use
};

} // namespace advlab::ui
