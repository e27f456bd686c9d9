// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ReplayFrame.h"

#include <QtGlobal>
#include <cstddef>
#include <vector>

namespace advlab::ui {

// The kept steps of the interactive request's attacks (issue 12, attack
// replay): plain storage, no widgets. Memory is bounded: when all steps
// would not fit in maxBytes, only every stride-th step is kept (stride
// chosen from the first frame, so the kept steps are evenly spaced), and the
// start and the final step are always kept. Frames of another generation
// are refused.
class AttackReplay {
public:
    static constexpr std::size_t kDefaultMaxBytes = std::size_t(64) << 20; // 64 MiB

    explicit AttackReplay(std::size_t maxBytes = kDefaultMaxBytes) : m_maxBytes(maxBytes) {}

    void start(quint64 generation); // forget everything; accept this generation's frames
    void clear() { start(0); }
    // Whether the frame was kept (false: another generation, or skipped by the stride).
    bool add(const ReplayFramePtr& frame);

    quint64 generation() const { return m_generation; }
    int count() const { return static_cast<int>(m_frames.size()); }
    ReplayFramePtr frame(int index) const;
    int indexOfStep(int step) const; // -1 when that step was not kept
    // The final step was kept: the replay is complete.
    bool isComplete() const { return !m_frames.empty() && m_frames.back()->step == m_frames.back()->steps; }
    int stride() const { return m_stride; }
    std::size_t bytes() const { return m_bytes; }
    std::size_t maxBytes() const { return m_maxBytes; }

private:
    std::size_t m_maxBytes;
    quint64 m_generation = 0;
    int m_stride = 0; // 0: not chosen yet
    std::size_t m_bytes = 0;
    std::vector<ReplayFramePtr> m_frames;
};

} // namespace advlab::ui
