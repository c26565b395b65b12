// The sample reference data (samples/seed.json) as the daemon loads it, for unit tests of the domain.
#pragma once

#include "domain/Reference.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

namespace sohub::test {

// The seed goes through the real store and repository once, so a test sees what the daemon sees.
inline const ReferenceData& seedReference() {
    static const ReferenceSnapshot snapshot = [] {
        const std::string path = Poco::TemporaryFile::tempName() + ".db";
        ReferenceSnapshot loaded;
        {
            StoreSettings settings;
            settings.path = path;
            settings.readers = 1;
            Database database(settings);
            ReferenceRepository repository(database);
            Poco::FileInputStream in(std::string(SOHUB_SOURCE_DIR) + "/samples/seed.json");
            Poco::JSON::Parser parser;
            repository.seedIfEmpty(parser.parse(in).extract<Poco::JSON::Object::Ptr>());
            loaded = std::make_shared<const ReferenceData>(repository.load());
        }
        for (const std::string suffix : {"", "-wal", "-shm"})
            if (Poco::File(path + suffix).exists()) Poco::File(path + suffix).remove();
        return loaded;
    }();
    return *snapshot;
}

}  // namespace sohub::test
