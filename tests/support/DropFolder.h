// Files dropped into a daemon's drop folder for the import suites, and what comes back (reports, archived files,
// exported files).
#pragma once

#include "support/BookingExample.h"
#include "support/Daemon.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/Timespan.h>

#include <functional>
#include <map>
#include <string>

namespace sohub::test {

// One NDJSON line: the Booking example with a trackingId of its own (and the edits).
inline std::string caseLine(const std::string& trackingId, std::vector<Edit> edits = {}) {
    edits.push_back(set("trackingId", "\"" + trackingId + "\""));
    return text(example(edits));
}

// Writes the file under a temporary name and renames it into the folder, its mtime `ageSeconds` in the past so
// that the stable-file rule takes it at the next poll.
inline void dropFile(const std::string& folder, const std::string& name, const std::string& content, int ageSeconds = 10) {
    Poco::File(folder).createDirectories();
    const std::string temporary = Poco::Path(folder, name + ".tmp").toString();
    {
        Poco::FileOutputStream out(temporary, std::ios::out | std::ios::trunc | std::ios::binary);
        out << content;
    }
    Poco::File file(temporary);
    file.setLastModified(Poco::Timestamp() - Poco::Timespan(ageSeconds, 0));
    file.renameTo(Poco::Path(folder, name).toString());
}

inline std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

// Polls until `done` holds, for up to `seconds`.
inline bool eventually(const std::function<bool()>& done, int seconds) {
    for (int i = 0; i < seconds * 20; ++i) {
        if (done()) return true;
        Poco::Thread::sleep(50);
    }
    return done();
}

// The path of `name` in the folder or any folder below it (archive/<date>/), empty when not there.
inline std::string findBelow(const std::string& folder, const std::string& name) {
    if (!Poco::File(folder).exists()) return "";
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        bool directory = false;
        try {
            directory = it->isDirectory();
        } catch (const Poco::FileNotFoundException&) {
            continue;  // renamed or moved while the folder was listed (a .part file put in place, a file archived)
        }
        if (directory) {
            const std::string found = findBelow(it->path(), name);
            if (!found.empty()) return found;
        } else if (it.name() == name) {
            return it->path();
        }
    }
    return "";
}

// The visible export files in the folder (no dot-files, no manifests): name -> size.
inline std::map<std::string, Poco::UInt64> visibleFiles(const std::string& folder) {
    std::map<std::string, Poco::UInt64> files;
    if (!Poco::File(folder).exists()) return files;
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        try {
            if (it.name()[0] != '.' && it->isFile() && it.name().find(".manifest.json") == std::string::npos)
                files[it.name()] = it->getSize();
        } catch (const std::exception&) {
            // published or removed between the listing and the look
        }
    }
    return files;
}

// Waits for `name` in the folder or below it and returns its path; throws when it does not come in time.
inline std::string waitForFile(const std::string& folder, const std::string& name, int seconds = 15) {
    std::string path;
    eventually([&] { return !(path = findBelow(folder, name)).empty(); }, seconds);
    if (path.empty()) throw std::runtime_error("no " + name + " below " + folder);
    return path;
}

// Waits for `name` to leave the folder (its report is put in place before the file is moved beside it) and returns
// where it went below it (archive/<date>/, error/), empty when it did not leave in time or went nowhere below.
inline std::string waitForMoved(const std::string& folder, const std::string& name, int seconds = 10) {
    const std::string inFolder = Poco::Path(folder, name).toString();
    if (!eventually([&] { return !Poco::File(inFolder).exists(); }, seconds)) return "";
    return findBelow(folder, name);
}

// Waits for NAME.report.json below the folder (the file was imported and settled) and returns its JSON.
inline Poco::JSON::Object::Ptr waitForReport(const std::string& folder, const std::string& name, int seconds = 15) {
    return json(readFile(waitForFile(folder, name + ".report.json", seconds))).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace sohub::test
