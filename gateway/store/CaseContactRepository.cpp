// customer and consumer are JSON columns of the cases table.
#include "store/CaseContactRepository.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>
#include <Poco/Tuple.h>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {
Poco::JSON::Object::Ptr parseObject(const Poco::Nullable<std::string>& text) {
    if (text.isNull() || text.value().empty()) return nullptr;
    try {
        Poco::JSON::Parser parser;
        const Poco::Dynamic::Var value = parser.parse(text.value());
        if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
    }
    return nullptr;
}
}  // namespace

CaseContacts CaseContactRepository::byCase(Poco::Data::Session& session, Poco::Int64 caseId) {
    std::vector<Poco::Tuple<Poco::Nullable<std::string>, Poco::Nullable<std::string>>> rows;
    Poco::Int64 key = caseId;
    session << "SELECT customer, consumer FROM cases WHERE id = ?", use(key), into(rows), now;
    if (rows.empty()) return {};
    return CaseContacts{parseObject(rows.front().get<0>()), parseObject(rows.front().get<1>())};
}

}  // namespace sohub
