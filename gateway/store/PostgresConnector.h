// Poco's PostgreSQL connector with the store's portable SQL: its statements take `?` placeholders (translated to
// PostgreSQL's `$n`), so every repository runs unchanged on both engines.
#pragma once

#include <libpq-fe.h>

#include <Poco/Data/Session.h>

namespace sohub {

// Registers the connector under postgresConnectorName (once; later calls do nothing).
void registerPostgresConnector();

// The libpq connection behind a session of that connector.
PGconn* postgresConnection(Poco::Data::Session& session);

}  // namespace sohub
