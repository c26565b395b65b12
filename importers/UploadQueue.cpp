// The uploads folder is a drop the API fills: claim, apply, settle into its archive/ or error/.
#include "importers/UploadQueue.h"

#include "domain/Clock.h"
#include "domain/Guid.h"
#include "domain/Reference.h"
#include "importers/FileLocation.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>

#include <set>
#include <string_view>

namespace sohub {

UploadQueue::UploadQueue(const ImportServices& services, const ImportSettings& settings, std::string owner,
                         const TimeZone& zone, std::string uploads)
    : services_(services),
      settings_(settings),
      owner_(std::move(owner)),
      run_(services_, settings_, owner_),
      settlement_(services_.database, zone, services_.clock),
      uploads_(uploads),
      staging_(Poco::Path(Poco::Path(uploads + "/"), Poco::Path(".reports/")).toString()) {}

JobResult UploadQueue::run(const JobContext& context) {
    std::vector<ImportRow> waiting;
    {
        ReadLease read = services_.database.read();
        waiting = ImportStore::unsettledUploads(read.session());
    }
    int applied = 0;
    for (ImportRow& import : waiting) {
        if (context.stopRequested()) return JobResult{false, "stopped between uploads"};
        const ReferenceSnapshot reference = services_.catalog.current();
        const Account* account = reference->account(import.accountId);
        if (!import.stagedPath || !account) continue;
        if (!Poco::File(*import.stagedPath).exists()) {
            // Removed from the uploads folder by hand: it can never be applied or moved, and must not hold up the rest.
            settleMissing(import);
            continue;
        }
        if (import.status == "queued" || import.status == "running") {
            const Poco::Timestamp now = services_.clock.now();
            bool claimed = false;
            services_.database.write([&](Poco::Data::Session& session) {
                claimed = ImportStore::claim(session, import.id, LeaseTerms{owner_, now, now + Poco::Timespan(settings_.leaseSeconds, 0)});
            });
            if (!claimed) continue;  // another daemon has it
            Poco::Logger::get("sohub.import").information("Import %Ld: took upload %s of %s (%s, %Ld bytes)", import.id,
                                                          import.fileName, account->name, import.kind, import.bytes);
            try {
                if (!run_.apply(import, *import.stagedPath, *account, true, &context))
                    return JobResult{false, "stopped inside an upload; it resumes at its next chunk"};
            } catch (const Poco::FileNotFoundException&) {
                // Taken away between the look above and its reading: ended now, and the uploads after it go on.
                settleMissing(import);
                continue;
            }
            ++applied;
        }
        {
            ReadLease read = services_.database.read();
            import = *ImportStore::byId(read.session(), import.id);
        }
        settlement_.settle(import, uploads_, Poco::Path(*import.stagedPath).getFileName(), archive_, std::nullopt, staging_, "");
        Poco::Logger::get("sohub.import").information(
            "Import %Ld: upload %s of %s %s: %Ld records, %Ld created, %Ld rejected, %Ld duplicates", import.id,
            import.fileName, account->name, import.status, import.records, import.created, import.rejected, import.duplicates);
    }
    clearOrphans(waiting);
    if (waiting.empty()) return JobResult{true, "no uploads", true};
    return JobResult{true, std::to_string(waiting.size()) + " uploads, " + std::to_string(applied) + " applied"};
}

void UploadQueue::clearOrphans(const std::vector<ImportRow>& waiting) const {
    // ImportBoard names what it stages by a GUID: `.GUID.part` while the body streams, `GUID-NAME` once it is whole.
    std::set<std::string> queued;
    for (const ImportRow& import : waiting)
        if (import.stagedPath) queued.insert(Poco::Path(*import.stagedPath).getFileName());
    const Poco::Timestamp before = services_.clock.now() - orphanAge;
    const std::string folder = uploads_.describe();
    if (!Poco::File(folder).exists()) return;
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        const std::string name = it.name();
        const bool partial =
            name.size() == 42 && startsAndEnds(name, ".", ".part") && isGuidShape(std::string_view(name).substr(1, 36));
        const bool staged = name.size() > 37 && name[36] == '-' && isGuidShape(std::string_view(name).substr(0, 36)) && !queued.count(name);
        if (!partial && !staged) continue;
        try {
            if (!it->isFile() || it->getLastModified() >= before) continue;
            it->remove();
            Poco::Logger::get("sohub.import")
                .warning("Uploads: removed %s, an upload never queued (its request broke off before it was)", name);
        } catch (const Poco::FileNotFoundException&) {
            // queued and taken away meanwhile
        }
    }
}

void UploadQueue::settleMissing(ImportRow& import) {
    if (import.status == "queued" || import.status == "running") {
        if (settlement_.abandon(import, "The uploaded file is no longer in the uploads folder", uploads_, staging_, "",
                                owner_))
            Poco::Logger::get("sohub.import").warning("Import %Ld: upload %s failed: %s", import.id, import.fileName,
                                                      import.error.value_or(""));
        return;
    }
    settlement_.settleWithoutFile(import, uploads_, staging_, "");
}

}  // namespace sohub
