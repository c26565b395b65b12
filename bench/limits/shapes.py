"""Sends each body shape a few times to case/validate (or confirm, for arrays of ids) and prints ms per MiB."""
import http.client
import sys
import time
import urllib.parse

url, mib, example = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = mib * 1048576
address = urllib.parse.urlparse(url)
connection = http.client.HTTPConnection(address.hostname, address.port, timeout=600)


def post(path, body, token="demo-partner-acme"):
    """One request on the kept-alive connection (a new one when the server closed it); seconds and status."""
    global connection
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers={"X-Hub-Api-Token": token, "Content-Type": "application/json"})
    answer = connection.getresponse()
    answer.read()
    if answer.getheader("Connection", "").lower() == "close":
        connection.close()
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=600)
    return time.perf_counter() - started, answer.status


def members():  # one object of tiny members: the quadratic case of an order-keeping object
    n = size // 12
    return ("{" + ",".join('"k%07d":1' % i for i in range(n)) + "}").encode()


def repeated_members():  # one name sent again and again
    n = size // 8
    return ("{" + ",".join('"k":1' for _ in range(n)) + "}").encode()


def elements():  # one array of one-digit numbers
    return ("[" + ",".join("1" for _ in range(size // 2)) + "]").encode()


def nesting():  # the deepest the limit allows, repeated
    unit = "[" * 999 + "]" * 999
    return ("[" + ",".join(unit for _ in range(size // (len(unit) + 1))) + "]").encode()


def escapes():  # one string of \\u escapes, each decoded to UTF-8
    return ('{"productData":{"problemText":"' + "\\u00e5" * (size // 6) + '"}}').encode()


def small_objects():  # many small objects in one array
    return ("[" + ",".join('{"a":1,"b":"x"}' for _ in range(size // 16)) + "]").encode()


shapes = [("members of one object", members, "/api/v3/case/validate"),
          ("one member repeated", repeated_members, "/api/v3/case/validate"),
          ("elements of one array", elements, "/api/v3/case/validate"),
          ("nesting 999 deep", nesting, "/api/v3/case/validate"),
          ("\\u escapes in a string", escapes, "/api/v3/case/validate"),
          ("small objects in an array", small_objects, "/api/v3/case/validate")]

with open(example, "rb") as f:
    plain = f.read()
rounds = max(1, size // len(plain))
started = time.perf_counter()
statuses = set()
for _ in range(min(rounds, 2000)):
    _, status = post("/api/v3/case/validate", plain)
    statuses.add(status)
elapsed = time.perf_counter() - started
done = min(rounds, 2000) * len(plain) / 1048576
print("%-28s %10s %10s %s" % ("shape", "MiB", "ms/MiB", "status"))
print("%-28s %10.2f %10.1f %s" % ("plain booking bodies", done, elapsed * 1000 / done, sorted(statuses)))
for name, make, path in shapes:
    body = make()
    times = []
    for _ in range(3):
        seconds, status = post(path, body)
        times.append(seconds)
    best = min(times)
    print("%-28s %10.2f %10.1f %s" % (name, len(body) / 1048576, best * 1000 / (len(body) / 1048576), status))
