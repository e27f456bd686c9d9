// SPDX-License-Identifier: GPL-3.0-or-later
// The advlab command line on hostile inputs, with tiny models and datasets
// built here (seconds, no shared data): a model stuck in forward() stops on
// SIGTERM, errors are one line unless --verbose, an unwritable --out is
// found before any work, existing outputs are counted or kept, and dataset
// fields are quoted in CSV and escaped on the terminal.
#include "CliRunner.h"
#include "TinyModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CsvTable.h>
#include <advlab/ImageIo.h>
#include <csignal>
#include <functional>
#include <thread>
#include <unistd.h>

using namespace advlab;

namespace {

// Follows the contract on the load probes (batch 1 and 2, with or without
// gradient) and on a clean batch of 3, but the first attack step on a batch
// of 3 spends minutes in the TorchScript interpreter, as a user's huge or
// broken model may: nothing can interrupt it from outside.
void saveHangingModel(const std::string& path) {
    torch::manual_seed(7);
    torch::jit::Module m("HangingModel");
    m.register_parameter("w", torch::randn({3 * 8 * 8, 1000}), false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.flatten(torch.adaptive_avg_pool2d(x, [8, 8]), 1)
    if x.requires_grad and x.size(0) == 3:
        k = 0
        for i in range(4000000000):
            k = k + 1
    return torch.matmul(y - 0.5, self.w)
)JIT");
    m.save(path);
}

// Fails inside forward() on the first attack step (batch of 3, with
// gradient), with LibTorch's full error: TorchScript traceback and all.
void saveFailingModel(const std::string& path) {
    torch::manual_seed(7);
    torch::jit::Module m("FailingModel");
    m.register_parameter("w", torch::randn({3 * 8 * 8, 1000}), false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.matmul(torch.flatten(torch.adaptive_avg_pool2d(x, [8, 8]), 1) - 0.5, self.w)
    if x.requires_grad and x.size(0) == 3:
        y = y + torch.zeros([4, 1000])
    return y
)JIT");
    m.save(path);
}

Image8 noiseImage(int seed) {
    Image8 img(32, 32);
    for (std::size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] = static_cast<std::uint8_t>((i * 37 + static_cast<std::size_t>(seed) * 101) % 251);
    return img;
}

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_model, m_hanging, m_failing, m_dataset;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 120000); }
    static QByteArray readBytes(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // A plain folder of `n` small PNGs (ImageIds img0, img1, ...).
    QString makeDataset(const QString& name, int n) {
        const QString dir = m_tmp.filePath(name);
        QDir().mkpath(dir);
        for (int i = 0; i < n; ++i)
            writePngAtomic(QDir(dir).filePath(QString("img%1.png").arg(i)).toStdString(), noiseImage(i));
        return dir;
    }
    QStringList common(const QString& model) const {
        return {"--dataset", m_dataset, "--model", model, "--threads", "1"};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath("tiny.pt");
        test::saveTinyClassifier(m_model.toStdString());
        m_hanging = m_tmp.filePath("hanging.pt");
        saveHangingModel(m_hanging.toStdString());
        m_failing = m_tmp.filePath("failing.pt");
        saveFailingModel(m_failing.toStdString());
        m_dataset = makeDataset("data", 3);
    }

    // D8: one SIGTERM (as `timeout` or systemd send) stops a run whose model
    // never returns from forward(), with the terminating exit code.
    void sigtermStopsAModelStuckInForward() {
        const QString out = m_tmp.filePath("hung");
        QProcess p;
        p.start(QStringLiteral(ADVLAB_CLI_PATH),
                QStringList{"attack", "--out", out, "--batch", "3", "--iters", "2"} + common(m_hanging));
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("attack: "), 60000);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY2(p.waitForFinished(15000), "SIGTERM did not stop advlab within 15 s");
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 143);
        QCOMPARE(err.count("stopping after the current step (waiting for the model)"), 1);
        // Nothing half-written: no PNG was finished, and no temporary is left.
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

    // D8: Ctrl-C says it is waiting for the model; a second Ctrl-C quits at
    // once, with the interrupted exit code rather than a death by signal.
    void secondCtrlCQuitsAtOnce() {
        QProcess p;
        p.start(QStringLiteral(ADVLAB_CLI_PATH),
                QStringList{"attack", "--out", m_tmp.filePath("hung2"), "--batch", "3", "--iters", "2"} +
                    common(m_hanging));
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("attack: "), 60000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("waiting for the model"), 10000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
    }

    // LibTorch errors carry C++ and TorchScript backtraces: one line by
    // default, everything with --verbose.
    void modelErrorsAreOneLineUnlessVerbose() {
        const QStringList args =
            QStringList{"attack", "--out", m_tmp.filePath("failing"), "--batch", "3", "--attack", "fgsm"} +
            common(m_failing);
        auto r = runCli(args);
        QCOMPARE(r.code, 1);
        const QStringList errors = r.errLines().filter("advlab attack: error:");
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].contains("must match the size"), qPrintable(r.err));
        QVERIFY2(errors[0].contains("--verbose"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("frame #") && !r.err.contains("Traceback"), qPrintable(r.err));
        // Only the lines before the error (what is being run) and the error.
        QVERIFY2(r.errLines().last().startsWith("advlab attack: error:"), qPrintable(r.err));

        r = runCli(QStringList{"--verbose"} + args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("must match the size") && r.err.contains("Traceback"), qPrintable(r.err));
    }

    // An --out that cannot be written is found before the model is loaded.
    void unwritableOutIsRefusedBeforeAnyWork() {
        // /proc refuses new files even to root.
        auto r = runCli(QStringList{"attack", "--out", "/proc"} + common(m_model));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("--out /proc: cannot write in the output folder"), qPrintable(r.err));
        // "dataset D (N images), model M on cpu" follows the model's load.
        QVERIFY2(!r.err.contains(", model "), qPrintable("work started before the check:\n" + r.err));

        // An existing file where the folder should be.
        const QString file = m_tmp.filePath("a-file");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        r = runCli(QStringList{"attack", "--out", file} + common(m_model));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(file) && r.err.contains("cannot create the output folder"),
                 qPrintable(r.err));
        QVERIFY(!r.err.contains(", model "));

        const QString readOnly = m_tmp.filePath("read-only");
        QVERIFY(QDir().mkpath(readOnly));
        QVERIFY(QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                    QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        if (::geteuid() == 0)
            QSKIP(
                "running as root, which writes into a 0555 folder anyway; /proc above covers a real refusal");
        r = runCli(QStringList{"attack", "--out", readOnly} + common(m_model));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("cannot write in the output folder (Permission denied)"), qPrintable(r.err));
        QVERIFY(!r.err.contains(", model "));
    }

    // An existing <ImageId>.png is said to be replaced; --no-clobber keeps it
    // and does not attack that image.
    void existingOutputsAreReportedOrKept() {
        const QString out = m_tmp.filePath("clobber");
        const QStringList args =
            QStringList{"attack", "--out", out, "--attack", "fgsm", "--limit", "2"} + common(m_model);
        auto r = runCli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(!r.out.contains("existing"), qPrintable(r.out));

        r = runCli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("replaced 2 existing files"), qPrintable(r.out));

        // A marker of the user's own where img0's output goes must survive.
        const QString mine = QDir(out).filePath("img0.png");
        writePngAtomic(mine.toStdString(), noiseImage(99));
        const Image8 before = readImage(mine.toStdString(), 0);
        r = runCli(args + QStringList{"--no-clobber"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("0 written") && r.out.contains("kept 2 existing files (--no-clobber)"),
                 qPrintable(r.out));
        QVERIFY(readImage(mine.toStdString(), 0) == before);

        // Only the missing output is made.
        QVERIFY(QFile::remove(QDir(out).filePath("img1.png")));
        r = runCli(args + QStringList{"--no-clobber"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("1 written") && r.out.contains("kept 1 existing files"), qPrintable(r.out));
        QVERIFY(QFile::exists(QDir(out).filePath("img1.png")));
        QVERIFY(readImage(mine.toStdString(), 0) == before);
    }

    // D4: classify's CSV quotes ImageIds (from file names in a plain folder)
    // that hold commas and quotes, so a CSV reader gets them back whole.
    void classifyQuotesCsvFields() {
        const QString dir = m_tmp.filePath("quoted");
        QDir().mkpath(dir);
        writePngAtomic(QDir(dir).filePath("a,b\"c.png").toStdString(), noiseImage(1));
        writePngAtomic(QDir(dir).filePath("plain.png").toStdString(), noiseImage(2));
        const auto r = runCli({"classify", "--dataset", dir, "--model", m_model, "--top", "3"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString csv = m_tmp.filePath("classify.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(r.out.toUtf8());
        f.close();
        const CsvTable t = CsvTable::read(csv.toStdString());
        QCOMPARE(t.rowCount(), std::size_t(2));
        QCOMPARE(t.header().size(), std::size_t(6));
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < t.rowCount(); ++i) {
            QCOMPARE(t.row(i).size(), std::size_t(6));
            ids.push_back(t.row(i)[0]);
        }
        QVERIFY(std::find(ids.begin(), ids.end(), "a,b\"c") != ids.end());
        QVERIFY(std::find(ids.begin(), ids.end(), "plain") != ids.end());
    }

    // Control characters from a dataset (here a file name) never reach the
    // terminal raw: ESC is shown as \x1b.
    void controlCharactersAreEscaped() {
        const QString dir = m_tmp.filePath("escape");
        QDir().mkpath(dir);
        writePngAtomic(QDir(dir).filePath("good.png").toStdString(), noiseImage(3));
        QFile bad(QDir(dir).filePath("bad\x1b]0;owned\x07\x1b[31m.png"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a png");
        bad.close();
        const auto r = runCli({"classify", "--dataset", dir, "--model", m_model, "--quiet"});
        QVERIFY2(r.err.contains("bad\\x1b]0;owned\\x07\\x1b[31m.png"), qPrintable(r.err));
        QVERIFY2(!r.rawErr.contains('\x1b') && !r.rawErr.contains('\x07'), r.rawErr.constData());
    }

    // Issue 9 D6: an image whose logits are NaN is reported and fails the
    // run; its row never shows "nan" as a confidence.
    void nonFiniteLogitsFailTheirImagesInClassify() {
        const QString dir = m_tmp.filePath("nanlogits");
        QDir().mkpath(dir);
        Image8 bright(32, 32);
        std::fill(bright.rgb.begin(), bright.rgb.end(), std::uint8_t(230));
        writePngAtomic(QDir(dir).filePath("bright.png").toStdString(), bright);
        writePngAtomic(QDir(dir).filePath("noise.png").toStdString(), noiseImage(4));
        const QString model = m_tmp.filePath("nanbright.pt");
        test::saveNanWhenBrightModel(model.toStdString());
        const auto r = runCli({"classify", "--dataset", dir, "--model", model, "--threads", "1"});
        QCOMPARE(r.code, 1);
        QVERIFY2(!r.out.contains("nan", Qt::CaseInsensitive), qPrintable(r.out));
        QVERIFY2(r.out.contains("\nbright,,,,,\n"), qPrintable(r.out));
        QVERIFY2(r.err.contains("error: bright: "), qPrintable(r.err));
        QVERIFY2(r.err.contains("1 classified, 0 skipped, 1 failed"), qPrintable(r.err));
    }

    // Issue 9 D6: an image whose gradient is NaN is not "attacked
    // successfully" with its unchanged input: nothing is written for it.
    void nonFiniteGradientsWriteNothingForTheirImages() {
        const QString dir = m_tmp.filePath("nangrad");
        QDir().mkpath(dir);
        Image8 bright(32, 32);
        std::fill(bright.rgb.begin(), bright.rgb.end(), std::uint8_t(230));
        writePngAtomic(QDir(dir).filePath("bright.png").toStdString(), bright);
        writePngAtomic(QDir(dir).filePath("noise.png").toStdString(), noiseImage(5));
        const QString model = m_tmp.filePath("nangrad.pt");
        test::saveNanGradientModel(model.toStdString());
        const QString out = m_tmp.filePath("nangrad-out");
        const auto r = runCli({"attack", "--dataset", dir, "--model", model, "--threads", "1", "--out", out,
                               "--iters", "2", "--eps", "8"});
        QCOMPARE(r.code, 1);
        QCOMPARE(QDir(out).entryList(QDir::Files), QStringList{"bright.png"});
        QVERIFY2(r.err.contains("not attacked, nothing written: noise: "), qPrintable(r.err));
        QVERIFY2(r.out.contains("1 written to") && r.out.contains("1 failed"), qPrintable(r.out));
    }

    // A transfer model named by ADVLAB_TRANSFER_MODEL that does not exist
    // used to drop the matrix's transfer column silently.
    void missingTransferModelVariableIsAnError() {
        qputenv("ADVLAB_TRANSFER_MODEL", m_tmp.filePath("no-such-model.pt").toUtf8());
        const auto r =
            runCli(QStringList{"eval", "--matrix", "--attacks", "fgsm", "--limit", "1"} + common(m_model));
        qunsetenv("ADVLAB_TRANSFER_MODEL");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("transfer model not found"), qPrintable(r.err));
        QVERIFY2(r.err.contains("no-such-model.pt ($ADVLAB_TRANSFER_MODEL: does not exist)"),
                 qPrintable(r.err));
    }

    // An eval output that is one of the run's inputs (the model, an
    // ensemble's member, a model:FILE defence) used to overwrite it; two
    // outputs in one file lost one; --curve-csv's errors named --csv.
    void evalOutputsNeverReplaceInputsOrEachOther() {
        const QString dir = m_tmp.filePath("inputs-as-outputs");
        QVERIFY(QDir().mkpath(dir));
        const QString model = dir + "/m.pt", other = dir + "/other.pt";
        QVERIFY(QFile::copy(m_model, model));
        QVERIFY(QFile::copy(m_model, other));
        QVERIFY(QFile::link(model, dir + "/link.csv"));
        auto bytes = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray modelBytes = bytes(model);
        const QStringList matrix{"eval",      "--matrix", "--attacks", "fgsm", "--eps",   "8",
                                 "--dataset", m_dataset,  "--threads", "1",    "--limit", "1"};
        struct Case {
            QStringList args;
            QString message;
        };
        const QList<Case> cases{
            {matrix + QStringList{"--model", model, "--defences", "none", "--csv", model},
             "--csv " + model + " is the input file "},
            {matrix + QStringList{"--model", model, "--defences", "none", "--csv", dir + "/link.csv"},
             "--csv " + dir + "/link.csv is the input file "},
            {matrix + QStringList{"--model", model + "," + other, "--defences", "none", "--csv",
                                  dir + "/../inputs-as-outputs/other.pt"},
             "is the input file " + other},
            {matrix + QStringList{"--model", model, "--defences", "none,model:" + other, "--csv", other},
             "is the input file " + other},
        };
        for (const Case& c : cases) {
            const auto r = runCli(c.args);
            QVERIFY2(r.code == 2, qPrintable(r.err));
            QVERIFY2(r.err.contains(c.message), qPrintable(c.message + " not in:\n" + r.err));
            QCOMPARE(bytes(model), modelBytes);
            QCOMPARE(bytes(other), modelBytes);
        }

        const QStringList minEps{"eval",    "--min-eps", "--attacks", "fgsm",    "--max-eps", "2",
                                 "--model", model,       "--dataset", m_dataset, "--threads", "1"};
        const QString a = dir + "/a.csv";
        auto r = runCli(minEps + QStringList{"--csv", a, "--curve-csv", dir + "/./a.csv"});
        QVERIFY2(r.code == 2, qPrintable(r.err));
        QVERIFY2(r.err.contains("--curve-csv " + dir + "/./a.csv is the same file as --csv " + a),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(a));
        r = runCli(minEps + QStringList{"--curve-csv", model});
        QVERIFY2(r.code == 2 && r.err.contains("--curve-csv " + model + " is the input file"),
                 qPrintable(r.err));
        QCOMPARE(bytes(model), modelBytes);
        r = runCli(minEps + QStringList{"--curve-csv", QDir(m_dataset).filePath("c.csv")});
        QVERIFY2(r.code == 2 && r.err.contains("--curve-csv " + QDir(m_dataset).filePath("c.csv") +
                                               " is inside the input dataset"),
                 qPrintable(r.err));
        r = runCli(minEps + QStringList{"--curve-csv", "/proc/c.csv"});
        QVERIFY2(r.code != 0 && r.err.contains("--curve-csv /proc: cannot write"), qPrintable(r.err));
        // With --shard, --csv's counts sidecar is an output too: here it would be the model.
        const QString sidecarModel = dir + "/s.csv.counts.csv";
        QVERIFY(QFile::copy(m_model, sidecarModel));
        r = runCli(QStringList{"eval", "--matrix", "--attacks", "fgsm", "--eps", "8", "--dataset", m_dataset,
                               "--threads", "1", "--defences", "none", "--model", sidecarModel, "--shard",
                               "1/2", "--csv", dir + "/s.csv"});
        QVERIFY2(r.code == 2 && r.err.contains("--csv's counts file " + sidecarModel + " is the input file"),
                 qPrintable(r.err));
        QCOMPARE(bytes(sidecarModel), modelBytes);
        QVERIFY(!QFile::exists(dir + "/s.csv"));
    }

    // advlab merge of eval shards: forged counts, the same shard twice and an
    // --out on a shard's counts file are refused, and nothing is written.
    void mergeRefusesBadShards() {
        const QString dir = m_tmp.filePath("merge");
        QVERIFY(QDir().mkpath(dir));
        const QStringList eval =
            QStringList{"eval", "--matrix", "--attacks", "fgsm", "--eps", "8", "--defences", "none,jpeg75"} +
            common(m_model);
        QStringList shards;
        for (const QString k : {"1", "2"}) {
            const QString csv = dir + "/s" + k + ".csv";
            const auto r = runCli(eval + QStringList{"--shard", k + "/2", "--csv", csv});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            shards << csv;
        }
        const QString out = dir + "/merged.csv";
        auto r = runCli(QStringList{"merge", "--out", out} + shards);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::remove(out));

        // The same shard twice, also under another spelling or a symlink.
        QVERIFY(QFile::link(shards[0], dir + "/alias.csv"));
        for (const QString& again : {shards[0], dir + "/../merge/s1.csv", dir + "/alias.csv"}) {
            r = runCli({"merge", "--out", out, shards[0], shards[1], again});
            QVERIFY2(r.code == 2 && r.err.contains("shard " + again + " is given twice"), qPrintable(r.err));
            QVERIFY(!QFile::exists(out));
        }

        // --out inside a shard folder, also through a symlink to it.
        QVERIFY(QDir().mkpath(dir + "/run1") && QDir().mkpath(dir + "/run2"));
        QVERIFY(QFile::link(dir + "/run1", dir + "/run1-link"));
        for (const QString& inside : {dir + "/run1/merged", dir + "/run1-link/merged"}) {
            r = runCli({"merge", "--out", inside, dir + "/run1", dir + "/run2"});
            QVERIFY2(r.code == 2 && r.err.contains("is a shard folder or inside one: " + dir + "/run1"),
                     qPrintable(r.err));
        }

        // --out on a shard's sidecar.
        const QString sidecar = shards[1] + ".counts.csv";
        QFile side(sidecar);
        QVERIFY(side.open(QIODevice::ReadOnly));
        const QByteArray counts = side.readAll();
        side.close();
        r = runCli({"merge", "--out", sidecar, shards[0], shards[1]});
        QVERIFY2(r.code == 2 &&
                     r.err.contains("--out " + sidecar + " is the counts file of shard " + shards[1]),
                 qPrintable(r.err));
        QVERIFY(side.open(QIODevice::ReadOnly));
        QCOMPARE(side.readAll(), counts);
        side.close();

        // Not every shard of one run: one missing, one twice under two names,
        // one of another split or of a run over other images.
        r = runCli({"merge", "--out", out, shards[0]});
        QVERIFY2(r.code == 2 && r.err.contains("shard 2/2 of the run is missing"), qPrintable(r.err));
        const QString copy = dir + "/copy.csv";
        QVERIFY(QFile::copy(shards[0], copy) && QFile::copy(shards[0] + ".counts.csv", copy + ".counts.csv"));
        r = runCli({"merge", "--out", out, shards[0], copy, shards[1]});
        QVERIFY2(r.code == 2 &&
                     r.err.contains(copy + ".counts.csv and " + shards[0] + ".counts.csv are both shard 1/2"),
                 qPrintable(r.err));
        const QString third = dir + "/third.csv", fewer = dir + "/fewer.csv";
        r = runCli(eval + QStringList{"--shard", "2/3", "--csv", third});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({"merge", "--out", out, shards[0], third});
        QVERIFY2(r.code == 2 && r.err.contains(third + ".counts.csv is shard 2/3 but " + shards[0] +
                                               ".counts.csv is shard 1/2"),
                 qPrintable(r.err));
        r = runCli(eval + QStringList{"--shard", "2/2", "--limit", "2", "--csv", fewer});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({"merge", "--out", out, shards[0], fewer});
        QVERIFY2(r.code == 2 && r.err.contains(fewer + ".counts.csv: a shard of a run over 2 images"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));

        // Forged counts: more hits than images counted, and a negative count.
        const QString forged = dir + "/forged.csv";
        QVERIFY(QFile::copy(shards[1], forged));
        QByteArray text = counts;
        QVERIFY(text.contains("0,0_correct_hits,"));
        const int at = text.indexOf("0,0_correct_hits,") + int(qstrlen("0,0_correct_hits,"));
        const int line = text.left(at).count('\n') + 1;
        text = text.left(at) + "99" + text.mid(text.indexOf('\n', at));
        QFile f(forged + ".counts.csv");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
        f.close();
        r = runCli({"merge", "--out", out, shards[0], forged});
        QVERIFY2(r.code == 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(forged + ".counts.csv:" + QString::number(line) +
                                ": 0/0_correct_hits is 99, more than"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(counts).replace("0,0_correct_counted,", "0,0_correct_counted,-"));
        f.close();
        r = runCli({"merge", "--out", out, shards[0], forged});
        QVERIFY2(r.code == 1 && r.err.contains("is not a count"), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    // Shards of two runs over different selections of the same size (or of
    // one selection in another order) merged silently: run_images agreed.
    // The sidecar's all/run_ids digest tells them apart; sidecars without
    // it are refused. --ids now selects before --shard splits.
    void mergeRefusesShardsOfOtherSelections() {
        const QString dir = m_tmp.filePath("selections");
        QVERIFY(QDir().mkpath(dir));
        const QStringList eval =
            QStringList{"eval", "--matrix", "--attacks", "fgsm", "--eps", "8", "--defences", "none"} +
            common(m_model);
        auto shard = [&](const QString& ids, const QString& k, const QString& csv) {
            const auto r = runCli(eval + QStringList{"--ids", ids, "--shard", k + "/2", "--csv", csv});
            return r.code == 0 ? QString() : r.err;
        };
        // img0..img2 sorted: --ids img2,img0 puts img0 in 1/2 and img2 in 2/2,
        // so each shard lists an ID of the other (this failed before).
        const QString a1 = dir + "/a1.csv", a2 = dir + "/a2.csv", b2 = dir + "/b2.csv", c2 = dir + "/c2.csv";
        QCOMPARE(shard("img2,img0", "1", a1), QString());
        QCOMPARE(shard("img2,img0", "2", a2), QString());
        QCOMPARE(shard("img1,img2", "2", b2), QString()); // the same size, other images
        QCOMPARE(shard("img0,img2", "2", c2), QString()); // the same images, other order
        const QString one = dir + "/one.csv", out = dir + "/merged.csv";
        auto r = runCli(eval + QStringList{"--ids", "img2,img0", "--csv", one});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({"merge", "--out", out, a1, a2});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(readBytes(out), readBytes(one));
        QVERIFY(QFile::remove(out));

        for (const QString& other : {b2, c2}) {
            r = runCli({"merge", "--out", out, a1, other});
            QVERIFY2(r.code == 2 && r.err.contains(other + ".counts.csv and " + a1 +
                                                   ".counts.csv were cut from different image selections "
                                                   "(--ids/--limit)"),
                     qPrintable(r.err));
            QVERIFY(!QFile::exists(out));
        }

        // Sidecars of an advlab that did not record the selection: refused,
        // since nothing could tell them from the shards above.
        for (const QString& csv : {a1, a2}) {
            QByteArray text = readBytes(csv + ".counts.csv");
            const int at = text.indexOf("all,run_ids,");
            QVERIFY(at > 0);
            text.remove(at, text.indexOf('\n', at) + 1 - at);
            QFile f(csv + ".counts.csv");
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        r = runCli({"merge", "--out", out, a1, a2});
        QVERIFY2(r.code == 1 && r.err.contains(a1 + ".counts.csv: no all/run_ids line") &&
                     r.err.contains("rerun the shards"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    // An empty shard said "no readable images".
    void emptyShardIsExplained() {
        auto r = runCli(QStringList{"eval", "--sweep", "--attacks", "fgsm", "--eps", "8", "--shard", "4/4"} +
                        common(m_model));
        QVERIFY2(r.code == 2, qPrintable(r.err));
        QVERIFY2(r.err.contains("--shard 4/4 has no images: N is larger than the 3 readable images"),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains("no readable images in"), qPrintable(r.err));
    }

    // --min-eps shards merge into the per-image CSV of one run, rows in the
    // run's image order (not the shards'), and the run's --curve-csv; shards
    // of other commands or selections, forged, moved or duplicate rows and
    // edited counts files are refused, and nothing is written.
    void minEpsShardsMergeIntoTheRunsCsv() {
        const QString dir = m_tmp.filePath("minepsshards");
        QVERIFY(QDir().mkpath(dir));
        // Run order img2, img1, img0; by ImageId shard 1/2 takes img0 and img2,
        // 2/2 img1, so the shards' rows put together in either order are not
        // the run's.
        const QStringList eval = QStringList{"eval",           "--min-eps", "--attacks", "fgsm,ifgsm-t",
                                             "--iters",        "2",         "--max-eps", "4",
                                             "--target-class", "3",         "--ids",     "img2,img1,img0"} +
                                 common(m_model);
        auto run = [&](const QStringList& args) {
            const auto r = runCli(args);
            return r.code == 0 ? QString() : r.err;
        };
        const QString one = dir + "/one.csv", oneCurve = dir + "/one-curve.csv";
        QCOMPARE(run(eval + QStringList{"--csv", one, "--curve-csv", oneCurve}), QString());
        QVERIFY(!QFile::exists(one + ".counts.csv")); // only shards write one
        const QString s1 = dir + "/s1.csv", s2 = dir + "/s2.csv";
        for (const QString& k : {"1", "2"}) {
            const auto r = runCli(eval + QStringList{"--shard", k + "/2", "--csv", dir + "/s" + k + ".csv"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QVERIFY2(!r.err.contains("does not merge"), qPrintable(r.err));
        }
        const QByteArray rows1 = readBytes(s1), rows2 = readBytes(s2);
        const int header = rows1.indexOf('\n') + 1;
        QVERIFY(rows1 + rows2.mid(header) != readBytes(one) && rows2 + rows1.mid(header) != readBytes(one));
        const QString out = dir + "/merged.csv", curve = dir + "/merged-curve.csv";
        auto r = runCli({"merge", "--out", out, "--curve-csv", curve, s2, s1});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(!readBytes(one).isEmpty() && !readBytes(oneCurve).isEmpty());
        QCOMPARE(readBytes(out), readBytes(one));
        QCOMPARE(readBytes(curve), readBytes(oneCurve));
        // An earlier output is replaced; a file of another kind (a model, a
        // dataset's images.csv) is refused, not overwritten.
        r = runCli({"merge", "--out", out, "--curve-csv", curve, s1, s2});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(readBytes(out), readBytes(one));
        const QString modelCopy = dir + "/model-copy.pt", imagesCsv = dir + "/images.csv";
        QVERIFY(QFile::copy(m_model, modelCopy));
        {
            QFile f(imagesCsv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("ImageId,URL,x1,y1,x2,y2,TrueLabel,TargetClass\n");
        }
        for (const QString& victim : {modelCopy, imagesCsv}) {
            const QByteArray before = readBytes(victim);
            r = runCli({"merge", "--out", victim, s1, s2});
            QVERIFY2(r.code != 0 && r.err.contains("is not an earlier output of advlab merge"),
                     qPrintable(r.err));
            QCOMPARE(readBytes(victim), before);
            r = runCli({"merge", "--out", dir + "/fresh.csv", "--curve-csv", victim, s1, s2});
            QVERIFY2(r.code != 0 && r.err.contains("--curve-csv"), qPrintable(r.err));
            QCOMPARE(readBytes(victim), before);
            QVERIFY(!QFile::exists(dir + "/fresh.csv"));
        }
        QVERIFY(QFile::remove(out) && QFile::remove(curve));

        // Refused, naming the file, with nothing written. Problems are
        // collected, so one run shows every case that got through.
        QStringList problems;
        auto refused = [&](const QStringList& shards, const QString& message, const QStringList& extra = {}) {
            const auto m = runCli(QStringList{"merge", "--out", out} + extra + shards);
            const bool written = QFileInfo::exists(out) || QFileInfo::exists(curve);
            for (const QString& path : {out, curve}) { // so that the next case starts clean
                QFile::remove(path);
                QDir(path).removeRecursively(); // folder shards merged into one
            }
            if (m.code == 0 || !m.err.contains(message))
                return "'" + message + "' not in (exit " + QString::number(m.code) + "):\n" + m.err;
            if (written)
                return "written despite: " + m.err;
            return QString();
        };
        // Shards of other commands or of another selection of the same size.
        const QString sel = dir + "/sel.csv", eps = dir + "/eps.csv", seed = dir + "/seed.csv",
                      att = dir + "/att.csv";
        QStringList other = eval;
        other.replace(other.indexOf("img2,img1,img0"), "img0,img1,img2");
        QCOMPARE(run(other + QStringList{"--shard", "2/2", "--csv", sel}), QString());
        problems << refused({s1, sel},
                            sel + ".counts.csv and " + s1 +
                                ".counts.csv were cut from different image selections (--ids/--limit)");
        other = eval;
        other.replace(other.indexOf("4"), "3");
        QCOMPARE(run(other + QStringList{"--shard", "2/2", "--csv", eps}), QString());
        problems << refused({s1, eps},
                            eps + ".counts.csv records max_eps '3' but " + s1 + ".counts.csv records '4'");
        QCOMPARE(run(eval + QStringList{"--seed", "1", "--shard", "2/2", "--csv", seed}), QString());
        problems << refused({s1, seed}, seed + ".counts.csv records settings '");
        // Judged by another defence: another question, not another half of this one.
        const QString judged = dir + "/judged.csv";
        QCOMPARE(run(eval + QStringList{"--defence", "bits4", "--shard", "2/2", "--csv", judged}), QString());
        problems << refused({s1, judged}, judged + ".counts.csv records settings '");
        other = eval;
        other.replace(other.indexOf("fgsm,ifgsm-t"), "ifgsm-t");
        QCOMPARE(run(other + QStringList{"--shard", "2/2", "--csv", att}), QString());
        problems << refused({s1, att}, att + ".counts.csv records attacks 'ifgsm-t' but");
        // A matrix shard with a min-eps one, either way round; a curve of matrix shards.
        const QString m1 = dir + "/m1.csv", m2 = dir + "/m2.csv";
        for (const QString& k : {"1", "2"})
            QCOMPARE(run(QStringList{"eval", "--matrix", "--attacks", "fgsm", "--eps", "8", "--defences",
                                     "none", "--shard", k + "/2", "--csv", dir + "/m" + k + ".csv"} +
                         common(m_model)),
                     QString());
        problems << refused({s1, m2}, m2 + ".counts.csv: a matrix shard, merged with a min-eps shard");
        problems << refused({m1, s2}, s2 + ".counts.csv: a min-eps shard, merged with a matrix shard");
        problems << refused({m1, m2}, "--curve-csv: only --min-eps shards have a curve",
                            {"--curve-csv", curve});
        // --curve-csv where there is no curve to write, or onto a folder.
        QVERIFY(QDir().mkpath(dir + "/f1") && QDir().mkpath(dir + "/f2"));
        problems << refused({dir + "/f1", dir + "/f2"},
                            "--curve-csv is for eval --min-eps shards (CSV files), not folders",
                            {"--curve-csv", curve});
        problems << refused({s1, s2}, "--curve-csv " + dir + "/f1 is a folder", {"--curve-csv", dir + "/f1"});
        // A per-image CSV without its counts file (the unsharded run's).
        problems << refused({s1, one}, one + ".counts.csv");

        // Copies of a shard with its CSV or its counts file edited.
        auto forge = [&](const QString& from, const QString& name,
                         const std::function<QByteArray(QByteArray)>& csvEdit,
                         const std::function<QByteArray(QByteArray)>& countsEdit) {
            const QString copy = dir + "/" + name + ".csv";
            const QByteArray csvText = readBytes(from), counts = readBytes(from + ".counts.csv");
            const QByteArray newCsv = csvEdit ? csvEdit(csvText) : csvText;
            const QByteArray newCounts = countsEdit ? countsEdit(counts) : counts;
            if (newCsv == csvText && newCounts == counts)
                return QString(); // the edit found nothing to change
            QFile a(copy), b(copy + ".counts.csv");
            if (!a.open(QIODevice::WriteOnly) || !b.open(QIODevice::WriteOnly))
                return QString();
            a.write(newCsv);
            b.write(newCounts);
            return copy;
        };
        auto replace = [](const QByteArray& before, const QByteArray& after) {
            return [before, after](QByteArray text) { return text.replace(before, after); };
        };
        auto editLine = [](int line, int field, const QByteArray& value) {
            return [line, field, value](QByteArray text) {
                QList<QByteArray> lines = text.split('\n');
                QList<QByteArray> fields = lines[line].split(',');
                fields[field] = value;
                lines[line] = fields.join(',');
                return lines.join('\n');
            };
        };
        struct Forgery {
            QString name;
            std::function<QByteArray(QByteArray)> csv, counts;
            bool both; // the counts files of both shards (else only shard 2's)
            QString message;
        };
        const QList<Forgery> forgeries{
            {"dup", replace("\nimg2,", "\nimg0,"), {}, false, ": expected the row of image img2"},
            {"eps99", editLine(1, 3, "99"), {}, false, "not a row advlab eval --min-eps writes"},
            {"fewer",
             [](QByteArray t) { return t.left(t.lastIndexOf('\n', t.size() - 2) + 1); },
             {},
             false,
             "rows, but its counts file lists 2 images x 2 attacks"},
            {"header",
             replace("min_eps,", "min_epsilon,"),
             {},
             false,
             "not the per-image CSV of advlab eval"},
            {"runimages",
             {},
             replace("all,run_images,3", "all,run_images,4"),
             true,
             "the shards list 3 images, but"},
            {"maxeps",
             {},
             replace("all,max_eps,4", "all,max_eps,256"),
             true,
             "all/max_eps '256' is not in 1..255"},
            {"beyond",
             {},
             replace("image,1,img1", "image,7,img1"),
             false,
             "image position 7 is beyond the run's 3 images"},
            {"overlap", {}, replace("image,1,img1", "image,0,img2"), false, "both hold image position 0"},
            {"otherid",
             {},
             replace("image,1,img1", "image,1,img9"),
             false,
             "the ImageIds of the shards' image lines are not the run's selection"},
        };
        for (const Forgery& f : forgeries) {
            // CSV edits go to shard 1 (two images), counts edits to shard 2 (and 1).
            const bool csvEdit = bool(f.csv);
            const QString a = csvEdit  ? forge(s1, f.name + "1", f.csv, {})
                              : f.both ? forge(s1, f.name + "1", {}, f.counts)
                                       : s1;
            const QString b = csvEdit ? s2 : forge(s2, f.name + "2", {}, f.counts);
            QVERIFY2(!a.isEmpty() && !b.isEmpty(), qPrintable(f.name));
            const QString problem = refused({a, b}, f.message);
            if (!problem.isEmpty())
                problems << f.name + ": " + problem;
        }
        // Last, since a merge that let them through would overwrite a shard's
        // file: outputs on each other or on a shard's counts file.
        problems << refused({s1, s2}, "--curve-csv " + out + " is the same file as --out",
                            {"--curve-csv", out});
        problems << refused({s1, s2}, "--curve-csv " + s2 + ".counts.csv is shard " + s2,
                            {"--curve-csv", s2 + ".counts.csv"});
        problems << refused({s1, s2}, "--curve-csv " + s1 + " is shard " + s1, {"--curve-csv", s1});
        problems.removeAll(QString());
        for (const QString& p : problems)
            qWarning("%s", qPrintable(p));
        QVERIFY2(problems.isEmpty(), qPrintable(QString::number(problems.size()) + " cases got through"));
    }

    void tooManyThreadsWarns() {
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        const auto r = runCli({"classify", "--dataset", m_dataset, "--model", m_model, "--quiet", "--threads",
                               QString::number(cores + 1)});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("oversubscribed"), qPrintable(r.err));
        QVERIFY(runCli({"classify", "--dataset", m_dataset, "--model", m_model, "--quiet", "--threads",
                        QString::number(cores)})
                    .err.indexOf("oversubscribed") < 0);
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_clirun.moc"
