// SPDX-License-Identifier: GPL-3.0-or-later
// A tiny dataset and tiny models for GUI tests of the explorer (issue 12's
// observers and attribution overlays): a competition-layout folder whose
// TrueLabel is the first model's own prediction, so attacks have work to do.
#pragma once

#include "core/FileFixtures.h"
#include "core/TinyModel.h"

#include <QDir>
#include <QString>
#include <advlab/Classifier.h>
#include <advlab/Dataset.h>
#include <advlab/ImageIo.h>
#include <vector>

namespace advlab::ui::test {

inline Image8 smoothImage(int k, int size = 48) {
    Image8 img(size, size);
    const int base = 40 + 35 * k;
    for (std::size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] = static_cast<std::uint8_t>(
            base + static_cast<int>((i * 37 + static_cast<std::size_t>(k) * 101) % 29));
    return img;
}

// Writes <dir>/images/img<k>.png, categories.csv and images.csv (labels from
// `model`'s predictions, targets its 40th-ranked class). Returns the images as
// the dataset loads them.
inline std::vector<Image8> writeTinyDataset(const QString& dir, const QString& model, int count = 3) {
    QDir().mkpath(dir + "/images");
    for (int k = 0; k < count; ++k)
        writePngAtomic((dir + QString("/images/img%1.png").arg(k)).toStdString(), smoothImage(k));
    advlab::test::writeFile(dir + "/categories.csv", advlab::test::categoriesCsv());
    QByteArray csv = "ImageId,TrueLabel,TargetClass\n";
    for (int k = 0; k < count; ++k)
        csv += QString("img%1,1,1\n").arg(k).toUtf8();
    advlab::test::writeFile(dir + "/images.csv", csv);
    std::vector<Image8> images;
    {
        const Dataset d = Dataset::open(dir.toStdString());
        for (std::size_t i = 0; i < d.size(); ++i)
            images.push_back(d.loadImage(i));
    }
    const Classifier c = Classifier::load(model.toStdString(), DevicePreference::Cpu);
    const auto clean = c.classify(images);
    csv = "ImageId,TrueLabel,TargetClass\n";
    for (std::size_t i = 0; i < clean.size(); ++i)
        csv += QString("img%1,%2,%3\n")
                   .arg(i)
                   .arg(clean[i].label() + 1)
                   .arg(clean[i].topK(1000)[40].first + 1)
                   .toUtf8();
    advlab::test::writeFile(dir + "/images.csv", csv);
    return images;
}

} // namespace advlab::ui::test
