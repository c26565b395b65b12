// Reads the reference data from the store into a snapshot, and seeds an empty store from a JSON document.
#pragma once

#include "domain/Reference.h"
#include "store/Database.h"

#include <Poco/JSON/Object.h>

#include <memory>
#include <mutex>

namespace sohub {

class ReferenceRepository {
public:
    explicit ReferenceRepository(Database& database) : database_(database) {}

    ReferenceContent load();
    // The store's reference counter: it grows with every change to what load() reads (triggers count them).
    Poco::Int64 version();

    // Loads the seed document (the samples' format, see samples/seed.json) when the store has no accounts yet.
    // Returns true when it seeded.
    bool seedIfEmpty(const Poco::JSON::Object::Ptr& seed);

private:
    Database& database_;
};

// The current snapshot, swapped atomically on reload; readers keep the one they took.
class ReferenceCatalog {
public:
    explicit ReferenceCatalog(ReferenceRepository& repository);
    ReferenceSnapshot current() const;
    void reload();
    // Reloads when the store's reference counter moved since the last load (another daemon or an operator changed
    // accounts or reference data); true when it did.
    bool refresh();

private:
    // Loads the snapshot as of `version`, the counter read before the load.
    void loadAt(Poco::Int64 version);

    ReferenceRepository& repository_;
    std::mutex reloading_;  // one reload at a time
    mutable std::mutex mutex_;
    ReferenceSnapshot snapshot_;
    Poco::Int64 version_ = 0;  // the counter read before the snapshot's load
};

std::string hashToken(const std::string& token);

}  // namespace sohub
