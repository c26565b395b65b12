// A booking's logged request stored without the case data it shares with the case it created, put back when read.
#pragma once

#include "domain/CaseView.h"

#include <cstddef>
#include <string>
#include <vector>

namespace sohub::CaseRequestText {

// One of the case's data objects within the request text, which the case stores as that same text.
enum class DataColumn { OrderData = 1, ProductData, Customer, Consumer, PickupDst, ReturnDst };
struct Cut {
    std::size_t offset = 0, length = 0;
    DataColumn column = DataColumn::OrderData;
};

// The request text as stored: each cut replaced by a reference to its column. A record of a dropped file is written
// once for both its case and its logged request (CaseDataTexts takes the case's data objects from the request's
// text), so an imported case stored its data objects twice; they are most of its bytes. The form starts and refers
// with a control byte (1), which JSON text never holds raw: a request logged whole is never taken for one.
std::string withoutCaseData(const std::string& request, std::vector<Cut> cuts);

// True for a text withoutCaseData made.
bool refersToCase(const std::string& stored);

// The request text again, each reference replaced by its column of the case: the bytes withoutCaseData was given,
// since a case's data is never changed once stored. Throws Poco::DataException when a referred column is missing.
std::string withCaseData(const std::string& stored, const CaseDataTexts& data);

}  // namespace sohub::CaseRequestText
