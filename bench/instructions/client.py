#!/usr/bin/env python3
"""Sends COUNT identical GET requests, one after the other, on one keep-alive connection (as wrk writes them:
request line and Host only, plus the given headers). Exits non-zero on any status other than the expected one."""
import socket
import sys


def main():
    port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    headers = sys.argv[4:]
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n" +
               "".join(h + "\r\n" for h in headers) + "\r\n").encode()
    sock = socket.create_connection(("127.0.0.1", port))
    buffer = b""
    for _ in range(count):
        sock.sendall(request)
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                sys.exit("connection closed")
            buffer += chunk
        head, buffer = buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        while len(buffer) < length:
            chunk = sock.recv(65536)
            if not chunk:
                sys.exit("connection closed")
            buffer += chunk
        buffer = buffer[length:]
        if status != 200:
            sys.exit(f"{path}: status {status}")
    sock.close()


if __name__ == "__main__":
    main()
