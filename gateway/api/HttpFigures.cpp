// Status codes 100-599 each have a slot per route: exact codes in the labels, without a map or a lock per request.
#include "api/HttpFigures.h"

#include "operations/Metrics.h"

#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <array>
#include <cstdio>

namespace sohub {

struct HttpFigures::RouteFigures {
    RouteFigures() : latency(metrics::latencyBuckets()) {
        for (auto& count : byStatus) count.store(0, std::memory_order_relaxed);
    }
    std::array<std::atomic<std::uint64_t>, 500> byStatus;  // status - 100
    metrics::Histogram latency;
};

HttpFigures::HttpFigures(const RouteTable& routes) : routes_(routes) {
    for (std::size_t i = 0; i <= routes.size(); ++i) figures_.push_back(std::make_unique<RouteFigures>());
    collector_ = metrics::registry().collect([this](metrics::Exposition& out) {
        const auto labelsOf = [this](std::size_t i) {
            if (i == routes_.size()) return metrics::label("method", "") + "," + metrics::label("route", "unmatched");
            const Route& route = routes_.at(i);
            return metrics::label("method", route.method) + "," + metrics::label("route", route.path);
        };
        out.family("sohub_http_requests_total", "HTTP requests answered, by route and status", "counter");
        for (std::size_t i = 0; i < figures_.size(); ++i) {
            const std::string labels = labelsOf(i);
            for (std::size_t s = 0; s < figures_[i]->byStatus.size(); ++s) {
                const std::uint64_t count = figures_[i]->byStatus[s].load(std::memory_order_relaxed);
                if (count > 0) out.sample("sohub_http_requests_total", labels + "," + metrics::label("status", std::to_string(s + 100)), count);
            }
        }
        out.family("sohub_http_request_duration_seconds", "Time from the request head to the answer sent, by route",
                   "histogram");
        for (std::size_t i = 0; i < figures_.size(); ++i) {
            bool used = false;
            for (const auto& count : figures_[i]->byStatus) used = used || count.load(std::memory_order_relaxed) > 0;
            if (used) figures_[i]->latency.write(out, "sohub_http_request_duration_seconds", labelsOf(i));
        }
    });
}

HttpFigures::~HttpFigures() { metrics::registry().drop(collector_); }

void HttpFigures::record(const Route* route, int status, double seconds) {
    RouteFigures& figures = *figures_[route ? route->index : routes_.size()];
    if (status < 100 || status > 599) status = 500;
    figures.byStatus[static_cast<std::size_t>(status - 100)].fetch_add(1, std::memory_order_relaxed);
    figures.latency.observe(seconds);
}

AccessLog::AccessLog() : logger_(Poco::Logger::get("sohub.access")) {}

void AccessLog::record(const std::string& method, const Route* route, int status, double seconds, std::int64_t bytes,
                       int accountId) const {
    if (!logger_.information()) return;
    Poco::Message line(logger_.name(), "", Poco::Message::PRIO_INFORMATION);
    const std::string routeText = route ? route->path : "unmatched";
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.3f", seconds * 1000);
    line.setText(method + " " + routeText + " " + std::to_string(status) + " " + ms + " ms " +
                 std::to_string(bytes) + " bytes account " + (accountId ? std::to_string(accountId) : "-"));
    // Named parameters: the JSON log format writes them as fields of their own.
    line["method"] = method;
    line["route"] = routeText;
    line["status"] = std::to_string(status);
    line["durationMs"] = ms;
    line["bytes"] = std::to_string(bytes);
    if (accountId) line["account"] = std::to_string(accountId);
    logger_.log(line);
}

}  // namespace sohub
