// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 14: the windows fit the screen they are on. CTest runs this file on
// three virtual screens (tests/ui/screens/*.json, the offscreen platform's
// configfile, plus QT_SCALE_FACTOR for 200 %): a 1366x768 laptop, and
// 1920x1200 and 1920x1080 at 200 % (960x600 and 960x540 logical). On each,
// the main window and the evaluation window must fit the screen's available
// area, every control of their settings must be on screen or inside a scroll
// area that scrolls to it, the labels of each triptych panel must not overlap
// each other or the image, and everything must be reachable by keyboard with
// screen-reader names that say what the panels show.
//
// The triptych is filled with a hand-made result (real class names from the
// dev set's categories.csv, the longest ones), so the test needs no model.
#include "AttackPanel.h"
#include "CurvePlot.h"
#include "ImageConvert.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "ObserverLinesView.h"
#include "Theme.h"
#include "TopKPlot.h"
#include "TriptychView.h"
#include "UiTestSupport.h"
#include "WindowSettings.h"
#include "eval/EvaluationWindow.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextDocument>
#include <QtTest>
#include <advlab/Categories.h>

using namespace advlab;
using namespace advlab::ui;

namespace {

constexpr int kLongHornedBeetle = 303; // CategoryId 304
constexpr int kStaffordshire = 180;    // the longest name of the 1000
constexpr int kGardenSpider = 72;      // "black and gold garden spider"

Prediction peaked(int label, float p) {
    Prediction pr;
    pr.probs.assign(Categories::kCount, (1.0f - p) / (Categories::kCount - 1));
    pr.probs[static_cast<std::size_t>(label)] = p;
    return pr;
}

Image8 gradientImage() {
    Image8 img(299, 299);
    for (int y = 0; y < 299; ++y)
        for (int x = 0; x < 299; ++x) {
            auto* px = img.pixel(x, y);
            px[0] = static_cast<std::uint8_t>(x * 255 / 298);
            px[1] = static_cast<std::uint8_t>(y * 255 / 298);
            px[2] = 128;
        }
    return img;
}

// A 10-step I-FGSM triptych: the true class (the longest name) is fooled
// into long-horned beetle at 100 %, the targeted attack hits its target.
TriptychResultPtr makeResult(int untargetedLabel, float untargetedP) {
    auto r = std::make_shared<TriptychResult>();
    r->imageId = QStringLiteral("0c7ac4a8c9dfa802");
    r->imageIndex = 0;
    r->trueLabel = kStaffordshire;
    r->config.method = AttackMethod::Ifgsm;
    r->config.epsilon = 16;
    r->config.iterations = 10;
    r->original = gradientImage();
    r->clean = peaked(kStaffordshire, 0.93f);
    auto u = std::make_shared<AttackPart>();
    u->image = r->original;
    u->prediction = peaked(untargetedLabel, untargetedP);
    u->linf = 16;
    auto t = std::make_shared<AttackPart>();
    t->image = r->original;
    t->prediction = peaked(kGardenSpider, 0.97f);
    t->targetClass = kGardenSpider;
    t->linf = 16;
    for (int i = 0; i <= 10; ++i) {
        u->sourceCurve.push_back(0.93f * (1.0f - i / 10.0f));
        t->sourceCurve.push_back(0.93f * (1.0f - i / 10.0f));
        t->targetCurve.push_back(0.97f * i / 10.0f);
    }
    r->untargeted = u;
    r->targeted = t;
    return r;
}

void settle() {
    // Layout requests and resizes are posted events; deliver them all.
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
}

bool isControl(const QWidget* w) {
    return qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QAbstractSlider*>(w) ||
           qobject_cast<const QAbstractSpinBox*>(w) || qobject_cast<const QComboBox*>(w) ||
           qobject_cast<const QLineEdit*>(w);
}

QString describe(const QWidget* w) {
    return QStringLiteral("%1 (%2)").arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()));
}

// Whether a user can see `w` in `window`: every ancestor shows all of it,
// except a scroll area's content, which may be larger than its viewport as
// long as the scroll bar in that direction can scroll it into view.
bool reachable(const QWidget* w, const QWidget* window, QString* why) {
    if (w->width() <= 0 || w->height() <= 0) {
        *why = describe(w) + QStringLiteral(" has no size");
        return false;
    }
    // Qt's own parts (a spin box's line edit) are sized by their owner.
    if (isControl(w) && w->isEnabled() && !w->objectName().startsWith(QLatin1String("qt_")) &&
        (w->width() < w->minimumSizeHint().width() || w->height() < w->minimumSizeHint().height())) {
        *why = QStringLiteral("%1 squeezed to %2x%3, below its minimum %4x%5")
                   .arg(describe(w))
                   .arg(w->width())
                   .arg(w->height())
                   .arg(w->minimumSizeHint().width())
                   .arg(w->minimumSizeHint().height());
        return false;
    }
    const QWidget* child = w;
    QRect rect = w->rect();
    while (child != window) {
        const QWidget* parent = child->parentWidget();
        if (!parent) {
            *why = describe(w) + QStringLiteral(" is not inside the window");
            return false;
        }
        const auto* area =
            parent->parentWidget() ? qobject_cast<const QScrollArea*>(parent->parentWidget()) : nullptr;
        if (area && area->widget() == child) {
            // `child` is a scroll area's content: whatever part of it the
            // viewport does not show must be reachable with a scroll bar.
            const QWidget* viewport = area->viewport();
            if ((child->height() > viewport->height() && area->verticalScrollBar()->maximum() <= 0) ||
                (child->width() > viewport->width() && area->horizontalScrollBar()->maximum() <= 0)) {
                *why = QStringLiteral("%1: %2 cannot scroll to it").arg(describe(w), describe(area));
                return false;
            }
            child = area;
            rect = area->rect();
            continue;
        }
        rect.translate(child->pos());
        if (!parent->rect().contains(rect)) {
            *why = QStringLiteral("%1 lies outside %2: %3,%4 %5x%6 not in %7x%8")
                       .arg(describe(w), describe(parent))
                       .arg(rect.x())
                       .arg(rect.y())
                       .arg(rect.width())
                       .arg(rect.height())
                       .arg(parent->width())
                       .arg(parent->height());
            return false;
        }
        child = parent;
    }
    return true;
}

QRect inPanel(const QWidget* w, const QWidget* panel) {
    return QRect(w->mapTo(panel, QPoint(0, 0)), w->size());
}

QString accessibleName(QWidget* w) {
    QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name) : QString();
}

QString plain(const QLabel* label) {
    QTextDocument doc;
    doc.setHtml(label->text());
    return doc.toPlainText().simplified();
}

} // namespace

class TestScreenFit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void screenIsTheConfiguredOne();
    void mainWindowFitsAndEveryControlIsReachable();
    void triptychLabelsDoNotOverlap();
    void accessibleNamesSayWhatPanelsShow();
    void keyboardReachesEveryControl();
    void focusedPanelShowsAFrame();
    void docksHideAndComeBackFromView();
    void evaluationWindowFits();
    void savedGeometryIsPulledOntoTheScreen();
    void cleanupTestCase();

private:
    void showResult(const TriptychResultPtr& result);

    std::unique_ptr<MainWindow> m_window;
    Categories m_categories;
    QRect m_available;
};

void TestScreenFit::initTestCase() {
    test::prepareEnvironment();
    m_categories = Categories::read((test::datasetPath() + QStringLiteral("/categories.csv")).toStdString());
    QVERIFY(m_categories.hasRealNames());
    m_available = QGuiApplication::primaryScreen()->availableGeometry();
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // Stand in for the dataset the window would open: categories for the
    // target picker, an image and a finished result for the triptych.
    m_window->attackPanel()->setCategories(m_categories);
    m_window->attackPanel()->setDatasetTarget(kGardenSpider);
    showResult(makeResult(kLongHornedBeetle, 1.0f));
}

void TestScreenFit::showResult(const TriptychResultPtr& r) {
    TriptychView* t = m_window->triptychView();
    t->showOriginal(toQImage(r->original), r->imageId, r->trueLabel, kGardenSpider, m_categories);
    t->setResult(r, m_categories);
    settle();
}

// The configuration CTest asked for is the one in effect (not the offscreen
// platform's default 800x600), so the rest tests what it claims.
void TestScreenFit::screenIsTheConfiguredOne() {
    const QByteArray expected = qgetenv("ADVLAB_EXPECT_SCREEN"); // logical "WxH"
    qInfo("screen %dx%d logical, available %dx%d, device pixel ratio %.1f", m_available.width(),
          m_available.height(), m_available.width(), m_available.height(),
          QGuiApplication::primaryScreen()->devicePixelRatio());
    if (expected.isEmpty())
        QSKIP("ADVLAB_EXPECT_SCREEN not set (run through CTest for the configured screens)");
    const QString size = QStringLiteral("%1x%2").arg(m_available.width()).arg(m_available.height());
    QCOMPARE(size, QString::fromLatin1(expected));
    if (qEnvironmentVariableIsSet("QT_SCALE_FACTOR"))
        QCOMPARE(QGuiApplication::primaryScreen()->devicePixelRatio(), 2.0);
}

void TestScreenFit::mainWindowFitsAndEveryControlIsReachable() {
    MainWindow* w = m_window.get();
    // The first size leaves a margin (at most ~90 % of the screen)…
    QVERIFY2(w->width() <= m_available.width() * 0.9 + 1 && w->height() <= m_available.height() * 0.9 + 1,
             qPrintable(QStringLiteral("window %1x%2").arg(w->width()).arg(w->height())));
    QVERIFY2(m_available.contains(w->frameGeometry()), "the window's frame leaves the screen");
    // …and even maximised to the whole screen the layout is not squeezed
    // below its minimum, which is what made labels overlap.
    const QSize minimum = w->minimumSizeHint();
    QVERIFY2(minimum.width() <= w->width() && minimum.height() <= w->height(),
             qPrintable(QStringLiteral("the window needs %1x%2 but has %3x%4")
                            .arg(minimum.width())
                            .arg(minimum.height())
                            .arg(w->width())
                            .arg(w->height())));

    int checked = 0;
    for (QWidget* child : w->attackPanel()->findChildren<QWidget*>()) {
        if (!child->isVisibleTo(w) || child->isWindow())
            continue;
        QString why;
        QVERIFY2(reachable(child, w, &why), qPrintable(why));
        ++checked;
    }
    QVERIFY2(checked >= 15, qPrintable(QStringLiteral("only %1 attack panel widgets checked").arg(checked)));
    // The panel is taller than a 960x540 window's dock: it scrolls rather
    // than being cut off (checked above); say which it was.
    const auto* scroll = w->findChild<QScrollArea*>(QStringLiteral("settingsScroll"));
    QVERIFY(scroll);
    qInfo("window %dx%d, images %d px, attack panel %dx%d in a %dx%d viewport", w->width(), w->height(),
          w->triptychView()->untargetedPanel()->view()->imageRect().width(), w->attackPanel()->width(),
          w->attackPanel()->height(), scroll->viewport()->width(), scroll->viewport()->height());

    // The three panels side by side, whole: the images scale down to the
    // width rather than the triptych scrolling sideways (it may scroll down).
    const auto* triptychScroll = w->findChild<QScrollArea*>(QStringLiteral("triptychScroll"));
    QVERIFY(triptychScroll);
    QCOMPARE(triptychScroll->horizontalScrollBar()->maximum(), 0);
    for (ImagePanel* p : {w->triptychView()->originalPanel(), w->triptychView()->untargetedPanel(),
                          w->triptychView()->targetedPanel()}) {
        for (QWidget* child : p->findChildren<QWidget*>()) {
            QString why;
            if (child->isVisibleTo(w))
                QVERIFY2(reachable(child, w, &why), qPrintable(why));
        }
    }
}

void TestScreenFit::triptychLabelsDoNotOverlap() {
    TriptychView* t = m_window->triptychView();
    // An observer's line under each image, with the default observer's name:
    // one long token that word wrap cannot break.
    ObserverLine line;
    line.name = QStringLiteral("model tf_mobilenet_v2_imagenet");
    line.className = QStringLiteral("American Staffordshire terrier");
    line.confidence = 0.957;
    line.mark = QStringLiteral("fooled");
    line.ok = true;
    for (ImagePanel* p : {t->originalPanel(), t->untargetedPanel(), t->targetedPanel()})
        p->observers()->setLines({line});
    settle();
    // The three images are drawn at one size: the views' heights differ with
    // their captions, and each used to pick its own (snapped) scale.
    const QSize shown = t->originalPanel()->view()->imageRect().size();
    QCOMPARE(t->untargetedPanel()->view()->imageRect().size(), shown);
    QCOMPARE(t->targetedPanel()->view()->imageRect().size(), shown);
    for (ImagePanel* p : {t->originalPanel(), t->untargetedPanel(), t->targetedPanel()}) {
        const QString panel = p->objectName();
        // The image as drawn, and every label and chart of the panel.
        const QRect image = p->view()->imageRect().translated(p->view()->mapTo(p, QPoint(0, 0)));
        QVERIFY2(image.width() >= 112, qPrintable(panel + QStringLiteral(": image below 112 px")));
        const QList<std::pair<QString, QRect>> parts = {
            {QStringLiteral("image"), image},
            {QStringLiteral("title"), inPanel(p->titleLabel(), p)},
            {QStringLiteral("prediction"), inPanel(p->predictionLabel(), p)},
            {QStringLiteral("detail"), inPanel(p->detailLabel(), p)},
            {QStringLiteral("mark"), inPanel(p->markLabel(), p)},
            {QStringLiteral("top-5 chart"), inPanel(p->topK(), p)},
            {QStringLiteral("observer line"), inPanel(p->observers(), p)},
        };
        for (int i = 0; i < parts.size(); ++i) {
            QVERIFY2(!parts[i].second.isEmpty(),
                     qPrintable(panel + QStringLiteral(": empty ") + parts[i].first));
            for (int j = i + 1; j < parts.size(); ++j)
                QVERIFY2(
                    !parts[i].second.intersects(parts[j].second),
                    qPrintable(
                        QStringLiteral("%1: %2 overlaps %3").arg(panel, parts[i].first, parts[j].first)));
        }
        // Wrapped lines get the height their text needs (none cut off), and
        // the mark shows whole.
        for (QLabel* l : {p->predictionLabel(), p->detailLabel(), p->observers()->lineLabel(0)})
            QVERIFY2(l->height() >= l->heightForWidth(l->width()),
                     qPrintable(QStringLiteral("%1 needs %2 px at width %3, has %4")
                                    .arg(l->objectName())
                                    .arg(l->heightForWidth(l->width()))
                                    .arg(l->width())
                                    .arg(l->height())));
        // Wrapping never cuts a word: each fits the line (bold, the widest).
        for (QLabel* l : {p->predictionLabel(), p->detailLabel(), p->observers()->lineLabel(0)}) {
            QFont bold = l->font();
            bold.setBold(true);
            const QFontMetrics fm(bold);
            for (const QString& word : plain(l).split(QLatin1Char(' '), Qt::SkipEmptyParts))
                QVERIFY2(fm.horizontalAdvance(word) <= l->contentsRect().width(),
                         qPrintable(QStringLiteral("%1: \"%2\" is cut at width %3")
                                        .arg(l->objectName(), word)
                                        .arg(l->contentsRect().width())));
        }
        // The bars' value labels ("100%" for the top bar here) are drawn whole.
        const QList<QRect> values = p->topK()->valueLabelRects();
        QVERIFY2(!values.isEmpty(), qPrintable(panel + QStringLiteral(": no value labels")));
        for (const QRect& r : values)
            QVERIFY2(p->topK()->rect().contains(r),
                     qPrintable(QStringLiteral("%1: a top-5 value label at %2,%3 %4x%5 is cut at width %6")
                                    .arg(panel)
                                    .arg(r.x())
                                    .arg(r.y())
                                    .arg(r.width())
                                    .arg(r.height())
                                    .arg(p->topK()->width())));
        QLabel* mark = p->markLabel();
        QVERIFY(mark->width() >= mark->sizeHint().width() && mark->height() >= mark->sizeHint().height());
        // What is cut short or wrapped is whole in the tooltip.
        QCOMPARE(p->predictionLabel()->toolTip().simplified(), plain(p->predictionLabel()));
        QCOMPARE(p->titleLabel()->toolTip(), p->titleLabel()->text());
    }
    QVERIFY(plain(t->untargetedPanel()->predictionLabel()).contains(QStringLiteral("long-horned beetle")));
    QVERIFY(
        plain(t->originalPanel()->detailLabel()).contains(QStringLiteral("American Staffordshire terrier")));
}

void TestScreenFit::accessibleNamesSayWhatPanelsShow() {
    TriptychView* t = m_window->triptychView();
    QCOMPARE(accessibleName(t->untargetedPanel()),
             QStringLiteral("Non-targeted: predicted long-horned beetle, 100.0%, fooled"));
    QCOMPARE(accessibleName(t->originalPanel()),
             QStringLiteral("Original: predicted American Staffordshire terrier, 93.0%, correct"));
    QCOMPARE(accessibleName(t->targetedPanel()),
             QStringLiteral("Targeted: predicted black and gold garden spider, 97.0%, hit"));
    // The name says what the panel shows: its prediction line's words.
    for (ImagePanel* p : {t->originalPanel(), t->untargetedPanel(), t->targetedPanel()}) {
        const QString shown = plain(p->predictionLabel()).remove(QStringLiteral("Predicted: "));
        const QString cls = shown.section(QLatin1Char(' '), 0, -2).trimmed();
        const QString pct = shown.section(QLatin1Char(' '), -1);
        QVERIFY2(accessibleName(p).contains(cls) && accessibleName(p).contains(pct),
                 qPrintable(accessibleName(p) + QStringLiteral(" vs shown ") + shown));
        QVERIFY(!QAccessible::queryAccessibleInterface(p->view())->text(QAccessible::Description).isEmpty());
    }
    QVERIFY(t->untargetedPanel()->topK()->accessibleDescription().startsWith(
        QStringLiteral("long-horned beetle 100.0%")));
    // The chart's names may be elided on a narrow screen; its tooltip has them whole.
    QVERIFY(
        t->untargetedPanel()->topK()->toolTip().startsWith(QStringLiteral("long-horned beetle 100.0%\n")));
    QVERIFY(accessibleName(t->curvePlot()).contains(QStringLiteral("probability")));
    QVERIFY(t->curvePlot()->accessibleDescription().contains(QStringLiteral("from 93.0% to 0.0%")));

    // A new result, a new name: the attack no longer fools the model.
    showResult(makeResult(kStaffordshire, 0.61f));
    QCOMPARE(accessibleName(t->untargetedPanel()),
             QStringLiteral("Non-targeted: predicted American Staffordshire terrier, 61.0%, not fooled"));
    showResult(makeResult(kLongHornedBeetle, 1.0f));
    QCOMPARE(accessibleName(t->untargetedPanel()),
             QStringLiteral("Non-targeted: predicted long-horned beetle, 100.0%, fooled"));
}

void TestScreenFit::keyboardReachesEveryControl() {
    MainWindow* w = m_window.get();
    AttackPanel* panel = w->attackPanel();
    // Tab visits the settings in the order they are laid out, and reaches
    // the triptych panels (whose names a screen reader reads).
    QStringList chain;
    QWidget* start = panel->findChild<QComboBox*>(QStringLiteral("attackMethod"));
    QWidget* f = start;
    do {
        if (f->isVisibleTo(w) && f->isEnabled() && (f->focusPolicy() & Qt::TabFocus) &&
            !f->objectName().isEmpty())
            chain << f->objectName();
        f = f->nextInFocusChain();
    } while (f != start);
    const QStringList order = {QStringLiteral("attackMethod"), QStringLiteral("epsilonSlider"),
                               QStringLiteral("epsilonSpin"),  QStringLiteral("iterationsSpin"),
                               QStringLiteral("stepSizeSpin"), QStringLiteral("useDatasetTarget")};
    int last = -1;
    for (const QString& name : order) {
        const int at = chain.indexOf(name);
        QVERIFY2(at > last,
                 qPrintable(name + QStringLiteral(" out of Tab order: ") + chain.join(QLatin1Char(' '))));
        last = at;
    }
    for (const char* name : {"originalPanel", "untargetedPanel", "targetedPanel"})
        QVERIFY2(chain.contains(QLatin1String(name)), name);

    // Arrows and Page Up/Down move the ε slider and the spin boxes.
    auto* slider = panel->findChild<QSlider*>(QStringLiteral("epsilonSlider"));
    auto* spin = panel->findChild<QSpinBox*>(QStringLiteral("epsilonSpin"));
    auto* iterations = panel->findChild<QSpinBox*>(QStringLiteral("iterationsSpin"));
    w->activateWindow();
    slider->setFocus(Qt::TabFocusReason);
    const int eps = slider->value();
    QTest::keyClick(slider, Qt::Key_Right);
    QCOMPARE(slider->value(), eps + 1);
    QTest::keyClick(slider, Qt::Key_PageUp);
    QCOMPARE(slider->value(), eps + 1 + slider->pageStep());
    QCOMPARE(spin->value(), slider->value());
    QTest::keyClick(slider, Qt::Key_PageDown);
    QTest::keyClick(slider, Qt::Key_Left);
    QCOMPARE(slider->value(), eps);
    const int n = iterations->value();
    iterations->setFocus(Qt::TabFocusReason);
    QTest::keyClick(iterations, Qt::Key_Up);
    QCOMPARE(iterations->value(), n + 1);
    QTest::keyClick(iterations, Qt::Key_PageUp);
    QCOMPARE(iterations->value(), n + 11);
    QTest::keyClick(iterations, Qt::Key_PageDown);
    QTest::keyClick(iterations, Qt::Key_Down);
    QCOMPARE(iterations->value(), n);

    // Every action of the window has a menu entry (the keyboard's way in).
    for (const char* name : {"actionOpenDataset", "actionOpenModel", "actionExportTriptych",
                             "actionSaveAdversarial", "actionShowPerturbation", "actionRecompute",
                             "actionEvaluation", "actionToggle_imagesDock", "actionToggle_settingsDock"}) {
        auto* a = w->findChild<QAction*>(QLatin1String(name));
        QVERIFY2(a, name);
        bool inMenu = false;
        for (QObject* m : a->associatedObjects())
            inMenu = inMenu || qobject_cast<QMenu*>(m);
        QVERIFY2(inMenu, name);
    }
}

// Visible focus: the style sheet frames the triptych panel that has it.
void TestScreenFit::focusedPanelShowsAFrame() {
    qApp->setStyleSheet(theme::styleSheet());
    ImagePanel* panel = m_window->triptychView()->untargetedPanel();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    const QColor highlight = panel->palette().color(QPalette::Highlight);
    auto edge = [panel] { return panel->grab().toImage().pixelColor(0, panel->height() / 2); };
    m_window->attackPanel()->setFocus(Qt::TabFocusReason);
    settle();
    QVERIFY(edge() != highlight);
    panel->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(panel->hasFocus());
    QTRY_COMPARE(edge(), highlight);
    qApp->setStyleSheet({});
}

void TestScreenFit::docksHideAndComeBackFromView() {
    auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("settingsDock"));
    auto* toggle = m_window->findChild<QAction*>(QStringLiteral("actionToggle_settingsDock"));
    QVERIFY(dock && toggle);
    QVERIFY(dock->isVisible());
    const int before = m_window->triptychView()->untargetedPanel()->view()->imageRect().width();
    toggle->trigger();
    settle();
    QVERIFY(!dock->isVisible());
    // The room it gave goes to the images.
    QTRY_VERIFY(m_window->triptychView()->untargetedPanel()->view()->imageRect().width() > before);
    toggle->trigger();
    settle();
    QVERIFY(dock->isVisible());
    QString why;
    QVERIFY2(reachable(m_window->attackPanel()->findChild<QComboBox*>(QStringLiteral("attackMethod")),
                       m_window.get(), &why),
             qPrintable(why));
}

void TestScreenFit::evaluationWindowFits() {
    EvaluationWindow e;
    e.show();
    QVERIFY(QTest::qWaitForWindowExposed(&e));
    settle();
    QVERIFY2(m_available.contains(e.frameGeometry()), "the evaluation window leaves the screen");
    QVERIFY2(e.minimumSizeHint().width() <= e.width() && e.minimumSizeHint().height() <= e.height(),
             qPrintable(QStringLiteral("needs %1x%2, has %3x%4")
                            .arg(e.minimumSizeHint().width())
                            .arg(e.minimumSizeHint().height())
                            .arg(e.width())
                            .arg(e.height())));
    auto* setup = e.findChild<QWidget*>(QStringLiteral("evaluationSetup"));
    QVERIFY(setup);
    int checked = 0;
    for (QWidget* child : setup->findChildren<QWidget*>()) {
        if (!child->isVisibleTo(&e) || child->isWindow())
            continue;
        QString why;
        QVERIFY2(reachable(child, &e, &why), qPrintable(why));
        ++checked;
    }
    QVERIFY(checked >= 15);
    for (const char* name : {"runSweepButton", "runMatrixButton", "exportPngButton", "exportPdfButton",
                             "exportSweepCsvButton", "sweepPlot"}) {
        auto* w = e.findChild<QWidget*>(QLatin1String(name));
        QVERIFY2(w, name);
        QString why;
        QVERIFY2(reachable(w, &e, &why), qPrintable(why));
    }
    QVERIFY(!accessibleName(e.findChild<QWidget*>(QStringLiteral("sweepPlot"))).isEmpty());
}

// A window saved on a bigger monitor, or at a lower scale, comes back on
// this screen, whole.
void TestScreenFit::savedGeometryIsPulledOntoTheScreen() {
    {
        MainWindow big;
        big.show();
        QVERIFY(QTest::qWaitForWindowExposed(&big));
        big.setGeometry(QRect(m_available.right() - 100, m_available.bottom() - 100, 2400, 1500));
        settle();
        QSettings settings;
        saveWindowGeometry(&big, settings);
    }
    MainWindow restored; // restores the saved geometry in its constructor
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    settle();
    QVERIFY2(m_available.contains(restored.geometry()), qPrintable(QStringLiteral("restored at %1,%2 %3x%4")
                                                                       .arg(restored.x())
                                                                       .arg(restored.y())
                                                                       .arg(restored.width())
                                                                       .arg(restored.height())));
    QSettings().clear();
}

void TestScreenFit::cleanupTestCase() {
    m_window.reset();
}

QTEST_MAIN(TestScreenFit)
#include "tst_screenfit.moc"
