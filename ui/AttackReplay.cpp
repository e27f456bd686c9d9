// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttackReplay.h"

#include <algorithm>

namespace advlab::ui {

void AttackReplay::start(quint64 generation) {
    m_generation = generation;
    m_stride = 0;
    m_bytes = 0;
    m_frames.clear();
}

bool AttackReplay::add(const ReplayFramePtr& frame) {
    if (!frame || frame->generation != m_generation || m_generation == 0)
        return false;
    const std::size_t size = frame->bytes();
    if (m_stride == 0) {
        // All steps 0..N at this size, over the bound: keep every stride-th.
        const std::size_t all = size * static_cast<std::size_t>(frame->steps + 1);
        m_stride = static_cast<int>(
            std::max<std::size_t>(1, (all + m_maxBytes - 1) / std::max<std::size_t>(1, m_maxBytes)));
    }
    const bool last = frame->step == frame->steps;
    if (!last && frame->step % m_stride != 0)
        return false;
    if (!last && m_bytes + size > m_maxBytes)
        return false; // frames larger than the first: the bound still holds
    // The final step always fits: it displaces the latest intermediate ones.
    while (last && m_bytes + size > m_maxBytes && m_frames.size() > 1) {
        m_bytes -= m_frames.back()->bytes();
        m_frames.pop_back();
    }
    m_frames.push_back(frame);
    m_bytes += size;
    return true;
}

ReplayFramePtr AttackReplay::frame(int index) const {
    if (index < 0 || index >= count())
        return nullptr;
    return m_frames[static_cast<std::size_t>(index)];
}

int AttackReplay::indexOfStep(int step) const {
    for (int i = 0; i < count(); ++i)
        if (m_frames[static_cast<std::size_t>(i)]->step == step)
            return i;
    return -1;
}

} // namespace advlab::ui
