// SPDX-License-Identifier: GPL-3.0-or-later
// Observers (issue 12): a defence key's classifier watching images forward
// only. Their predictions must be exactly those of the model they name, behind
// the defence they name; bad keys and files give messages naming them.
#include "TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Classifier.h>
#include <advlab/Defence.h>
#include <advlab/Errors.h>
#include <advlab/ObserverModels.h>
#include <random>

using namespace advlab;

class TestObserverModels : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::string m_attackedPath, m_otherPath;
    std::unique_ptr<Classifier> m_attacked;
    std::vector<Image8> m_images;

private Q_SLOTS:
    void initTestCase() {
        m_attackedPath = m_tmp.filePath("attacked.pt").toStdString();
        m_otherPath = m_tmp.filePath("other.pt").toStdString();
        test::saveTinyClassifier(m_attackedPath, 1000, 7);
        test::saveTinyClassifier(m_otherPath, 1000, 11);
        m_attacked = std::make_unique<Classifier>(Classifier::load(m_attackedPath, DevicePreference::Cpu));
        std::mt19937 rng(9);
        for (int size : {40, 56, 40}) { // mixed sizes: replay steps or crops are any size
            Image8 im(size, size);
            for (auto& v : im.rgb)
                v = static_cast<std::uint8_t>(rng() % 256);
            m_images.push_back(im);
        }
    }

    void otherModelGivesItsOwnPredictions() {
        ObserverModels observers;
        const auto got = observers.classify(*m_attacked, "model:" + m_otherPath, m_images);
        const Classifier other = Classifier::load(m_otherPath, DevicePreference::Cpu);
        QCOMPARE(got.size(), m_images.size());
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            const auto expected = other.classify({m_images[i]}).front();
            QCOMPARE(got[i].label(), expected.label());
            QCOMPARE(got[i].probs, expected.probs);
        }
        // A different model: at least one image is seen differently than by the attacked one.
        const auto attackedPreds = m_attacked->classify(m_images, 1);
        bool differs = false;
        for (std::size_t i = 0; i < m_images.size(); ++i)
            differs = differs || attackedPreds[i].probs != got[i].probs;
        QVERIFY(differs);
        observers.classify(*m_attacked, "model:" + m_otherPath, m_images);
        QCOMPARE(observers.loadedModels(), std::size_t(1)); // loaded once
    }

    void defenceKeyUsesTheAttackedModelBehindIt() {
        ObserverModels observers;
        const auto got = observers.classify(*m_attacked, "jpeg75", m_images);
        QCOMPARE(observers.loadedModels(), std::size_t(0));
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            const auto expected =
                m_attacked->classify({applyDefence(m_images[i], parseDefence("jpeg75"))}).front();
            QCOMPARE(got[i].probs, expected.probs);
        }
    }

    void cancelledGivesNothing() {
        ObserverModels observers;
        CancelToken token;
        token.cancel();
        QVERIFY(observers.classify(*m_attacked, "jpeg75", m_images, &token).empty());
    }

    void badKeysAndFilesAreNamed() {
        ObserverModels observers;
        try {
            observers.classify(*m_attacked, "jpeg500", m_images);
            QFAIL("no error for jpeg500");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("jpeg500")), e.what());
        }
        const std::string missing = m_tmp.filePath("missing.pt").toStdString();
        try {
            observers.classify(*m_attacked, "model:" + missing, m_images);
            QFAIL("no error for a missing model");
        } catch (const ModelError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("missing.pt")), e.what());
        }
        const std::string notModel = m_tmp.filePath("notes.pt").toStdString();
        QFile f(QString::fromStdString(notModel));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a TorchScript archive");
        f.close();
        QVERIFY_THROWS_EXCEPTION(ModelError, observers.preload(*m_attacked, "model:" + notModel));
        QCOMPARE(observers.loadedModels(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestObserverModels)
#include "tst_observermodels.moc"
