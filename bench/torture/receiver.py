"""The torture's webhook receiver, in a process of its own (the load's threads would starve it of the GIL):
answers 500 to half of the requests at random and 200 to the others, and appends "ok ID" or "fail ID" per request
to LOG. Usage: receiver.py PORT_FILE LOG"""
import http.server
import random
import sys

port_file, log_path = sys.argv[1], sys.argv[2]
log = open(log_path, "a", buffering=1)


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ok = random.random() < 0.5
        log.write("%s %s\n" % ("ok" if ok else "fail", self.headers.get("webhook-id")))
        self.send_response(200 if ok else 500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a killed sohubd resets its connections: expected here


server = Server(("127.0.0.1", 0), Receiver)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
