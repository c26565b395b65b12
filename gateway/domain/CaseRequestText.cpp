// A booking's logged request stored without the case data it shares with the case it created, put back when read.
#include "domain/CaseRequestText.h"

#include <Poco/Exception.h>

#include <algorithm>

namespace sohub::CaseRequestText {
namespace {

constexpr char mark = '\x01';

const std::string* columnText(const CaseDataTexts& data, char code) {
    switch (code) {
        case '1': return &data.orderData;
        case '2': return &data.productData;
        case '3': return &data.customer;
        case '4': return data.consumer ? &*data.consumer : nullptr;
        case '5': return data.pickupDst ? &*data.pickupDst : nullptr;
        case '6': return data.returnDst ? &*data.returnDst : nullptr;
        default: return nullptr;
    }
}

}  // namespace

std::string withoutCaseData(const std::string& request, std::vector<Cut> cuts) {
    std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.offset < b.offset; });
    std::string stored(1, mark);
    stored.reserve(request.size() / 3);
    std::size_t from = 0;
    for (const Cut& cut : cuts) {
        if (cut.offset < from || cut.offset + cut.length > request.size()) continue;  // overlapping: kept as text
        stored.append(request, from, cut.offset - from);
        stored += mark;
        stored += static_cast<char>('0' + static_cast<int>(cut.column));
        from = cut.offset + cut.length;
    }
    stored.append(request, from, std::string::npos);
    return stored;
}

bool refersToCase(const std::string& stored) { return !stored.empty() && stored.front() == mark; }

std::string withCaseData(const std::string& stored, const CaseDataTexts& data) {
    std::string request;
    request.reserve(stored.size() + data.orderData.size() + data.productData.size() + data.customer.size() + 512);
    std::size_t at = 1;
    for (;;) {
        const std::size_t next = stored.find(mark, at);
        request.append(stored, at, next == std::string::npos ? std::string::npos : next - at);
        if (next == std::string::npos) return request;
        const char code = next + 1 < stored.size() ? stored[next + 1] : '\0';
        const std::string* text = columnText(data, code);
        if (!text)
            throw Poco::DataException("A logged request refers to a data object its case does not have",
                                      std::string(1, code));
        request += *text;
        at = next + 2;
    }
}

}  // namespace sohub::CaseRequestText
