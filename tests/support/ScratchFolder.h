// A folder of a test's own under the temporary folder: new and empty when made, removed with its contents after.
#pragma once

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <string>

namespace sohub::test {

// Makes a new, empty folder and returns its path. Poco's temporary names repeat in every process with the same pid
// (pids wrap in a long test run), and a folder that a killed or kept test left under such a name would hand its files
// (a daemon's port file, a store) to the next test: a name counts as taken only once this call made its folder.
inline std::string makeNewFolder() {
    for (;;) {
        std::string path = Poco::TemporaryFile::tempName();
        if (Poco::File(path).createDirectory()) return path;
    }
}

class ScratchFolder {
public:
    ScratchFolder() : path_(makeNewFolder()) {}
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    ~ScratchFolder() {
        try {
            Poco::File(path_).remove(true);
        } catch (...) {
            // a file another process still writes: the test's own folder stays behind, nothing else depends on it
        }
    }
    const std::string& path() const { return path_; }

private:
    const std::string path_;
};

}  // namespace sohub::test
