// SPDX-License-Identifier: GPL-3.0-or-later
// The tiny TorchScript classifier for UI tests that also include
// qcustomplot.h: Torch needs QT_NO_KEYWORDS, QCustomPlot needs Qt's
// keywords, so the model is written from this file of its own.
#include "TinyModelFile.h"

#include "core/TinyModel.h"

namespace advlab::test {

void writeTinyClassifier(const std::string& path) {
    saveTinyClassifier(path);
}

} // namespace advlab::test
