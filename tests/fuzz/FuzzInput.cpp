// The selector byte, and the sample reference loaded once per fuzzing process into a throwaway store.
#include "FuzzInput.h"

#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

#include <memory>

namespace sohub::fuzz {

Selected select(const std::uint8_t* data, std::size_t size, unsigned variants) {
    Selected selected;
    if (size == 0) return selected;
    selected.variant = data[0] % variants;
    selected.text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    return selected;
}

ReferenceSnapshot sampleReference() {
    static const ReferenceSnapshot snapshot = [] {
        Poco::TemporaryFile folder;
        folder.createDirectories();
        StoreSettings settings;
        settings.path = folder.path() + "/fuzz.db";
        settings.readers = 1;
        ReferenceSnapshot loaded;
        {
            Database database(settings);
            ReferenceRepository repository(database);
            Poco::FileInputStream in(SOHUB_SOURCE_DIR "/samples/seed.json");
            Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
            repository.seedIfEmpty(parser.parse(in).extract<Poco::JSON::Object::Ptr>());
            ReferenceCatalog catalog(repository);
            loaded = catalog.current();
        }
        folder.remove(true);
        return loaded;
    }();
    return snapshot;
}

}  // namespace sohub::fuzz
