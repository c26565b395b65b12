// What happens to a dropped file once its last chunk is committed: ArchiveAfterImport (to archive/YYYY-MM-DD/) or
// DeleteAfterImport. Either way its reports go to the archive folder; a failed file goes to error/ with its report.
#pragma once

#include "importers/FileLocation.h"

#include <string>

namespace sohub {

class AfterImport {
public:
    virtual ~AfterImport() = default;
    virtual void settle(FileLocation& location, const std::string& name, const std::string& folder,
                        const std::string& newName) const = 0;
};

class ArchiveAfterImport : public AfterImport {
public:
    void settle(FileLocation& location, const std::string& name, const std::string& folder,
                const std::string& newName) const override {
        location.move(name, folder, newName);
    }
};

class DeleteAfterImport : public AfterImport {
public:
    void settle(FileLocation& location, const std::string& name, const std::string&, const std::string&) const override {
        location.remove(name);
    }
};

}  // namespace sohub
