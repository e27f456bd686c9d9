// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClassifyOptions.h"
#include "CliContext.h"
#include "Interrupt.h"
#include "TextOutput.h"

#include <advlab/AtomicFile.h>
#include <advlab/CsvWriter.h>
#include <advlab/Defence.h>
#include <advlab/Metrics.h>
#include <advlab/OutputGuard.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <unistd.h>

namespace advlab::cli {

int runClassify(const ClassifyOptions& o) {
    const Dataset dataset = openDataset(o.common);
    const Classifier model = openModel(o.common);
    warn("dataset " + dataset.root() + " (" + std::to_string(dataset.size()) + " images), model " +
         describeModel(model) + " on " + model.deviceName());
    const LoadedImages loaded = loadImages(dataset, o.common.limit);
    if (interruptToken().isCancelled())
        return interruptedExitCode();
    if (loaded.images.empty()) {
        warn("error: no readable images in " + dataset.root());
        return 1;
    }
    if (!o.labelsCsv.empty() && isInsideFolder(o.labelsCsv, dataset.root()))
        throw std::invalid_argument("--labels-csv " + o.labelsCsv + " is inside the input dataset " +
                                    dataset.root());
    // --defence: its preprocessing, and its own classifier when it names one.
    std::unique_ptr<Classifier> own;
    const Classifier* classifier = &model;
    std::vector<Image8> defended;
    if (!o.defence.empty()) {
        const DefenceConfig d = parseDefence(o.defence);
        if (d.usesOwnModel()) {
            own = std::make_unique<Classifier>(Classifier::load(d.modelPath));
            classifier = own.get();
        }
        defended = applyDefence(loaded.images, d);
        warn("defence: " + d.describe());
    }
    const auto preds =
        classifier->classify(o.defence.empty() ? loaded.images : defended, o.common.batch, &interruptToken());
    if (preds.empty())
        return interruptedExitCode();
    const Categories& cats = dataset.categories();
    if (!o.quiet) {
        // Piped, the CSV keeps every byte of the dataset's fields (quoted);
        // on a terminal, control characters in them are shown escaped.
        const bool tty = ::isatty(STDOUT_FILENO) != 0;
        auto field = [tty](const std::string& s) {
            return tty ? printable(CsvWriter::quote(s), true) : CsvWriter::quote(s);
        };
        std::printf("ImageId,TrueLabel,Predicted,Confidence,Correct,TopK\n");
        for (std::size_t i = 0; i < preds.size(); ++i) {
            const DatasetEntry& e = dataset.entry(loaded.entryIndex[i]);
            const std::string trueLabel = e.trueLabel < 0 ? "" : std::to_string(e.trueLabel + 1);
            if (!preds[i].failure.empty()) {
                // No prediction to show: the fields stay empty (never "nan"),
                // and the reason goes to stderr below.
                std::printf("%s,%s,,,,\n", field(e.imageId).c_str(), trueLabel.c_str());
                continue;
            }
            std::string topk;
            for (const auto& [label, p] : preds[i].topK(o.top)) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(p));
                topk += (topk.empty() ? "" : "; ") + cats.name(label) + " " + buf;
            }
            std::printf("%s,%s,%d,%.4f,%s,%s\n", field(e.imageId).c_str(), trueLabel.c_str(),
                        preds[i].label() + 1, static_cast<double>(preds[i].confidence()),
                        e.trueLabel < 0 ? "" : (preds[i].label() == e.trueLabel ? "yes" : "no"),
                        field(topk).c_str());
        }
    }
    if (!o.labelsCsv.empty()) {
        // The toolkit's result.csv: no header; images without a prediction
        // get no line (a scorer counts them as missing).
        std::string text;
        for (std::size_t i = 0; i < preds.size(); ++i)
            if (preds[i].failure.empty())
                text += dataset.entry(loaded.entryIndex[i]).imageId + ".png," +
                        std::to_string(preds[i].label() + 1) + "\n";
        const OutputWriteGuard writing;
        writeFileAtomic(o.labelsCsv, text);
    }
    int failed = 0;
    for (std::size_t i = 0; i < preds.size(); ++i)
        if (!preds[i].failure.empty()) {
            ++failed;
            warn("error: " + dataset.entry(loaded.entryIndex[i]).imageId + ": " + preds[i].failure);
        }
    std::fprintf(stderr, "images: %zu classified, %d skipped, %d failed\n", preds.size() - failed, loaded.skipped,
                 failed);
    if (dataset.hasLabels())
        std::fprintf(stderr, "accuracy: %s\n", percent(accuracy(preds, loaded.labels)).c_str());
    return loaded.skipped > 0 || failed > 0 ? 1 : 0;
}

} // namespace advlab::cli
