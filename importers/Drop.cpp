// The poll of a drop: list, pick the complete files, claim each by content hash, apply, settle, one file at a time.
#include "importers/Drop.h"

#include "domain/Clock.h"
#include "domain/Json.h"
#include "domain/Reference.h"
#include "domain/Secret.h"
#include "importers/DecodedText.h"
#include "importers/ImportReport.h"
#include "importers/PinnedFile.h"
#include "importers/SftpLocation.h"
#include "domain/ConfigKeys.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Glob.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <set>

namespace sohub {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("sohub.import"); }

// What Poco::Glob throws on only when a name reaches it: an open [ or a trailing \ made every poll of the drop fail.
std::string globProblem(const std::string& glob) {
    if (glob.find('/') != std::string::npos) return "has a /: a glob names files in the drop's folder, not a path";
    for (std::size_t at = 0; at < glob.size(); ++at) {
        if (glob[at] == '\\') {
            if (++at == glob.size()) return "ends with a \\ that escapes nothing";
            continue;
        }
        if (glob[at] != '[') continue;
        std::size_t end = at + 1;
        while (end < glob.size() && glob[end] != ']') end += glob[end] == '\\' ? 2 : 1;
        if (end >= glob.size()) return "has a [ without its ]";
        at = end;
    }
    return "";
}

std::vector<std::string> globsOf(const std::string& key, const std::string& text) {
    std::vector<std::string> globs;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& token : tokens) {
        const std::string problem = globProblem(token);
        if (!problem.empty()) failKey(key, "'" + token + "' " + problem);
        globs.push_back(token);
    }
    return globs;
}

// "cases-0412.csv" -> "cases-0412.1.csv": a later file of the same name never overwrites an earlier one.
std::string numbered(const std::string& name, int n) {
    if (n == 0) return name;
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return name + "." + std::to_string(n);
    return name.substr(0, dot) + "." + std::to_string(n) + name.substr(dot);
}

}  // namespace

std::vector<DropSpec> readDrops(const Poco::Util::AbstractConfiguration& config, const ReferenceData& reference) {
    Poco::Util::AbstractConfiguration::Keys names;
    config.keys("drops", names);
    std::sort(names.begin(), names.end());
    const std::string dataDir = config.getString("data.dir", "var");
    std::vector<DropSpec> drops;
    for (const std::string& name : names) {
        const std::string prefix = "drops." + name + ".";
        DropSpec drop;
        drop.name = name;
        drop.account = Poco::trim(config.getString(prefix + "account", ""));
        if (drop.account.empty()) failKey(prefix + "account", "is required (the name of an account, as acme)");
        // Accounts live in the store and may come later (a seed, a reload): an unknown one fails the drop's polls.
        const Account* account = reference.accountByName(drop.account);
        if (!account)
            Poco::Logger::get("sohub.import").warning("Drop %s: no account named %s yet: its polls fail until there is one",
                                                     name, drop.account);
        if (account && account->role == Role::Admin)
            failKey(prefix + "account", "'" + drop.account + "' is an admin: name a partner or provider");

        const std::string source = Poco::trim(config.getString(prefix + "source", ""));
        if (source.empty()) failKey(prefix + "source", "is required (a folder, or sftp://user@host:port/path)");
        if (source.rfind("sftp://", 0) == 0) {
            try {
                drop.source = std::make_shared<SftpLocation>(
                    SftpSettings::from(source, Poco::trim(config.getString(prefix + "sftp.privateKey", "")),
                                       Poco::trim(config.getString(prefix + "sftp.knownHosts", "")),
                                       secretSetting(config, prefix + "sftp.passphrase",
                                                     secretVariable("SOHUB_DROP_PASSPHRASE_", name))),
                    "drop " + name);
            } catch (const Poco::InvalidArgumentException& bad) {
                failKey(prefix + "source", bad.message());
            }
        } else {
            drop.source = std::make_shared<LocalFolder>(source);
        }

        const bool provider = account && account->role == Role::Provider;
        const std::string casesKey = prefix + "cases";
        const std::string defaultCases = provider ? "" : "cases*.csv,cases*.ndjson,cases*.json";
        drop.cases = globsOf(casesKey, config.hasProperty(casesKey) ? config.getString(casesKey) : defaultCases);
        if (provider && !drop.cases.empty())
            failKey(casesKey, "account '" + drop.account + "' is a provider: it books no cases");
        drop.messages = globsOf(prefix + "messages",
                                config.getString(prefix + "messages", "messages*.csv,messages*.ndjson,messages*.json"));
        drop.schedule = Poco::trim(config.getString(prefix + "schedule", "every 5s"));
        drop.maxFiles = integerKey(config, prefix + "maxFiles", 100, 1, 1000000);

        const std::string ready = Poco::trim(config.getString(prefix + "ready", "stable"));
        if (ready == "stable")
            drop.readiness = std::make_shared<StableFile>(integerKey(config, prefix + "stableSeconds", 2, 1, 86400));
        else if (ready == "marker") drop.readiness = std::make_shared<DoneMarker>();
        else failKey(prefix + "ready", "'" + ready + "' is not stable or marker");

        const std::string after = Poco::trim(config.getString(prefix + "afterSuccess", "archive"));
        if (after == "archive") drop.afterSuccess = std::make_shared<ArchiveAfterImport>();
        else if (after == "delete") drop.afterSuccess = std::make_shared<DeleteAfterImport>();
        else failKey(prefix + "afterSuccess", "'" + after + "' is not archive or delete");

        drop.charset = Poco::trim(config.getString(prefix + "charset", "utf-8"));
        if (!DecodedText::known(drop.charset))
            failKey(prefix + "charset", "'" + drop.charset + "' is not utf-8, windows-1252 or iso-8859-1");
        const std::string dedupe = Poco::trim(config.getString(prefix + "deduplicateBy", "trackingId"));
        if (dedupe != "trackingId" && !dedupe.empty())
            failKey(prefix + "deduplicateBy", "'" + dedupe + "' is not trackingId or empty");
        drop.deduplicate = !dedupe.empty();
        drop.staging = Poco::Path(Poco::Path(dataDir + "/"), Poco::Path("staging/drop-" + name + "/")).toString();
        drops.push_back(std::move(drop));
    }
    return drops;
}

std::pair<std::string, std::string> ImportSettlement::publishReports(ImportRow& import, FileLocation& location,
                                                                     const std::string& staging,
                                                                     const std::string& drop) const {
    const std::string folder =
        import.status == "failed" ? "error" : "archive/" + zone_.format(clock_.now()).substr(0, 10);
    if (!import.reportName) {
        std::string chosen;
        // The longest name whose companions fit a file system's 255 bytes: ".NAME.rejected.csv.part" adds 19. A
        // longer file name (possible on a folder or an SFTP server) had its settlement fail at every poll.
        const std::string base = shortenedName(import.fileName, 236 - 8);  // room for a ".NNNNNN" number
        for (int n = 0; chosen.empty(); ++n) {
            const std::string candidate = numbered(base, n);
            if (!location.exists(folder, candidate) && !location.exists(folder, candidate + ".report.json"))
                chosen = candidate;
        }
        database_.write([&](Poco::Data::Session& session) { ImportStore::nameReport(session, import.id, chosen); });
        import.reportName = chosen;
    }
    const std::string& archived = *import.reportName;
    Poco::File(staging).createDirectories();
    const std::string reportPath = Poco::Path(staging, std::to_string(import.id) + ".report.json").toString();
    const std::string rejectedPath = Poco::Path(staging, std::to_string(import.id) + ".rejected.csv").toString();
    {
        ReadLease read = database_.read();
        {
            Poco::FileOutputStream out(reportPath, std::ios::out | std::ios::trunc | std::ios::binary);
            writeImportReport(out, read.session(), import, drop);
        }
        if (import.format == "csv" && import.csvHeader) {
            Poco::FileOutputStream out(rejectedPath, std::ios::out | std::ios::trunc | std::ios::binary);
            writeRejectedRows(out, read.session(), import);
        }
    }
    // The report goes last of the two: a sender that waits for it finds the rejected rows already there.
    if (Poco::File(rejectedPath).exists()) location.put(rejectedPath, folder, archived + ".rejected.csv");
    location.put(reportPath, folder, archived + ".report.json");
    for (const std::string& path : {reportPath, rejectedPath})
        if (Poco::File(path).exists()) Poco::File(path).remove();
    return {folder, archived};
}

void ImportSettlement::markSettled(ImportRow& import) const {
    database_.write([&](Poco::Data::Session& session) { ImportStore::settle(session, import.id); });
    import.settled = true;
}

bool ImportSettlement::settle(ImportRow& import, FileLocation& location, const std::string& name,
                              const AfterImport& after, const std::optional<std::string>& companion,
                              const std::string& staging, const std::string& drop, const RemoteEntry* listed) const {
    const bool failed = import.status == "failed";
    const auto [folder, archived] = publishReports(import, location, staging, drop);
    if (listed && !location.unchanged(*listed)) {
        // Replaced (or taken away) since it was taken: what has the name now is other content, the next poll's.
        markSettled(import);
        return false;
    }
    if (failed) {
        location.move(name, folder, archived);
    } else {
        after.settle(location, name, folder, archived);
    }
    if (companion && location.exists("", *companion)) {
        if (failed) location.move(*companion, folder, archived + ".done");
        else after.settle(location, *companion, folder, archived + ".done");
    }
    markSettled(import);
    return true;
}

void ImportSettlement::settleWithoutFile(ImportRow& import, FileLocation& location, const std::string& staging,
                                         const std::string& drop) const {
    publishReports(import, location, staging, drop);
    markSettled(import);
}

bool ImportSettlement::abandon(ImportRow& import, const std::string& reason, FileLocation& location,
                               const std::string& staging, const std::string& drop, const std::string& owner) const {
    const std::string error =
        reason + ": " + std::to_string(import.records) + " of its records had been applied (see records)";
    bool ended = false;
    database_.write([&](Poco::Data::Session& session) {
        ended = ImportStore::abandon(session, import.id, error, clock_.now(), owner);
    });
    if (!ended) return false;
    {
        ReadLease read = database_.read();
        import = *ImportStore::byId(read.session(), import.id);
    }
    countImportedFile("failed", import.bytes);
    settleWithoutFile(import, location, staging, drop);
    return true;
}

DropPoll::DropPoll(DropSpec spec, const ImportServices& services, const ImportSettings& settings, std::string owner,
                   const TimeZone& zone)
    : spec_(std::move(spec)),
      services_(services),
      settings_(settings),
      owner_(std::move(owner)),
      run_(services_, settings_, owner_),
      settlement_(services_.database, zone, services_.clock) {}

std::string DropPoll::kindOf(const std::string& name) const {
    const auto matches = [&](const std::vector<std::string>& globs) {
        // In any letter case: a partner's Windows tool that writes CASES-0412.CSV means what cases*.csv says.
        return std::any_of(globs.begin(), globs.end(),
                           [&](const std::string& glob) { return Poco::Glob(glob, Poco::Glob::GLOB_CASELESS).match(name); });
    };
    if (matches(spec_.cases)) return "cases";
    if (matches(spec_.messages)) return "messages";
    return "";
}

JobResult DropPoll::run(const JobContext& context) {
    const ReferenceSnapshot reference = services_.catalog.current();
    const Account* account = reference->accountByName(spec_.account);
    if (!account) throw Poco::NotFoundException("drop " + spec_.name + ": no account named " + spec_.account);
    spec_.source->prepare({"archive", "error"});
    const std::vector<RemoteEntry> entries = spec_.source->list();
    // An import a stopped daemon left running resumes when its file is taken again; one whose file is gone never can.
    std::set<std::string> listed;
    for (const RemoteEntry& entry : entries) listed.insert(entry.name);
    for (const ImportRow& behind : leftBehind())
        if (!listed.count(behind.fileName)) abandon(behind);
    // A finished import whose file has left the drop unsettled (the settlement broke off after the move, or the file
    // changed or went while it ran and putting its report failed): its report is put now. One whose file is still
    // there is settled when that file is taken (by its hash).
    for (ImportRow& unsettled : unsettledImports())
        if (!listed.count(unsettled.fileName)) {
            settlement_.settleWithoutFile(unsettled, *spec_.source, spec_.staging, spec_.name);
            logger().information("Import %Ld: %s from drop %s settled: its report put, its file no longer in the drop",
                                 unsettled.id, unsettled.fileName, spec_.name);
        }
    std::vector<std::pair<RemoteEntry, std::string>> due;
    std::set<std::string> matching;  // the names of files of a kind, ready or not
    const Poco::Timestamp now = services_.clock.now();
    for (const RemoteEntry& entry : entries) {
        const std::string kind = kindOf(entry.name);
        if (kind.empty()) continue;
        matching.insert(entry.name);
        if (spec_.readiness->ready(entry, entries, now)) due.emplace_back(entry, kind);
    }
    noteLeftAlone(entries, matching);
    std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
        return a.first.modified != b.first.modified ? a.first.modified < b.first.modified : a.first.name < b.first.name;
    });
    if (due.size() > static_cast<std::size_t>(spec_.maxFiles)) due.resize(static_cast<std::size_t>(spec_.maxFiles));
    int done = 0, failed = 0, duplicates = 0, skipped = 0, changing = 0;
    for (const auto& [entry, kind] : due) {
        if (context.stopRequested()) return JobResult{false, "stopped between files"};
        switch (take(entry, kind, *account, context)) {
        case Outcome::Done: ++done; break;
        case Outcome::Failed: ++failed; break;
        case Outcome::Duplicate: ++duplicates; break;
        case Outcome::Skipped: ++skipped; break;
        case Outcome::Changing: ++changing; break;
        case Outcome::Stopped: return JobResult{false, "stopped inside a file; it resumes at its next chunk"};
        }
    }
    if (due.empty()) return JobResult{true, "no files", true};
    return JobResult{true, std::to_string(due.size()) + (due.size() == 1 ? " file: " : " files: ") +
                               std::to_string(done) + " done, " + std::to_string(failed) + " failed, " +
                               std::to_string(duplicates) + " duplicates" +
                               (skipped ? ", " + std::to_string(skipped) + " taken by another daemon" : "") +
                               (changing ? ", " + std::to_string(changing) + " changed while taken" : "")};
}

void DropPoll::noteLeftAlone(const std::vector<RemoteEntry>& entries, const std::set<std::string>& matching) {
    std::set<std::string> present;
    for (const RemoteEntry& entry : entries) {
        present.insert(entry.name);
        if (matching.count(entry.name) || leftAlone_.count(entry.name)) continue;
        // A marker that travels with a file of the drop is no stray file.
        const bool companion = std::any_of(matching.begin(), matching.end(), [&](const std::string& name) {
            return spec_.readiness->companion(name) == entry.name;
        });
        if (companion) continue;
        leftAlone_.insert(entry.name);
        // A name in another charset (a share that writes Latin-1 names) matches no glob: said so, not as a mismatch.
        if (!isUtf8(entry.name)) {
            logger().warning("Drop %s: %s is left alone: its name is not UTF-8 (rename it to take it)", spec_.name,
                             validUtf8(entry.name));
            continue;
        }
        std::string globs;
        for (const auto* list : {&spec_.cases, &spec_.messages})
            for (const std::string& glob : *list) globs += (globs.empty() ? "" : ", ") + glob;
        logger().information("Drop %s: %s is left alone: its name matches none of the drop's globs (%s)", spec_.name,
                             entry.name, globs.empty() ? std::string("none") : globs);
    }
    for (auto it = leftAlone_.begin(); it != leftAlone_.end();) it = present.count(*it) ? std::next(it) : leftAlone_.erase(it);
}

std::vector<ImportRow> DropPoll::leftBehind() const {
    ReadLease read = services_.database.read();
    return ImportStore::leftBehind(read.session(), "drop:" + spec_.name, services_.clock.now(), owner_);
}

std::vector<ImportRow> DropPoll::unsettledImports() const {
    ReadLease read = services_.database.read();
    return ImportStore::unsettled(read.session(), "drop:" + spec_.name);
}

void DropPoll::abandon(ImportRow import) {
    // One text for both ways: a replaced file whose import was still leased when the new content came is found later,
    // with its name gone (the new content archived under it).
    if (settlement_.abandon(import, "The file was removed or replaced before its import finished", *spec_.source,
                            spec_.staging, spec_.name, owner_))
        logger().warning("Import %Ld: %s from drop %s failed: %s", import.id, import.fileName, spec_.name,
                         import.error.value_or(""));
}

DropPoll::Outcome DropPoll::take(const RemoteEntry& file, const std::string& kind, const Account& account,
                                 const JobContext& context) {
    PinnedFile pinned(spec_.staging);
    try {
        spec_.source->pin(file.name, pinned);
    } catch (const Poco::FileNotFoundException&) {
        return Outcome::Changing;  // taken away since the listing
    }
    if (!spec_.source->unchanged(file)) {
        // Written to while it was copied: the copy may hold some of each content. The next polls wait for it again.
        logger().information("Drop %s: %s changed while it was taken: left for a later poll", spec_.name, file.name);
        return Outcome::Changing;
    }
    const std::string local = pinned.path();
    const std::string sha = sha256Of(local);
    const std::string origin = "drop:" + spec_.name;
    for (const ImportRow& behind : leftBehind())
        if (behind.fileName == file.name && behind.sha256 != sha) abandon(behind);
    enum class Step { Apply, Settle, Skip } step = Step::Skip;
    bool resumed = false;
    ImportRow import;
    const Poco::Timestamp now = services_.clock.now();
    const LeaseTerms lease{owner_, now, now + Poco::Timespan(settings_.leaseSeconds, 0)};
    // What a new import of this file (or a duplicate of it) records, read from the file before the write: the writer
    // thread only inserts.
    ImportRow fresh;
    fresh.origin = origin;
    fresh.accountId = account.id;
    fresh.fileName = file.name;
    fresh.kind = kind;
    fresh.format = sniffFile(local, file.name).format;
    fresh.sha256 = sha;
    fresh.bytes = static_cast<Poco::Int64>(Poco::File(local).getSize());
    fresh.charset = spec_.charset;
    fresh.startedAt = now;
    services_.database.write([&](Poco::Data::Session& session) {
        const std::optional<ImportRow> original = ImportStore::original(session, origin, sha);
        if (!original) {
            import = fresh;
            import.status = "running";
            import.leaseOwner = owner_;
            import.leaseExpiresAt = lease.expiresAt;
            ImportStore::create(session, import);
            step = Step::Apply;
        } else if (original->status == "queued" || original->status == "running") {
            import = *original;
            step = ImportStore::claim(session, import.id, lease) ? Step::Apply : Step::Skip;
        } else if (original->cutShort && original->kind == kind) {
            // Its file went away before its end: this is the rest of it, applied after what it applied.
            import = *original;
            resumed = ImportStore::resume(session, import, file.name, std::nullopt, lease);
            step = resumed ? Step::Apply : Step::Skip;
        } else if (!original->settled && original->fileName == file.name) {
            import = *original;  // finished, but its file was not moved yet: move it now, never import it again
            step = Step::Settle;
        } else if (const auto pending = ImportStore::unsettledDuplicate(session, origin, sha, file.name)) {
            import = *pending;  // a duplicate whose move failed: moved now, not recorded twice
            step = Step::Settle;
        } else {
            import = fresh;
            import.format = original->format;
            import.status = "duplicate";
            import.duplicateOf = original->id;
            import.finishedAt = now;
            ImportStore::create(session, import);
            step = Step::Settle;
        }
    });
    if (step == Step::Skip) return Outcome::Skipped;
    if (step == Step::Apply) {
        if (resumed)
            logger().information("Import %Ld: took %s from drop %s: the content of an import cut short, resumed after "
                                 "its %Ld records",
                                 import.id, file.name, spec_.name, import.nextRecord);
        else
            logger().information("Import %Ld: took %s from drop %s (%s, %Ld bytes, sha256 %s)", import.id, file.name,
                                 spec_.name, kind, import.bytes, sha);
        if (!run_.apply(import, local, account, spec_.deduplicate, &context)) return Outcome::Stopped;
    } else if (import.status == "duplicate") {
        countImportedFile("duplicate", import.bytes);
        logger().information("Import %Ld: %s in drop %s duplicates import %Ld: not applied again", import.id, file.name,
                             spec_.name, *import.duplicateOf);
    }
    {
        ReadLease read = services_.database.read();
        import = *ImportStore::byId(read.session(), import.id);
    }
    const std::optional<std::string> companion = spec_.readiness->companion(file.name);
    if (!settlement_.settle(import, *spec_.source, file.name, *spec_.afterSuccess, companion, spec_.staging, spec_.name,
                            &file))
        logger().warning("Import %Ld: %s in drop %s changed while it was imported: left in place as a file of its own",
                         import.id, file.name, spec_.name);
    const Poco::Int64 ms = import.startedAt && import.finishedAt ? (*import.finishedAt - *import.startedAt) / 1000 : 0;
    logger().information("Import %Ld: %s from drop %s %s: %Ld records, %Ld created, %Ld rejected, %Ld duplicates in %Ld ms%s",
                         import.id, file.name, spec_.name, import.status, import.records, import.created, import.rejected,
                         import.duplicates, ms, import.error ? ": " + *import.error : std::string());
    if (import.status == "failed") return Outcome::Failed;
    if (import.status == "duplicate") return Outcome::Duplicate;
    return Outcome::Done;
}

}  // namespace sohub
