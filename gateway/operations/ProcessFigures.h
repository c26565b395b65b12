// The process figures of /metrics, under the names Prometheus' client libraries use (process_*), read from /proc.
#pragma once

namespace sohub::metrics {

class Exposition;

void writeProcessFigures(Exposition& out);

}  // namespace sohub::metrics
