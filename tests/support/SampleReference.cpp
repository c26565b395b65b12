// Seeds a throwaway SQLite store with samples/seed.json and reads the snapshot back.
#include "support/SampleReference.h"

#include "store/Database.h"
#include "store/ReferenceRepository.h"
#include "support/ScratchFolder.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>

namespace sohub::test {

ReferenceSnapshot sampleReference() {
    static const ReferenceSnapshot snapshot = [] {
        ScratchFolder folder;
        ReferenceSnapshot loaded;
        {
            StoreSettings settings;
            settings.path = Poco::Path(folder.path(), "reference.db").toString();
            settings.readers = 1;
            Database database(settings);
            ReferenceRepository repository(database);
            Poco::FileInputStream in(std::string(SOHUB_SOURCE_DIR) + "/samples/seed.json");
            Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
            repository.seedIfEmpty(parser.parse(in).extract<Poco::JSON::Object::Ptr>());
            loaded = std::make_shared<const ReferenceData>(repository.load());
        }
        return loaded;  // the ScratchFolder removes the folder
    }();
    return snapshot;
}

}  // namespace sohub::test
