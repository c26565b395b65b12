#!/usr/bin/env python3
# SQLite's own floor for an import's rows: the rows one import wrote (cases, outbox events, tracked requests,
# deliveries, outcomes) copied by INSERT ... SELECT from an in-memory copy into an empty store of the same schema and
# indexes, in commits of the import's chunk size (WAL, synchronous=FULL, the daemon's page cache, foreign keys off):
# what a writer with no cost of its own beside SQLite's would take. Prints cases/s with SQLite's checkpoints in the
# same thread and with them left to another (as sohubd's checkpointer does).
# Usage: floor.py STORE WORKDIR [CHUNK]   (STORE: the sohub.db of a stopped daemon after one import of cases)
import os
import sqlite3
import sys
import time

store, work = sys.argv[1], sys.argv[2]
chunk = int(sys.argv[3]) if len(sys.argv) > 3 else 500
tables = ("cases", "outbox", "external_requests", "webhook_deliveries", "import_records")


def copy(autocheckpoint):
    target = os.path.join(work, "floor.db")
    for name in (target, target + "-wal", target + "-shm"):
        if os.path.exists(name):
            os.remove(name)
    source = sqlite3.connect(store)
    schema = [row[0] for row in source.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    first = source.execute("SELECT MIN(id) FROM cases").fetchone()[0]
    source.close()
    db = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "cache_size=-16384", "foreign_keys=OFF",
                   "wal_autocheckpoint=%d" % autocheckpoint):
        db.execute("PRAGMA " + pragma)
    for sql in schema:
        db.execute(sql)
    db.execute("ATTACH ? AS stored", (store,))
    db.execute("ATTACH ':memory:' AS held")
    # Each row with the chunk it belongs to (by its case, or its outcome's place in the file), indexed by chunk.
    keys = {"cases": "(id - %d) / %d" % (first, chunk), "import_records": "seq / %d" % chunk}
    columns = {}
    for table in tables:
        key = keys.get(table, "(case_id - %d) / %d" % (first, chunk))
        db.execute("CREATE TABLE held.%s AS SELECT %s AS chunk, * FROM stored.%s" % (table, key, table))
        db.execute("CREATE INDEX held.%s_chunk ON %s(chunk)" % (table, table))
        columns[table] = ",".join(row[1] for row in db.execute("PRAGMA main.table_info(%s)" % table))
    cases = db.execute("SELECT COUNT(*) FROM held.cases").fetchone()[0]
    chunks = db.execute("SELECT MAX(chunk) FROM held.cases").fetchone()[0] + 1
    started = time.time()
    for n in range(chunks):
        db.execute("BEGIN IMMEDIATE")
        for table in tables:
            db.execute("INSERT INTO main.%s SELECT %s FROM held.%s WHERE chunk = ?" % (table, columns[table], table),
                       (n,))
        db.execute("COMMIT")
    seconds = time.time() - started
    db.close()
    for name in (target, target + "-wal", target + "-shm"):
        if os.path.exists(name):
            os.remove(name)
    return cases / seconds


print("%.0f %.0f" % (copy(1000), copy(0)))
