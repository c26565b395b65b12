"""Crash torture: a mixed load on one store while sohubd is killed with SIGKILL at random moments and restarted;
then the work drains and every promise is checked. Usage: torture.py SOHUBD ROOT WORKDIR KILLS"""
import csv
import glob
import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sohubd, root, work, kills = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, os.path.join(root, "bench", "import"))
import generate  # noqa: E402  (the import bench's rows: valid cases over the sample reference data)

random.seed(7)
data = os.path.join(work, "var")
drop = os.path.join(data, "drops", "acme")
exports = os.path.join(data, "exports", "infocare")
state = {"url": None, "stopping": False}
lock = threading.Lock()
acked_bookings, acked_messages, booked_guids, dropped = [], [], [], {}


receiver_port_file = os.path.join(work, "receiver.port")
receiver_log = os.path.join(work, "receiver.log")
receiver = subprocess.Popen([sys.executable, os.path.join(root, "bench", "torture", "receiver.py"), receiver_port_file,
                             receiver_log])
for _ in range(100):
    if os.path.exists(receiver_port_file):
        break
    time.sleep(0.05)
receiver_port = int(open(receiver_port_file).read())


def start():
    port_file = os.path.join(work, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    process = subprocess.Popen([
        sohubd, "--config=" + os.path.join(root, "samples", "sohub.properties"),
        "--define=http.port=0", "--define=http.portFile=" + port_file, "--define=data.dir=" + data,
        "--define=samples.seed=" + os.path.join(root, "samples", "seed.json"),
        "--define=logging.loggers.root.level=warning",
        "--define=webhooks.subscriptions.infocare.url=http://127.0.0.1:%d/infocare" % receiver_port,
        "--define=webhooks.subscriptions.acme.url=http://127.0.0.1:%d/acme" % receiver_port, "--define=webhooks.schedule=0s,1s,1s,2s,2s,2s,2s,2s,2s,2s",
        "--define=webhooks.jitter=0", "--define=webhooks.pollMillis=200",
        "--define=drops.acme.schedule=every 1s", "--define=drops.acme.stableSeconds=1",
        "--define=exports.infocare.schedule=every 2s", "--define=scheduler.leaseSeconds=5",
    ], stdout=open(os.path.join(work, "sohubd.out"), "ab"), stderr=subprocess.STDOUT)
    for _ in range(200):
        if os.path.exists(port_file) and open(port_file).read().strip():
            state["url"] = ("127.0.0.1", int(open(port_file).read()))
            return process
        time.sleep(0.05)
    raise SystemExit("sohubd did not start: see " + os.path.join(work, "sohubd.out"))


def call(method, path, token, body=None):
    """One request; (status, parsed body) or None when the daemon was not there to answer (killed)."""
    address = state["url"]
    try:
        connection = http.client.HTTPConnection(*address, timeout=10)
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers={"X-Hub-Api-Token": token, "Content-Type": "application/json"})
        answer = connection.getresponse()
        text = answer.read()
        connection.close()
        return answer.status, json.loads(text) if text else None
    except (OSError, http.client.HTTPException, ValueError):
        return None


with open(os.path.join(root, "bench", "booking", "example.json")) as f:
    example = json.load(f)


def bookings():
    n = 0
    while not state["stopping"]:
        n += 1
        body = json.loads(json.dumps(example))
        body["trackingId"] = "api-%d" % n
        body.setdefault("orderData", {})["refNo"] = "api-%d" % n
        answer = call("POST", "/api/v3/case/create", "demo-partner-acme", body)
        if answer and answer[0] == 200:
            with lock:
                acked_bookings.append("api-%d" % n)
                booked_guids.append(answer[1]["guid"])
        time.sleep(0.01)


def messages():
    n = 0
    while not state["stopping"]:
        with lock:
            guid = random.choice(booked_guids) if booked_guids else None
        if guid is None:
            time.sleep(0.1)
            continue
        n += 1
        answer = call("POST", "/api/v3/case-messages/create", "demo-partner-acme",
                      {"guid": guid, "content": "torture %d" % n, "type": "serviceComment", "externalId": "msg-%d" % n})
        if answer and answer[0] == 200:
            with lock:
                acked_messages.append("msg-%d" % n)
        time.sleep(0.01)


def drops():
    k = 0
    while not state["stopping"]:
        k += 1
        name = "cases-torture-%d.csv" % k
        rows = [generate.row(i) for i in range(k * 1000, k * 1000 + 40)]
        for offset, row in enumerate(rows):
            row["trackingId"] = row["orderData.refNo"] = "drop-%d-%d" % (k, offset)
        part = os.path.join(drop, "." + name + ".part")
        with open(part, "w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=generate.COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        os.utime(part, (time.time() - 60, time.time() - 60))
        os.rename(part, os.path.join(drop, name))
        with lock:
            dropped[name] = [row["trackingId"] for row in rows]
        time.sleep(2)


def acknowledgements():
    acked = set()
    while not state["stopping"]:
        for path in glob.glob(os.path.join(exports, "messages-*")):
            name = os.path.basename(path)
            if name.endswith(".manifest.json") or name in acked or name.startswith("."):
                continue
            if random.random() < 0.7:  # some files are never acknowledged: their messages go out again
                with open(os.path.join(exports, "ack", name + ".ack"), "w"):
                    pass
            acked.add(name)
        call("POST", "/api/v3/exports/run", "demo-provider-infocare", {"name": "infocare"})
        time.sleep(1)


process = start()
workers = [threading.Thread(target=f, daemon=True) for f in (bookings, messages, drops, acknowledgements)]
for worker in workers:
    worker.start()
for kill in range(kills):
    time.sleep(random.uniform(0.3, 2.5))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process = start()
    if (kill + 1) % 10 == 0:
        print("  %d kills: %d bookings, %d messages acknowledged, %d files dropped so far" %
              (kill + 1, len(acked_bookings), len(acked_messages), len(dropped)), flush=True)
state["stopping"] = True
for worker in workers:
    worker.join()

# Drain: files imported, deliveries ended, exports written.
db = os.path.join(data, "sohub.db")
drained, drain_start = False, time.time()
deadline = time.time() + 600
while time.time() < deadline:
    call("POST", "/api/v3/exports/run", "demo-provider-infocare", {"name": "infocare"})
    store = sqlite3.connect(db, timeout=30)
    waiting_files = [f for f in os.listdir(drop) if f.startswith("cases-torture")]
    open_imports = store.execute("SELECT count(*) FROM imports WHERE status NOT IN ('done','failed','duplicate')").fetchone()[0]
    due = store.execute("SELECT count(*) FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id "
                        "WHERE d.state IN ('pending','delivering') AND s.enabled = 1").fetchone()[0]
    store.close()
    if not waiting_files and not open_imports and not due:
        drained = True
        break
    if os.environ.get("TORTURE_DEBUG"):
        print("  draining: files %s, imports %d, deliveries due %d" % (waiting_files, open_imports, due), flush=True)
    time.sleep(1)
drained_after = time.time() - drain_start
process.send_signal(signal.SIGTERM)
process.wait()

store = sqlite3.connect(db)
lost, doubled, checked = [], [], {}


def stored_once(what, keys, counts):
    """Each key acknowledged to the client must be stored exactly once."""
    for key in keys:
        n = counts.get(key, 0)
        if n == 0:
            lost.append("acknowledged %s %s" % (what, key))
        elif n > 1:
            doubled.append("%s %s stored %d times" % (what, key, n))
    checked["acknowledged %ss stored once" % what] = len(keys)


refs = dict(store.execute("SELECT json_extract(order_data, '$.refNo'), count(*) FROM cases GROUP BY 1").fetchall())
stored_once("booking", acked_bookings, refs)
stored_once("message", acked_messages, dict(store.execute(
    "SELECT external_id, count(*) FROM messages WHERE external_id LIKE 'msg-%' GROUP BY 1").fetchall()))

lines = 0
for name, tracking in dropped.items():
    rows = store.execute(
        "SELECT r.seq, r.status FROM import_records r JOIN imports i ON i.id = r.import_id "
        "WHERE i.file_name = ? AND i.duplicate_of IS NULL", (name,)).fetchall()
    seqs = [seq for seq, _ in rows]
    if len(seqs) != len(tracking):
        (lost if len(seqs) < len(tracking) else doubled).append(
            "file %s: %d lines reported %d times" % (name, len(tracking), len(seqs)))
    if len(set(seqs)) != len(seqs):
        doubled.append("file %s: a line reported twice" % name)
    for ref in tracking:
        lines += 1
        n = refs.get(ref, 0)
        if n > 1:
            doubled.append("dropped line %s applied %d times" % (ref, n))
        if n == 0:
            lost.append("dropped line %s never applied" % ref)
checked["dropped lines reported once, applied once"] = lines

# infocare hears of every event for provider 1; acme (newMessage, messageConfirmed) of those for partner 1.
subscribed = ("(recipient_role = 'provider' AND recipient_id = 1) OR "
              "(recipient_role = 'partner' AND recipient_id = 1 AND event IN ('newMessage', 'messageConfirmed'))")
outbox = store.execute("SELECT count(*) FROM outbox WHERE " + subscribed).fetchone()[0]
missing = store.execute("SELECT count(*) FROM outbox o WHERE (" + subscribed + ") AND NOT EXISTS "
                        "(SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = o.id)").fetchone()[0]
if missing:
    lost.append("%d outbox events without their delivery" % missing)
states = dict(store.execute("SELECT state, count(*) FROM webhook_deliveries GROUP BY 1").fetchall())
receiver.terminate()
received_all = [line.split() for line in open(receiver_log) if line.strip()]
received_ok = {guid for outcome, guid in received_all if outcome == "ok"}
delivered = [g for (g,) in store.execute("SELECT guid FROM webhook_deliveries WHERE state = 'delivered'")]
unheard = [g for g in delivered if g not in received_ok]
if unheard:
    lost.append("%d deliveries recorded delivered that the receiver never answered 2xx" % len(unheard))
checked["outbox events with a delivery"] = outbox
checked["deliveries delivered, pending or failed"] = sum(states.values())

batches = store.execute("SELECT id, file_name FROM export_batches WHERE state != 'writing'").fetchall()
files = {os.path.basename(p): p for p in glob.glob(os.path.join(exports, "**", "messages-*"), recursive=True)}
exported = 0
for batch_id, name in batches:
    if name not in files:
        lost.append("export batch %d without its file %s" % (batch_id, name))
        continue
    members = {m for (m,) in store.execute("SELECT message_id FROM export_batch_messages WHERE batch_id = ?", (batch_id,))}
    with open(files[name]) as f:
        ids = [json.loads(line)["id"] for line in f if line.strip()]
    exported += len(ids)
    outside = [i for i in ids if i not in members]
    if outside or len(ids) != len(members):
        lost.append("export file %s: %d messages outside its batch, %d in the batch not in the file" %
                    (name, len(outside), len(members - set(ids))))
checked["export batches with their file"] = len(batches)
checked["exported messages inside their batch"] = exported
integrity = store.execute("PRAGMA integrity_check").fetchone()[0]
if integrity != "ok":
    lost.append("integrity_check: " + integrity)
checked["store integrity_check"] = 1

print("kills: %d (SIGKILL at random moments, restarted on the same store each time)" % kills)
for what, n in checked.items():
    print("  %-42s %8d" % (what, n))
print("  deliveries by state: %s; receiver requests %d, distinct deliveries answered 2xx %d" %
      (", ".join("%s %d" % kv for kv in sorted(states.items())), len(received_all), len(received_ok)))
print("drained in %.0f s%s" % (drained_after, "" if drained else " (not all: still due at the end, counted above)"))
print("lost: %d" % len(lost))
for item in lost[:20]:
    print("  " + item)
print("doubled: %d" % len(doubled))
for item in doubled[:20]:
    print("  " + item)
sys.exit(1 if lost or doubled else 0)
