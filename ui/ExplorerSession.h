// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttackSettings.h"
#include "TriptychResult.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <advlab/Dataset.h>
#include <memory>
#include <vector>

namespace advlab::ui {

class DatasetModel;

// What the explorer is looking at, without any widget: the open dataset, the
// current image (decoded once), the attack settings and the latest result.
// It builds every request the compute thread gets, so the target an image
// is attacked towards is decided in one place.
class ExplorerSession : public QObject {
    Q_OBJECT

public:
    // `images` holds which images are unusable (shared with the browser).
    explicit ExplorerSession(DatasetModel* images, QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const Dataset> dataset); // forgets the current image
    const std::shared_ptr<const Dataset>& dataset() const { return m_dataset; }
    QString datasetRoot() const;
    int imageCount() const;

    // Decodes the image and makes it current. False, with the problem, when
    // it cannot be used (it is then marked bad in the model).
    bool setCurrentImage(int index, QString* problem);
    int currentIndex() const { return m_currentIndex; }
    const Image8& currentOriginal() const { return m_currentOriginal; }
    bool hasCurrentImage() const { return m_currentIndex >= 0 && !m_currentOriginal.isNull(); }

    void setSettings(const AttackSettings& settings) { m_settings = settings; }
    const AttackSettings& settings() const { return m_settings; }
    // The class image `index`'s targeted attack aims at (-1: least likely).
    int targetFor(int index) const;

    bool buildRequest(int index, TriptychRequest* request, QString* error) const;
    // Requests for every usable image of `indices`; the others' problems go to `skipped`.
    std::vector<TriptychRequest> buildRequests(const QList<int>& indices, QStringList* skipped) const;

    // The latest finished result for the current image and settings.
    void setResult(TriptychResultPtr result) { m_result = std::move(result); }
    const TriptychResultPtr& result() const { return m_result; }
    // Whether `r` belongs to what is on screen now (this dataset, this image).
    bool isCurrent(const TriptychResult& r) const;

private:
    DatasetModel* m_images;
    std::shared_ptr<const Dataset> m_dataset;
    int m_currentIndex = -1;
    Image8 m_currentOriginal;
    AttackSettings m_settings;
    TriptychResultPtr m_result;
};

} // namespace advlab::ui
