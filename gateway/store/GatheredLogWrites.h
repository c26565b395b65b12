// SQLite's write-ahead log written a commit at a time, not two writes per page: a VFS in front of the system's.
#pragma once

namespace sohub {

// Makes the gathering VFS SQLite's default (once per process; later calls do nothing). SQLite writes each log frame
// as two writes (its 24-byte header, then the page): two system calls per page, which cost the one writer thread
// more than the copying itself on some machines. Through this VFS a log file holds the writes that follow one
// another (up to 2 MiB) and writes them out, in pieces of up to 124 KiB, once the commit frame's page comes, so a
// failed write fails that commit before SQLite publishes it to readers; also before any read, sync, truncation, size
// query or close of the log, and at the database file's shared-memory barrier, which SQLite calls before it publishes
// a new log header. A process that dies with frames held loses only a transaction that had not committed, which
// SQLite ignores anyway. Every other file, and every other call, goes to the system's VFS unchanged. Throws when
// SQLite refuses it.
void useGatheredLogWrites();

}  // namespace sohub
