// The one file layer of the batch side: a local folder or an SFTP folder, listed, read, written whole (temporary
// name, flush, rename) and moved, for import and export alike.
#pragma once

#include <Poco/Timestamp.h>
#include <Poco/Types.h>

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace sohub {

class PinnedFile;

struct RemoteEntry {
    std::string name;
    Poco::UInt64 size = 0;
    Poco::Timestamp modified;
    // Which file has the name, where the location can tell (a local inode): 0 where it cannot (SFTP).
    Poco::UInt64 identity = 0;

    // The same file as `other` by what a listing sees: size, modification time and identity.
    bool sameFileAs(const RemoteEntry& other) const {
        return size == other.size && modified == other.modified && identity == other.identity;
    }
};

// Names the batch side never takes nor touches: *.tmp, *.part and dot-files (files still being written).
bool neverTouched(const std::string& name);
// The hidden name a file is written under before it appears as `name`: .NAME.part, one the batch side never takes.
std::string partNameOf(const std::string& name);

class FileLocation {
public:
    virtual ~FileLocation() = default;
    // For logs: the folder, or sftp://user@host:port/path (never a secret).
    virtual std::string describe() const = 0;
    // Creates the folder and the given sub-folders when missing.
    virtual void prepare(const std::vector<std::string>& subFolders) = 0;
    // The plain files directly in the folder (or a sub-folder), without the never-touched names.
    virtual std::vector<RemoteEntry> list(const std::string& subFolder = "") = 0;
    // A local path to read the file from: the file itself for a local folder, else a downloaded copy at `staging`
    // (downloaded whole under a temporary name first, so a broken transfer never leaves half a file).
    virtual std::string fetch(const std::string& name, const std::string& staging) = 0;
    // Copies the file's content into `into`, the take's own copy, which stays what it was while the file is applied
    // whatever the sender (or another daemon) does meanwhile. A transfer that breaks off throws: never half a file.
    virtual void pin(const std::string& name, PinnedFile& into) = 0;
    // Whether `name` is still the file that was listed as `listed` (size, time, and identity where known): a copy made
    // while the sender wrote is not applied, and a file changed while it was applied is not moved away in its
    // import's name. Listed again here; a location that can look at one file overrides it.
    virtual bool unchanged(const RemoteEntry& listed);
    // Places a local file as subFolder/name: written under a temporary name, flushed and renamed (replacing one of
    // the same name).
    virtual void put(const std::string& localPath, const std::string& subFolder, const std::string& name) = 0;
    virtual bool exists(const std::string& subFolder, const std::string& name) = 0;
    // Where to write a file that is to appear as `name` (a hidden .part beside it for a folder, a local copy in
    // `staging` for SFTP), and making it appear whole: flushed to disk, then renamed (or uploaded, then renamed).
    virtual std::string scratchPath(const std::string& name, const std::string& staging) const = 0;
    virtual void publish(const std::string& scratch, const std::string& name) = 0;
    // Removes what writers that died left under scratch names starting with `stem` (the hidden part files of a
    // folder; over SFTP the local copies in `staging` and the remote temporary names of their uploads) and gives
    // their paths. Only for a caller that knows no writer of such names is at work (it holds their lease).
    virtual std::vector<std::string> removeScratch(const std::string& stem, const std::string& staging) = 0;
    virtual void move(const std::string& name, const std::string& subFolder, const std::string& newName) = 0;
    virtual void remove(const std::string& name) = 0;
};

class LocalFolder : public FileLocation {
public:
    explicit LocalFolder(std::string path) : path_(std::move(path)) {}

    std::string describe() const override { return path_; }
    void prepare(const std::vector<std::string>& subFolders) override;
    std::vector<RemoteEntry> list(const std::string& subFolder) override;
    std::string fetch(const std::string& name, const std::string& staging) override;
    void pin(const std::string& name, PinnedFile& into) override;
    bool unchanged(const RemoteEntry& listed) override;
    void put(const std::string& localPath, const std::string& subFolder, const std::string& name) override;
    bool exists(const std::string& subFolder, const std::string& name) override;
    void move(const std::string& name, const std::string& subFolder, const std::string& newName) override;
    void remove(const std::string& name) override;
    std::string scratchPath(const std::string& name, const std::string& staging) const override;
    void publish(const std::string& scratch, const std::string& name) override;
    std::vector<std::string> removeScratch(const std::string& stem, const std::string& staging) override;

private:
    std::string pathOf(const std::string& subFolder, const std::string& name = "") const;
    // Logs each entry of a listing that is neither a plain file nor a folder (a symbolic link, a FIFO) once, while it
    // stays there.
    void noteOthers(const std::string& subFolder, const std::map<std::string, bool>& others);

    std::string path_;
    std::mutex othersMutex_;
    std::map<std::string, std::set<std::string>> notedOthers_;  // by subfolder
};

// Makes a temporary file written whole appear as `path`: flushed to disk, renamed, and the folder flushed.
void finishFileAtomically(const std::string& temporary, const std::string& path);
// `name` in at most `longest` bytes: a longer one keeps its extension (up to 16 bytes) and loses the end of its stem,
// never inside a UTF-8 character. For the names the hub gives files beside a sender's (NAME.report.json, the
// temporary .NAME.report.json.part): a file system takes 255 bytes.
std::string shortenedName(const std::string& name, std::size_t longest);
// Whether `name` starts with `prefix` and ends with `suffix`, the two not overlapping.
bool startsAndEnds(const std::string& name, const std::string& prefix, const std::string& suffix);
// Removes the plain files in a local folder whose names start with `prefix` and end with `suffix`; gives their paths.
std::vector<std::string> removeLocalFiles(const std::string& folder, const std::string& prefix, const std::string& suffix);
// A file open to write, closed when it goes out of scope; release() it to fclose it yourself and see the result.
struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using OpenFile = std::unique_ptr<std::FILE, FileCloser>;
// Opens `path` as a new file to write. Whatever had the name is removed first, and the file is made exclusively,
// never through a symbolic link: someone who may write to a drop or export folder could otherwise plant a link under
// a temporary name the hub writes there and have the daemon overwrite any file it may write (its store). Throws
// Poco::CreateFileException.
OpenFile createFreshFile(const std::string& path);
// The same for `name` in the folder open as `folder` (`path` names the file in errors).
OpenFile createFreshFileIn(int folder, const std::string& name, const std::string& path);

// A folder of a local location (a drop's archive/YYYY-MM-DD, its error/), opened one name at a time below the
// location's own folder and never through a symbolic link, made where missing if asked: files are moved and written
// into it by its descriptor, so a sender who may write to a drop cannot have them land elsewhere by putting a link in
// place of archive/ or a day's folder. Throws Poco::FileException for a link or a file in the way.
class SubFolder {
public:
    // Not open (isOpen() false) when a folder on the way is missing and `make` is false.
    SubFolder(const std::string& root, const std::string& subFolder, bool make);
    ~SubFolder();
    SubFolder(const SubFolder&) = delete;
    SubFolder& operator=(const SubFolder&) = delete;

    bool isOpen() const { return fd_ >= 0; }
    int get() const { return fd_; }
    // Copies a file whole into the folder as `name`: a hidden .NAME.part made fresh there, fsync, rename, fsync of
    // the folder.
    void copyIn(const std::string& from, const std::string& name) const;

private:
    int fd_ = -1;
    std::string path_;  // for errors
};

}  // namespace sohub
