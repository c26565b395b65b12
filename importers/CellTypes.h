// What a CSV cell becomes in the record's body: typed by the field it lands in, as the Booking and Messages
// documents declare it, or by a `:number`/`:boolean`/`:string` suffix on its header.
#pragma once

#include "importers/RecordReader.h"

#include <Poco/Dynamic/Var.h>

#include <string>
#include <vector>

namespace sohub {

enum class CellType { Text, Integer, IntegerOrText, Decimal, Boolean };

struct Column {
    std::string header;              // as it came
    std::vector<std::string> path;   // the dotted path in the body, without the type suffix
    CellType type = CellType::Text;
    bool known = false;              // its first segment is a field of the kind's body
    bool declaredFreeField = false;  // a free field typed by its header's suffix: a cell not of the type is refused
};

// Reads one header cell: "orderData.partnerSpecific.acme.acmeUniqueFloatProperty:number".
Column columnOf(RecordKind kind, const std::string& header);

// Sets `into` to the cell as its column's type; a cell that is not of that type stays text, so that validation names
// the problem ("Must be a number") exactly as the API would. The value goes into the one `into` holds when that is of
// the same type (a refilled row's cells allocate nothing then).
void assignTypedCell(const Column& column, const std::string& cell, Poco::Dynamic::Var& into);

// The API's problem for a cell of a declared free field that assignTypedCell left as text ("Must be a number"), else
// null.
const char* declaredTypeProblem(const Column& column, const Poco::Dynamic::Var& typed);

}  // namespace sohub
