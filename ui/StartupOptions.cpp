// SPDX-License-Identifier: GPL-3.0-or-later
#include "StartupOptions.h"

#include "DatasetModel.h"
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

void StartupOptions::allowHelpWithoutDisplay(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version") {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return;
        }
    }
}

void StartupOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({m_dataset, m_model, m_image});
}

QString StartupOptions::problem(const QCommandLineParser& parser) const {
    if (parser.isSet(m_image)) {
        bool ok = false;
        const int index = parser.value(m_image).toInt(&ok);
        if (!ok || index < 0)
            return QStringLiteral("--image %1: not an image index (a whole number, 0 for the first image)")
                .arg(parser.value(m_image));
    }
    return {};
}

void StartupOptions::open(MainWindow& window, const QCommandLineParser& parser) const {
    if (parser.isSet(m_image)) {
        // The dataset opens on a thread of its own: select once it is there.
        const int index = parser.value(m_image).toInt();
        auto* once = new QObject(&window);
        QObject::connect(&window, &MainWindow::datasetOpened, once, [&window, index, once] {
            const int count = window.datasetModel()->rowCount();
            if (index >= count)
                window.showError(
                    QStringLiteral("--image %1: the dataset has %2 image%3 (0 to %4); showing the first")
                        .arg(index)
                        .arg(count)
                        .arg(count == 1 ? QString() : QStringLiteral("s"))
                        .arg(count - 1));
            else
                window.selectImage(index);
            once->deleteLater();
        });
    }
    window.openDefaults(parser.value(m_dataset), parser.value(m_model));
}

} // namespace advlab::ui
