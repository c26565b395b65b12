// Puts cases straight into a store (for tests that need cases before or beside case/create).
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <string>

namespace sohub::test {

struct SeededCase {
    Poco::Int64 id = 0;
    std::string guid;
};

// Inserts a case of the given partner (account) routed to the provider; customer and consumer are JSON texts
// (consumer may be empty). Works beside a running daemon (WAL store).
SeededCase seedCase(Poco::Data::Session& store, int partnerId, int accountId, int providerId,
                    const std::string& customer = R"({"type":0,"firstName":"Anna","lastName":"Berg","email":"anna@example.com"})",
                    const std::string& consumer = "");
// The same into an SQLite store file.
SeededCase seedCase(const std::string& databaseFile, int partnerId, int accountId, int providerId,
                    const std::string& customer = R"({"type":0,"firstName":"Anna","lastName":"Berg","email":"anna@example.com"})",
                    const std::string& consumer = "");

}  // namespace sohub::test
