// Versioned schema migrations, applied in order at start.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

namespace sohub {

// The store was migrated by a newer sohubd: this one refuses to start rather than misread it.
class SchemaTooNew : public Poco::RuntimeException {
public:
    explicit SchemaTooNew(const std::string& what) : Poco::RuntimeException(what) {}
};

// Applies every migration newer than the store's schema version; each in its own transaction.
// Returns the schema version the store has afterwards. Throws SchemaTooNew when the store's schema is newer than
// the last migration this binary knows.
int migrate(Poco::Data::Session& session);

// The schema version this binary migrates a store to (its last migration's).
int knownSchemaVersion();

// The store's schema version now (another daemon may have migrated it since this one started).
int storedSchemaVersion(Poco::Data::Session& session);

}  // namespace sohub
