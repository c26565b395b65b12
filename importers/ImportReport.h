// What the sender gets back: NAME.report.json (every record's outcome) and, for CSV, NAME.rejected.csv (the
// rejected rows as they came plus an error column), streamed from the store.
#pragma once

#include "importers/ImportStore.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>

#include <ostream>
#include <string>

namespace sohub {

// `drop`: the drop's name, empty for an upload.
void writeImportReport(std::ostream& out, Poco::Data::Session& session, const ImportRow& import, const std::string& drop);
// In the file's own charset and delimiter.
void writeRejectedRows(std::ostream& out, Poco::Data::Session& session, const ImportRow& import);
// The problems of a record's error object in one line: "customer.email: Wrong format; productData.model: ...".
std::string errorLine(const std::string& errorJson);
// The import as the imports API lists it.
Poco::JSON::Object::Ptr importSummary(const ImportRow& import, const std::string& accountName);

}  // namespace sohub
