// The jobs endpoints (admin): GET /api/v3/jobs, GET /api/v3/jobs/history, POST /api/v3/jobs/run.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class JobBoard;
class TimeZone;

class JobHandler {
public:
    JobHandler(const JobBoard& board, const TimeZone& zone) : board_(board), zone_(zone) {}

    void registerIn(RouteTable& table) const;

    Reply list(const Call& call) const;
    Reply history(const Call& call) const;
    Reply run(const Call& call) const;

private:
    const JobBoard& board_;
    const TimeZone& zone_;
};

}  // namespace sohub
