// The progress of an import: a bar redrawn in place on a terminal, a plain "NN%" line per step of ten otherwise.
#pragma once

#include <ostream>

namespace sohub::ctl {

class ProgressLine {
public:
    ProgressLine(std::ostream& out, bool terminal);
    // `done` of `total` records (total an estimate: the file's lines); shown as at most 99% until finish().
    void show(long long done, long long total);
    void finish(long long done);

private:
    void draw(int percent, long long done);

    std::ostream& out_;
    const bool terminal_;
    int shown_ = -1;
};

}  // namespace sohub::ctl
