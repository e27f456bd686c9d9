// SPDX-License-Identifier: GPL-3.0-or-later
#include "StartupOptions.h"

#include "MainWindow.h"

#include <QCommandLineParser>

namespace advlab::ui {

StartupOptions::StartupOptions()
    : m_dataset(QStringLiteral("dataset"),
                QStringLiteral("Dataset folder (images.csv + images/, or a folder of images)."),
                QStringLiteral("dir")),
      m_model(QStringLiteral("model"), QStringLiteral("TorchScript classifier (.pt)."),
              QStringLiteral("file")),
      m_image(QStringLiteral("image"), QStringLiteral("Index of the image to show first."),
              QStringLiteral("index")) {}

void StartupOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({m_dataset, m_model, m_image});
}

void StartupOptions::open(MainWindow& window, const QCommandLineParser& parser) const {
    if (parser.isSet(m_image)) {
        // The dataset opens on a thread of its own: select once it is there.
        const int index = parser.value(m_image).toInt();
        auto* once = new QObject(&window);
        QObject::connect(&window, &MainWindow::datasetOpened, once, [&window, index, once] {
            window.selectImage(index);
            once->deleteLater();
        });
    }
    window.openDefaults(parser.value(m_dataset), parser.value(m_model));
}

} // namespace advlab::ui
