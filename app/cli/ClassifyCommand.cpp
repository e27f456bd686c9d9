// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliContext.h"
#include "Commands.h"
#include "ProgressBar.h"

#include <advlab/Metrics.h>

#include <cstdio>

namespace advlab::cli {

int runClassify(const std::vector<std::string>& args) {
    auto valued = kCommonValued;
    valued.push_back("top");
    const CliOptions o(args, {"quiet"}, valued);
    const int top = o.getInt("top", 1, 1, 10);
    const Dataset dataset = openDataset(o);
    const Classifier model = openModel(o);
    std::fprintf(stderr, "dataset %s (%zu images), model %s on %s\n", dataset.root().c_str(), dataset.size(),
                 model.path().c_str(), model.deviceName().c_str());
    const LoadedImages loaded = loadImages(dataset, o.getInt("limit", 0, 0, 1 << 30));
    if (interruptToken().isCancelled())
        return 130;
    if (loaded.images.empty()) {
        std::fprintf(stderr, "error: no readable images in %s\n", dataset.root().c_str());
        return 1;
    }
    const auto preds = model.classify(loaded.images, o.getInt("batch", 16, 1, 1024), &interruptToken());
    if (preds.empty())
        return 130;
    const Categories& cats = dataset.categories();
    if (!o.has("quiet")) {
        std::printf("ImageId,TrueLabel,Predicted,Confidence,Correct,TopK\n");
        for (std::size_t i = 0; i < preds.size(); ++i) {
            const DatasetEntry& e = dataset.entry(loaded.entryIndex[i]);
            std::string topk;
            for (const auto& [label, p] : preds[i].topK(top)) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(p));
                topk += (topk.empty() ? "" : "; ") + cats.name(label) + " " + buf;
            }
            std::printf("%s,%d,%d,%.4f,%s,\"%s\"\n", e.imageId.c_str(), e.trueLabel + 1, preds[i].label() + 1,
                        static_cast<double>(preds[i].confidence()),
                        e.trueLabel < 0 ? "" : (preds[i].label() == e.trueLabel ? "yes" : "no"), topk.c_str());
        }
    }
    std::fprintf(stderr, "images: %zu classified, %d skipped\n", preds.size(), loaded.skipped);
    if (dataset.hasLabels())
        std::fprintf(stderr, "accuracy: %s\n", percent(accuracy(preds, loaded.labels)).c_str());
    return 0;
}

} // namespace advlab::cli
