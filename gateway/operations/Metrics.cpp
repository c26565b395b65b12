// Lock-free counting on the hot paths (atomics); locks only where a family makes a new label combination or a scrape
// reads them.
#include "operations/Metrics.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace sohub::metrics {
namespace {

std::string number(double value) {
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (std::isnan(value)) return "NaN";
    char text[32];
    const auto written = std::to_chars(text, text + sizeof text, value);  // the shortest text that reads back exact
    return std::string(text, written.ptr);
}

std::string labelsOf(const std::vector<std::string>& names, const std::vector<std::string>& values) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + label(names[i], values[i]);
    return out;
}

void checkArity(const std::string& name, const std::vector<std::string>& labels, const std::vector<std::string>& values) {
    if (labels.size() != values.size())
        throw std::invalid_argument("metric " + name + " takes " + std::to_string(labels.size()) + " label values");
}

}  // namespace

void Exposition::family(std::string_view name, std::string_view help, std::string_view type) {
    text_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    text_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Exposition::begin(std::string_view name, std::string_view labels) {
    text_.append(name);
    if (!labels.empty()) text_.append("{").append(labels).append("}");
    text_ += ' ';
}

void Exposition::sample(std::string_view name, std::string_view labels, double value) {
    begin(name, labels);
    text_.append(number(value)).append("\n");
}

void Exposition::sample(std::string_view name, std::string_view labels, std::uint64_t value) {
    begin(name, labels);
    text_.append(std::to_string(value)).append("\n");
}

std::string label(std::string_view name, std::string_view value) {
    std::string out(name);
    out += "=\"";
    for (const char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    out += '"';
    return out;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
    for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) {
    std::size_t i = 0;
    while (i < bounds_.size() && value > bounds_[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    double sum = sum_.load(std::memory_order_relaxed);
    while (!sum_.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) {
    }
}

void Histogram::write(Exposition& out, const std::string& name, const std::string& labels) const {
    const std::string prefix = labels.empty() ? std::string() : labels + ",";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        const std::string le = i < bounds_.size() ? number(bounds_[i]) : "+Inf";
        out.sample(name + "_bucket", prefix + label("le", le), cumulative);
    }
    out.sample(name + "_sum", labels, sum_.load(std::memory_order_relaxed));
    // The count is the +Inf bucket's, so a scrape during an observation never shows them apart.
    out.sample(name + "_count", labels, cumulative);
}

const std::vector<double>& latencyBuckets() {
    static const std::vector<double> bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1,     2.5,  5,     10};
    return bounds;
}

CounterFamily::CounterFamily(std::string name, std::string help, std::vector<std::string> labels)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {}

Counter& CounterFamily::with(const std::vector<std::string>& values) {
    checkArity(name_, labels_, values);
    const std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<Counter>& counter = counters_[values];
    if (!counter) counter = std::make_unique<Counter>();
    return *counter;
}

void CounterFamily::write(Exposition& out) const {
    out.family(name_, help_, "counter");
    const std::lock_guard<std::mutex> lock(mutex_);
    if (labels_.empty() && counters_.empty()) out.sample(name_, "", std::uint64_t{0});
    for (const auto& [values, counter] : counters_) out.sample(name_, labelsOf(labels_, values), counter->value());
}

HistogramFamily::HistogramFamily(std::string name, std::string help, std::vector<std::string> labels,
                                 std::vector<double> bounds)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)), bounds_(std::move(bounds)) {}

Histogram& HistogramFamily::with(const std::vector<std::string>& values) {
    checkArity(name_, labels_, values);
    const std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<Histogram>& histogram = histograms_[values];
    if (!histogram) histogram = std::make_unique<Histogram>(bounds_);
    return *histogram;
}

void HistogramFamily::write(Exposition& out) const {
    out.family(name_, help_, "histogram");
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [values, histogram] : histograms_) histogram->write(out, name_, labelsOf(labels_, values));
}

CounterFamily& Registry::counter(const std::string& name, const std::string& help, std::vector<std::string> labels) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [known, family] : counters_)
        if (known == name) return *family;
    counters_.emplace_back(name, std::make_unique<CounterFamily>(name, help, std::move(labels)));
    return *counters_.back().second;
}

HistogramFamily& Registry::histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                                     std::vector<double> bounds) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [known, family] : histograms_)
        if (known == name) return *family;
    histograms_.emplace_back(name, std::make_unique<HistogramFamily>(name, help, std::move(labels), std::move(bounds)));
    return *histograms_.back().second;
}

int Registry::collect(std::function<void(Exposition&)> collector) {
    const std::lock_guard<std::mutex> lock(mutex_);
    collectors_.emplace(++nextKey_, std::move(collector));
    return nextKey_;
}

void Registry::drop(int key) {
    const std::lock_guard<std::mutex> lock(mutex_);
    collectors_.erase(key);
}

std::string Registry::expose() const {
    Exposition out;
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& entry : counters_) entry.second->write(out);
    for (const auto& entry : histograms_) entry.second->write(out);
    for (const auto& entry : collectors_) entry.second(out);
    return out.text();
}

Registry& registry() {
    static Registry instance;
    return instance;
}

}  // namespace sohub::metrics
