// A drop (drops.NAME.*): where an account's files arrive, which names are cases or messages, when a file is
// complete and what happens after; polled by the scheduler as a job of kind dropPoll.
#pragma once

#include "importers/AfterImport.h"
#include "importers/FileLocation.h"
#include "importers/ImportRun.h"
#include "importers/Readiness.h"
#include "scheduler/JobKind.h"
#include "scheduler/TimeZone.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace sohub {

class ReferenceData;

struct DropSpec {
    std::string name;
    std::string account;  // the account whose rights every record uses
    std::shared_ptr<FileLocation> source;
    std::vector<std::string> cases;     // globs of case files
    std::vector<std::string> messages;  // globs of message files
    std::string schedule = "every 5s";
    int maxFiles = 100;
    std::shared_ptr<Readiness> readiness;
    std::shared_ptr<const AfterImport> afterSuccess;
    std::string charset = "utf-8";
    bool deduplicate = true;
    std::string staging;  // local folder for downloads and reports on their way
};

// Every drops.NAME.* (their accounts checked against the reference data); throws Poco::InvalidArgumentException
// naming the key.
std::vector<DropSpec> readDrops(const Poco::Util::AbstractConfiguration& config, const ReferenceData& reference);

// Settles a finished import: its reports and the file (with its marker) into archive/<date>/ or error/, or the
// file deleted; then marks it settled. A retried settlement keeps the name chosen the first time.
class ImportSettlement {
public:
    ImportSettlement(Database& database, const TimeZone& zone, const Clock& clock)
        : database_(database), zone_(zone), clock_(clock) {}

    // With `listed`, the file is moved (or deleted) only if it is still that file once the reports are out: the check
    // and the move come one right after the other, so a file dropped again under the name while the reports were
    // written stays for a later poll. Gives whether the file was moved or deleted.
    bool settle(ImportRow& import, FileLocation& location, const std::string& name, const AfterImport& after,
                const std::optional<std::string>& companion, const std::string& staging, const std::string& drop,
                const RemoteEntry* listed = nullptr) const;
    // A finished import whose file is no longer there to move: only its reports.
    void settleWithoutFile(ImportRow& import, FileLocation& location, const std::string& staging,
                           const std::string& drop) const;
    // Ends an unfinished import whose file is gone as failed ("REASON: N of its records had been applied") and
    // settles it without the file; false, and nothing done, when a daemon other than `owner` holds it by now.
    bool abandon(ImportRow& import, const std::string& reason, FileLocation& location, const std::string& staging,
                 const std::string& drop, const std::string& owner) const;

private:
    // Writes the reports beside where the file goes (archive/<date>/ or error/) and gives that folder and the name.
    std::pair<std::string, std::string> publishReports(ImportRow& import, FileLocation& location,
                                                       const std::string& staging, const std::string& drop) const;
    void markSettled(ImportRow& import) const;

    Database& database_;
    const TimeZone zone_;  // a copy: small, and the configuration it came from moves on
    const Clock& clock_;
};

class DropPoll : public Job {
public:
    DropPoll(DropSpec spec, const ImportServices& services, const ImportSettings& settings, std::string owner,
             const TimeZone& zone);

    JobResult run(const JobContext& context) override;

private:
    enum class Outcome { Done, Failed, Duplicate, Skipped, Changing, Stopped };
    Outcome take(const RemoteEntry& file, const std::string& kind, const Account& account, const JobContext& context);
    // This drop's imports left running with no live lease.
    std::vector<ImportRow> leftBehind() const;
    std::vector<ImportRow> unsettledImports() const;
    // Ends such an import whose file has left the drop (removed, or replaced by other content), with its report.
    void abandon(ImportRow import);
    std::string kindOf(const std::string& name) const;
    // Logs once (while it stays in the drop) each file whose name matches none of the drop's globs (`matching`: the
    // names that do), so that an operator asked why a partner's cases.xlsx or orders.csv was never imported finds why.
    void noteLeftAlone(const std::vector<RemoteEntry>& entries, const std::set<std::string>& matching);

    DropSpec spec_;
    ImportServices services_;
    ImportSettings settings_;
    std::string owner_;
    ImportRun run_;
    ImportSettlement settlement_;
    std::set<std::string> leftAlone_;  // the names noteLeftAlone logged, of files still in the drop
};

}  // namespace sohub
