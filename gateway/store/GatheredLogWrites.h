// SQLite's write-ahead log written once per commit instead of twice per page: a VFS in front of the system's.
#pragma once

namespace sohub {

// Makes the gathering VFS SQLite's default (once per process; later calls do nothing). SQLite writes each log frame
// as two writes (its 24-byte header, then the page), two system calls per page, which cost the one writer thread
// more than the copying itself on some machines. Through this VFS a log file keeps the frames of a transaction in
// memory while they follow one another and writes them at once before SQLite makes the commit visible to readers
// (the database file's shared-memory barrier, which SQLite calls before it publishes the new log header), before
// any read, sync, truncation, size query or close of the log, and whenever 4 MiB are held. A process that dies with
// frames held loses only frames of a transaction that had not committed, which SQLite ignores anyway.
// Every other file, and every other call, goes to the system's VFS unchanged. Throws when SQLite refuses it.
void useGatheredLogWrites();

}  // namespace sohub
