// Uploads: hashed while they stream to a hidden temporary file, renamed once whole, then one change queues them.
#include "importers/ImportBoard.h"

#include "domain/Caller.h"
#include "domain/Clock.h"
#include "domain/Guid.h"
#include "domain/HubError.h"
#include "domain/Reference.h"
#include "importers/DecodedText.h"
#include "importers/FileLocation.h"
#include "importers/ImportReport.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/Ascii.h>
#include <Poco/DigestEngine.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/Path.h>
#include <Poco/Crypto/DigestEngine.h>
#include <Poco/String.h>

#include <sstream>

namespace sohub {
namespace {

// The format a media type names; empty: tell by the first character.
std::string formatOf(const Poco::Net::MediaType& type) {
    const std::string sub = Poco::toLower(type.getSubType());
    if (sub == "csv") return "csv";
    if (sub == "x-ndjson" || sub == "ndjson" || sub == "jsonl" || sub == "x-jsonlines") return "ndjson";
    return "";
}

}  // namespace

std::string leafName(const std::string& name) {
    // Either slash: a browser on Windows may send the whole path (C:\Users\...\cases.csv).
    std::string leaf = name;
    if (const std::size_t slash = leaf.find_last_of("\\/"); slash != std::string::npos) leaf.erase(0, slash + 1);
    // A NUL cut the name wherever a file call met it ("x\0y.csv" was archived as "x"); a line break split log lines.
    for (char& c : leaf)
        if (Poco::Ascii::hasProperties(c, Poco::Ascii::ACP_CONTROL)) c = '_';
    while (!leaf.empty() && leaf[0] == '.') leaf.erase(0, 1);  // never a hidden name in the uploads folder
    // Room under the 255 bytes a file name may have for what the hub adds in its folders (the staging guid before
    // it; a numeric suffix and ".report.json" after it): a 300-byte name was a 500 when its staged file was made.
    return shortenedName(leaf, 180);
}

ImportBoard::ImportBoard(Database& database, const ReferenceCatalog& catalog, const ImportSettings& settings,
                         std::string uploads, const Clock& clock)
    : database_(database), catalog_(catalog), settings_(settings), uploads_(std::move(uploads)), clock_(clock) {}

ImportRow ImportBoard::upload(const Account& account, const std::string& kind, std::istream& body,
                              const std::string& contentType, std::string fileName,
                              const std::function<void()>& requireWhole) const {
    const Poco::Net::MediaType bodyType(contentType.empty() ? "application/octet-stream" : contentType);
    if (!bodyType.matches("multipart", "form-data"))
        return stage(account, kind, body, bodyType, std::move(fileName), requireWhole);
    // As a form sends a file (curl -F, an HTTP library's file upload): the first part that is a file is the file,
    // read as it streams, its media type and name taken from the part (a fileName in the query wins).
    if (!bodyType.hasParameter("boundary")) throw HubError::invalid("A multipart/form-data body needs a boundary");
    Poco::Net::MultipartReader parts(body, bodyType.getParameter("boundary"));
    try {
        while (parts.hasNextPart()) {
            Poco::Net::MessageHeader header;
            parts.nextPart(header);
            std::string disposition;
            Poco::Net::NameValueCollection parameters;
            Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, parameters);
            if (!parameters.has("filename")) {
                Poco::NullOutputStream skipped;
                Poco::StreamCopier::copyStream(parts.stream(), skipped);  // a form field, not the file
                continue;
            }
            if (fileName.empty()) fileName = leafName(parameters.get("filename"));
            // The part ends at a boundary, else the body was cut off inside it: never a file taken whole that is not.
            // (The reader reads the body's buffer directly: the body's end shows there, not in the stream's state.)
            const auto requireClosingBoundary = [&] {
                const auto* part = dynamic_cast<const Poco::Net::MultipartInputStream*>(&parts.stream());
                if ((part && part->lastPart()) || body.rdbuf()->sgetc() != std::char_traits<char>::eof()) return;
                throw HubError::invalid("The multipart/form-data body ends inside its file part (no closing boundary)");
            };
            return stage(account, kind, parts.stream(),
                         Poco::Net::MediaType(header.get("Content-Type", "application/octet-stream")), std::move(fileName),
                         requireClosingBoundary);
        }
    } catch (const Poco::Net::MultipartException& broken) {
        throw HubError::invalid(std::string("The multipart/form-data body is malformed: ") + broken.message());
    }
    throw HubError::invalid("The multipart/form-data body has no file part (a part with a filename)");
}

ImportRow ImportBoard::stage(const Account& account, const std::string& kind, std::istream& body,
                             const Poco::Net::MediaType& type, std::string fileName,
                             const std::function<void()>& requireWhole) const {
    std::string charset = type.hasParameter("charset") ? type.getParameter("charset") : std::string("utf-8");
    if (!DecodedText::known(charset))
        throw HubError::unsupportedMedia("The charset " + charset + " is not read: utf-8, windows-1252 or iso-8859-1");
    charset = Poco::toLower(charset);

    Poco::File(uploads_).createDirectories();
    const std::string guid = newGuid();
    const std::string partial = Poco::Path(uploads_, "." + guid + ".part").toString();
    Poco::Crypto::DigestEngine digest("SHA256");  // OpenSSL: several times faster than Poco::SHA2Engine
    Poco::Int64 bytes = 0;
    char first = 0;
    try {
        Poco::FileOutputStream out(partial, std::ios::out | std::ios::trunc | std::ios::binary);
        char buffer[65536];
        while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
            const std::streamsize size = body.gcount();
            bytes += size;
            if (bytes > settings_.maxUploadBytes)
                throw HubError::tooLarge("Request body too large: imports.maxUploadBytes is " +
                                         std::to_string(settings_.maxUploadBytes) + " bytes");
            for (std::streamsize i = 0; i < size && !first; ++i)
                if (buffer[i] != ' ' && buffer[i] != '\t' && buffer[i] != '\r' && buffer[i] != '\n' &&
                    static_cast<unsigned char>(buffer[i]) != 0xEF && static_cast<unsigned char>(buffer[i]) != 0xBB &&
                    static_cast<unsigned char>(buffer[i]) != 0xBF)
                    first = buffer[i];
            digest.update(buffer, static_cast<std::size_t>(size));
            out.write(buffer, size);
        }
        if (requireWhole) requireWhole();
        out.close();
        if (!out) throw Poco::WriteFileException(partial);
    } catch (...) {
        Poco::File(partial).remove();
        throw;
    }
    // The media type, else the name's extension, else the first character tells the format; a name made here
    // follows the format, so that a CSV sent as text/plain is not named (and read) as JSON.
    std::string format = formatOf(type);
    if (format.empty()) format = recordFormatOf(fileName, first);
    if (fileName.empty()) fileName = kind + "-upload." + format;
    const std::string staged = Poco::Path(uploads_, guid + "-" + fileName).toString();
    // On disk before the upload is queued: a 202 promises the file, and a power loss must not take it back.
    try {
        finishFileAtomically(partial, staged);
    } catch (...) {
        if (Poco::File(partial).exists()) Poco::File(partial).remove();
        throw;
    }

    ImportRow row;
    row.origin = "upload:" + account.name;
    row.accountId = account.id;
    row.fileName = fileName;
    row.kind = kind;
    row.format = format;
    row.sha256 = Poco::DigestEngine::digestToHex(digest.digest());
    row.bytes = bytes;
    row.charset = charset;
    row.stagedPath = staged;
    try {
        database_.write([&](Poco::Data::Session& session) {
            const std::optional<ImportRow> original = ImportStore::original(session, row.origin, row.sha256);
            if (original && original->cutShort && original->kind == row.kind) {
                // Its file went away before its end: this upload is the rest of it, applied after what it applied.
                ImportRow resumed = *original;
                if (ImportStore::resume(session, resumed, row.fileName, row.stagedPath, std::nullopt)) {
                    row = std::move(resumed);
                    return;
                }
            }
            row.status = original ? "duplicate" : "queued";
            if (original) {
                row.duplicateOf = original->id;
                row.startedAt = row.finishedAt = clock_.now();
            }
            ImportStore::create(session, row);
        });
    } catch (...) {
        Poco::File(staged).remove();
        throw;
    }
    return row;
}

ImportPage ImportBoard::list(const Account& caller, const ImportQuery& asked) const {
    ImportQuery query = asked;
    query.accountId = ownAccountScope(caller);
    ImportPage page;
    ReadLease read = database_.read();
    page.imports = ImportStore::list(read.session(), query);
    page.total = ImportStore::count(read.session(), query);
    return page;
}

ImportRow ImportBoard::visible(const Account& caller, Poco::Int64 id) const {
    std::optional<ImportRow> found;
    {
        ReadLease read = database_.read();
        found = ImportStore::byId(read.session(), id);
    }
    if (!found) throw HubError::notFound("Import not found");
    if (!mayOpenRecordOf(caller, found->accountId)) throw HubError::noAccess();
    return *found;
}

std::string ImportBoard::report(const ImportRow& import) const {
    std::ostringstream out;
    const bool upload = import.origin.rfind("upload:", 0) == 0;
    ReadLease read = database_.read();
    writeImportReport(out, read.session(), import, upload ? "" : import.origin.substr(import.origin.find(':') + 1));
    return out.str();
}

std::string ImportBoard::rejectedRows(const ImportRow& import) const {
    if (import.format != "csv" || !import.csvHeader)
        throw HubError::notFound("No rejected rows file: the import is not a CSV file (its report lists every record)");
    std::ostringstream out;
    ReadLease read = database_.read();
    writeRejectedRows(out, read.session(), import);
    return out.str();
}

std::string ImportBoard::accountName(int accountId) const {
    const Account* account = catalog_.current()->account(accountId);
    return account ? account->name : "";
}

}  // namespace sohub
