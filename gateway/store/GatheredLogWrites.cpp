// SQLite's write-ahead log written a commit at a time, not two writes per page: a VFS in front of the system's.
#include "store/GatheredLogWrites.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>

namespace sohub {
namespace {

// The most a log file holds before writing it out: a chunk of an import (500 cases) is about 1.7 MB of frames.
constexpr std::size_t heldLimit = 2 * 1024 * 1024;
constexpr std::size_t pieceBytes = 124 * 1024;
constexpr int frameHeaderBytes = 24;

// Our part of a file SQLite opens through this VFS; the system VFS's file follows it in the same allocation.
struct GatheredFile {
    sqlite3_file base{};             // SQLite's view: pMethods is ours
    sqlite3_file* system = nullptr;  // the system VFS's file, right after this struct
    bool isLog = false;
    GatheredFile* log = nullptr;       // a main database file: its log while that is open
    GatheredFile* database = nullptr;  // a log file: its main database file
    std::string held;                  // a log's frames not written yet, from heldAt on
    sqlite3_int64 heldAt = 0;
    bool commitFollows = false;  // the last write was a commit frame's header: its page comes next
};

constexpr std::size_t systemOffset = (sizeof(GatheredFile) + alignof(std::max_align_t) - 1) /
                                     alignof(std::max_align_t) * alignof(std::max_align_t);

GatheredFile& gathered(sqlite3_file* file) { return *reinterpret_cast<GatheredFile*>(file); }
sqlite3_file* system(sqlite3_file* file) { return gathered(file).system; }
const sqlite3_io_methods& systemMethods(sqlite3_file* file) { return *system(file)->pMethods; }

int writeOut(GatheredFile& file) {
    int rc = SQLITE_OK;
    // In pieces: the unix VFS writes at most 128 KiB - 1 bytes per call (more is a short write, SQLITE_FULL).
    for (std::size_t at = 0; at < file.held.size() && rc == SQLITE_OK; at += pieceBytes) {
        const std::size_t piece = std::min(pieceBytes, file.held.size() - at);
        rc = file.system->pMethods->xWrite(file.system, file.held.data() + at, static_cast<int>(piece),
                                           file.heldAt + static_cast<sqlite3_int64>(at));
    }
    file.held.clear();
    file.commitFollows = false;
    return rc;
}

// A frame header's bytes 4-7 hold the database's size in pages after a commit, and zero in every other frame.
bool isCommitHeader(const void* data, int amount) {
    if (amount != frameHeaderBytes) return false;
    const auto* bytes = static_cast<const unsigned char*>(data);
    return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

// What a log file holds, written before anything that reads, syncs, sizes or shortens it; nothing for other files.
int writeOutLog(GatheredFile& file) { return file.isLog ? writeOut(file) : SQLITE_OK; }

int closeFile(sqlite3_file* file) {
    GatheredFile& self = gathered(file);
    int rc = writeOutLog(self);
    if (self.database && self.database->log == &self) self.database->log = nullptr;
    if (self.log && self.log->database == &self) self.log->database = nullptr;
    const int closed = systemMethods(file).xClose(self.system);
    if (rc == SQLITE_OK) rc = closed;
    self.~GatheredFile();
    return rc;
}

int readFile(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
    GatheredFile& self = gathered(file);
    if (const int rc = writeOutLog(self); rc != SQLITE_OK) return rc;
    return systemMethods(file).xRead(self.system, out, amount, offset);
}

int writeFile(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    GatheredFile& self = gathered(file);
    if (!self.isLog) return systemMethods(file).xWrite(self.system, data, amount, offset);
    // Only writes that follow one another are gathered; one elsewhere (a frame written again) writes out first.
    if (!self.held.empty() && (offset != self.heldAt + static_cast<sqlite3_int64>(self.held.size()) ||
                               self.held.size() + static_cast<std::size_t>(amount) > heldLimit)) {
        if (const int rc = writeOut(self); rc != SQLITE_OK) return rc;
    }
    if (static_cast<std::size_t>(amount) > heldLimit)  // never from SQLite's log (a page at most): passed on
        return systemMethods(file).xWrite(self.system, data, amount, offset);
    if (self.held.empty()) {
        self.heldAt = offset;
        self.held.reserve(heldLimit);
    }
    self.held.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    // The commit frame complete: written out here, where a failure fails the commit, before SQLite publishes it.
    if (self.commitFollows) return writeOut(self);
    self.commitFollows = isCommitHeader(data, amount);
    return SQLITE_OK;
}

int truncateFile(sqlite3_file* file, sqlite3_int64 size) {
    GatheredFile& self = gathered(file);
    if (const int rc = writeOutLog(self); rc != SQLITE_OK) return rc;
    return systemMethods(file).xTruncate(self.system, size);
}

int syncFile(sqlite3_file* file, int flags) {
    GatheredFile& self = gathered(file);
    if (const int rc = writeOutLog(self); rc != SQLITE_OK) return rc;
    return systemMethods(file).xSync(self.system, flags);
}

int fileSize(sqlite3_file* file, sqlite3_int64* size) {
    GatheredFile& self = gathered(file);
    if (const int rc = writeOutLog(self); rc != SQLITE_OK) return rc;
    return systemMethods(file).xFileSize(self.system, size);
}

int lockFile(sqlite3_file* file, int level) { return systemMethods(file).xLock(system(file), level); }
int unlockFile(sqlite3_file* file, int level) { return systemMethods(file).xUnlock(system(file), level); }
int checkReservedLock(sqlite3_file* file, int* out) {
    return systemMethods(file).xCheckReservedLock(system(file), out);
}

int fileControl(sqlite3_file* file, int op, void* arg) {
    GatheredFile& self = gathered(file);
    if (const int rc = writeOutLog(self); rc != SQLITE_OK) return rc;
    return systemMethods(file).xFileControl(self.system, op, arg);
}

int sectorSize(sqlite3_file* file) { return systemMethods(file).xSectorSize(system(file)); }
int deviceCharacteristics(sqlite3_file* file) { return systemMethods(file).xDeviceCharacteristics(system(file)); }

int shmMap(sqlite3_file* file, int page, int pageSize, int extend, void volatile** out) {
    return systemMethods(file).xShmMap(system(file), page, pageSize, extend, out);
}
int shmLock(sqlite3_file* file, int offset, int n, int flags) {
    return systemMethods(file).xShmLock(system(file), offset, n, flags);
}
void shmBarrier(sqlite3_file* file) {
    GatheredFile& self = gathered(file);
    // SQLite calls this between the two copies of a new log header it publishes. The commit frame was written out
    // with its page (writeFile); frames still held here mean a pattern of writes this VFS did not foresee, and
    // publishing them unwritten would show readers pages that are not in the log. The barrier cannot fail a
    // commit, so a failed write here stops the process: nothing of the commit was acknowledged yet, and the next
    // start recovers the log from what is in the file.
    if (self.log && !self.log->held.empty() && writeOut(*self.log) != SQLITE_OK) {
        Poco::Logger::get("sohub.store")
            .fatal("Writing the store's log failed before a commit was published; stopping");
        std::abort();
    }
    systemMethods(file).xShmBarrier(self.system);
}
int shmUnmap(sqlite3_file* file, int deleteFlag) { return systemMethods(file).xShmUnmap(system(file), deleteFlag); }
int fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
    return systemMethods(file).xFetch(system(file), offset, amount, out);
}
int unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    return systemMethods(file).xUnfetch(system(file), offset, page);
}

const sqlite3_io_methods gatheredMethods = {
    3,          closeFile,       readFile,  writeFile,  truncateFile, syncFile,           fileSize,
    lockFile,   unlockFile,      checkReservedLock,     fileControl,  sectorSize,         deviceCharacteristics,
    shmMap,     shmLock,         shmBarrier, shmUnmap,  fetch,        unfetch,
};

sqlite3_vfs* systemVfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int openFile(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags) {
    // SQLite allocates szOsFile bytes for each file it opens: our part is made in the first of them.
    auto* self = ::new (static_cast<void*>(file)) GatheredFile();
    self->system = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + systemOffset);
    self->system->pMethods = nullptr;
    const int rc = systemVfs(vfs)->xOpen(systemVfs(vfs), name, self->system, flags, outFlags);
    if (!self->system->pMethods) {  // nothing to close: SQLite calls xClose only when pMethods is set
        self->~GatheredFile();
        file->pMethods = nullptr;
        return rc == SQLITE_OK ? SQLITE_CANTOPEN : rc;
    }
    file->pMethods = &gatheredMethods;
    if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) != 0) {
        self->isLog = true;
        // The log's database file, whose shared-memory barrier is the last moment to write held frames out.
        sqlite3_file* database = sqlite3_database_file_object(name);
        if (database && database->pMethods == &gatheredMethods) {
            self->database = &gathered(database);
            self->database->log = self;
        }
    }
    return rc;
}

int deleteFile(sqlite3_vfs* vfs, const char* name, int syncDir) {
    return systemVfs(vfs)->xDelete(systemVfs(vfs), name, syncDir);
}
int accessFile(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
    return systemVfs(vfs)->xAccess(systemVfs(vfs), name, flags, out);
}
int fullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
    return systemVfs(vfs)->xFullPathname(systemVfs(vfs), name, size, out);
}
void* dlOpen(sqlite3_vfs* vfs, const char* name) { return systemVfs(vfs)->xDlOpen(systemVfs(vfs), name); }
void dlError(sqlite3_vfs* vfs, int size, char* out) { systemVfs(vfs)->xDlError(systemVfs(vfs), size, out); }
void (*dlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
    return systemVfs(vfs)->xDlSym(systemVfs(vfs), handle, symbol);
}
void dlClose(sqlite3_vfs* vfs, void* handle) { systemVfs(vfs)->xDlClose(systemVfs(vfs), handle); }
int randomness(sqlite3_vfs* vfs, int size, char* out) { return systemVfs(vfs)->xRandomness(systemVfs(vfs), size, out); }
int sleepFor(sqlite3_vfs* vfs, int micros) { return systemVfs(vfs)->xSleep(systemVfs(vfs), micros); }
int currentTime(sqlite3_vfs* vfs, double* out) { return systemVfs(vfs)->xCurrentTime(systemVfs(vfs), out); }
int lastError(sqlite3_vfs* vfs, int size, char* out) {
    return systemVfs(vfs)->xGetLastError(systemVfs(vfs), size, out);
}
int currentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
    return systemVfs(vfs)->xCurrentTimeInt64(systemVfs(vfs), out);
}
int setSystemCall(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
    return systemVfs(vfs)->xSetSystemCall(systemVfs(vfs), name, call);
}
sqlite3_syscall_ptr getSystemCall(sqlite3_vfs* vfs, const char* name) {
    return systemVfs(vfs)->xGetSystemCall(systemVfs(vfs), name);
}
const char* nextSystemCall(sqlite3_vfs* vfs, const char* name) {
    return systemVfs(vfs)->xNextSystemCall(systemVfs(vfs), name);
}

}  // namespace

void useGatheredLogWrites() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_vfs* const underlying = sqlite3_vfs_find(nullptr);
        if (!underlying || underlying->iVersion < 3)
            throw Poco::IllegalStateException("SQLite has no default VFS of version 3 to gather log writes over");
        static sqlite3_vfs vfs{};
        vfs.iVersion = 3;
        vfs.szOsFile = static_cast<int>(systemOffset) + underlying->szOsFile;
        vfs.mxPathname = underlying->mxPathname;
        vfs.zName = "sohub-gathered-log";
        vfs.pAppData = underlying;
        vfs.xOpen = openFile;
        vfs.xDelete = deleteFile;
        vfs.xAccess = accessFile;
        vfs.xFullPathname = fullPathname;
        vfs.xDlOpen = dlOpen;
        vfs.xDlError = dlError;
        vfs.xDlSym = dlSym;
        vfs.xDlClose = dlClose;
        vfs.xRandomness = randomness;
        vfs.xSleep = sleepFor;
        vfs.xCurrentTime = currentTime;
        vfs.xGetLastError = lastError;
        vfs.xCurrentTimeInt64 = currentTimeInt64;
        vfs.xSetSystemCall = setSystemCall;
        vfs.xGetSystemCall = getSystemCall;
        vfs.xNextSystemCall = nextSystemCall;
        if (const int rc = sqlite3_vfs_register(&vfs, 1); rc != SQLITE_OK)
            throw Poco::IllegalStateException("SQLite refused the log-gathering VFS", sqlite3_errstr(rc));
    });
}

}  // namespace sohub
