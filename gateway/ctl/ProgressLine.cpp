// 40 cells of '#' and '.', redrawn with a carriage return; no escape sequences, so any terminal shows it.
#include "ctl/ProgressLine.h"

#include <algorithm>
#include <string>

namespace sohub::ctl {

ProgressLine::ProgressLine(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

void ProgressLine::show(long long done, long long total) {
    const int percent = total > 0 ? static_cast<int>(std::min<long long>(99, done * 100 / total)) : 0;
    draw(percent, done);
}

void ProgressLine::finish(long long done) {
    draw(100, done);
    if (terminal_) out_ << "\n";
    out_.flush();
}

void ProgressLine::draw(int percent, long long done) {
    if (terminal_) {
        const int cells = percent * 40 / 100;
        out_ << "\r[" << std::string(static_cast<std::size_t>(cells), '#') << std::string(static_cast<std::size_t>(40 - cells), '.')
             << "] " << percent << "% " << done << " records" << std::flush;
        shown_ = percent;
        return;
    }
    // Not a terminal (a log, a pipe): a line when a step of ten is reached, and the last one.
    if (shown_ >= 0 && (percent == shown_ || (percent / 10 == shown_ / 10 && percent != 100))) return;
    out_ << percent << "% " << done << " records\n" << std::flush;
    shown_ = percent;
}

}  // namespace sohub::ctl
