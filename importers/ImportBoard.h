// Hub service for the imports API: an upload streamed to disk and queued, the imports a caller may see, their
// reports and rejected rows.
#pragma once

#include "importers/ImportRun.h"
#include "importers/ImportStore.h"

#include <functional>
#include <istream>
#include <memory>
#include <string>

namespace Poco::Net {
class MediaType;
}

namespace sohub {

class FileLocation;

// A file name as a sender gave it (a query parameter, a form's filename), made a plain name for the uploads folder:
// its last segment after either slash, without leading dots, control characters as '_', and at most 180 bytes (a
// longer one keeps its extension and loses the end of its stem).
std::string leafName(const std::string& name);

struct ImportPage {
    std::vector<ImportRow> imports;
    int total = 0;
};

class ImportBoard {
public:
    // `uploads`: the folder uploads are streamed into and archived under (${data.dir}/uploads).
    ImportBoard(Database& database, const ReferenceCatalog& catalog, const ImportSettings& settings, std::string uploads,
                const Clock& clock);

    // Streams the body to the uploads folder (at most imports.maxUploadBytes, else HubError too large) and queues
    // it; the same content uploaded again by the account is queued as a duplicate of the first. An empty fileName
    // is named for the kind and the format found (`cases-upload.csv`). A multipart/form-data body (a form's file
    // upload) gives its first file part, with that part's media type and, when fileName is empty, its filename.
    // `requireWhole`, called at the end of a body that is the file, throws when the body did not arrive whole (nothing
    // is kept then); a form's file part must end at its boundary.
    ImportRow upload(const Account& account, const std::string& kind, std::istream& body, const std::string& contentType,
                     std::string fileName, const std::function<void()>& requireWhole = nullptr) const;
    ImportPage list(const Account& caller, const ImportQuery& query) const;
    // HubError not found, or no access for another account's import (admins see all).
    ImportRow visible(const Account& caller, Poco::Int64 id) const;
    std::string report(const ImportRow& import) const;
    std::string rejectedRows(const ImportRow& import) const;
    std::string accountName(int accountId) const;

private:
    // `requireWhole`, when given, is called after the body's end and throws HubError invalid when it did not come
    // whole (nothing is kept then).
    ImportRow stage(const Account& account, const std::string& kind, std::istream& body, const Poco::Net::MediaType& type,
                    std::string fileName, const std::function<void()>& requireWhole) const;

    Database& database_;
    const ReferenceCatalog& catalog_;
    const ImportSettings settings_;
    const std::string uploads_;
    const Clock& clock_;
};

}  // namespace sohub
