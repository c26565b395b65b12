// Versioned schema migrations, applied in order at start.
#pragma once

#include <Poco/Data/Session.h>

namespace sohub {

// Applies every migration newer than the store's schema version; each in its own transaction.
// Returns the schema version the store has afterwards.
int migrate(Poco::Data::Session& session);

}  // namespace sohub
