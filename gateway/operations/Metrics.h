// Process-wide figures for GET /metrics, in Prometheus' text exposition format 0.0.4: counters and histograms with
// bounded labels, and collectors that read the rest (the store's queues, the process) when a scrape asks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sohub::metrics {

// The text of one scrape: each family's HELP and TYPE once, then its samples.
class Exposition {
public:
    void family(std::string_view name, std::string_view help, std::string_view type);
    // `labels` as label() writes them, comma-separated, without braces; empty for none.
    void sample(std::string_view name, std::string_view labels, double value);
    void sample(std::string_view name, std::string_view labels, std::uint64_t value);
    const std::string& text() const { return text_; }

private:
    void begin(std::string_view name, std::string_view labels);
    std::string text_;
};

// name="value", the value escaped as the format asks (backslash, quote, line feed).
std::string label(std::string_view name, std::string_view value);

class Counter {
public:
    void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);
    void write(Exposition& out, const std::string& name, const std::string& labels) const;

private:
    const std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, not cumulative; the last is +Inf
    std::atomic<std::uint64_t> count_{0};
    std::atomic<double> sum_{0};
};

// Seconds: from half a millisecond (a read from the cache) to ten seconds.
const std::vector<double>& latencyBuckets();

// A metric with labels: one counter per combination of label values, made on first use and kept.
class CounterFamily {
public:
    CounterFamily(std::string name, std::string help, std::vector<std::string> labels);
    Counter& with(const std::vector<std::string>& values);
    void write(Exposition& out) const;

private:
    const std::string name_, help_;
    const std::vector<std::string> labels_;
    mutable std::mutex mutex_;
    std::map<std::vector<std::string>, std::unique_ptr<Counter>> counters_;
};

class HistogramFamily {
public:
    HistogramFamily(std::string name, std::string help, std::vector<std::string> labels, std::vector<double> bounds);
    Histogram& with(const std::vector<std::string>& values);
    void write(Exposition& out) const;

private:
    const std::string name_, help_;
    const std::vector<std::string> labels_;
    const std::vector<double> bounds_;
    mutable std::mutex mutex_;
    std::map<std::vector<std::string>, std::unique_ptr<Histogram>> histograms_;
};

class Registry {
public:
    // The same name gives the same family: parts that count the same thing share it.
    CounterFamily& counter(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
    HistogramFamily& histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                               std::vector<double> bounds);
    // Figures read when scraped (gauges of the store's state, the process); returns a key for drop(), which the
    // owner calls before it goes away.
    int collect(std::function<void(Exposition&)> collector);
    void drop(int key);
    std::string expose() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<std::string, std::unique_ptr<CounterFamily>>> counters_;
    std::vector<std::pair<std::string, std::unique_ptr<HistogramFamily>>> histograms_;
    std::map<int, std::function<void(Exposition&)>> collectors_;
    int nextKey_ = 0;
};

// The process' registry (as Prometheus' client libraries have a default one).
Registry& registry();

}  // namespace sohub::metrics
