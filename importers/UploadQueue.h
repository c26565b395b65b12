// Job kind importQueue: applies the uploads waiting in the store, one at a time, exactly as dropped files.
#pragma once

#include "importers/Drop.h"
#include "importers/ImportRun.h"

namespace sohub {

class UploadQueue : public Job {
public:
    UploadQueue(const ImportServices& services, const ImportSettings& settings, std::string owner, const TimeZone& zone,
                std::string uploads);

    JobResult run(const JobContext& context) override;

private:
    // An upload whose staged file is gone: ended as failed if unfinished, its report written without the file.
    void settleMissing(ImportRow& import);
    // Removes what a request that broke off (a daemon killed mid-upload) left in the uploads folder: a partial body,
    // or a whole one never queued. Only ImportBoard's names, an hour old, that no waiting upload names.
    void clearOrphans(const std::vector<ImportRow>& waiting) const;
    static constexpr Poco::Timestamp::TimeDiff orphanAge = 3600LL * 1000000;

    ImportServices services_;
    ImportSettings settings_;
    std::string owner_;
    ImportRun run_;
    ImportSettlement settlement_;
    LocalFolder uploads_;
    ArchiveAfterImport archive_;
    std::string staging_;
};

}  // namespace sohub
