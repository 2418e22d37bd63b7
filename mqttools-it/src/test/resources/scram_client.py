#!/usr/bin/python3
"""SCRAM-SHA-256 (RFC 5802/7677) over MQTT 5 enhanced authentication, written from the RFCs and the MQTT 5
spec with the standard library only (socket, hashlib, hmac): an implementation independent of mqttools'.

  scram_client.py credential PASSWORD          print a SCRAM file credential (SCRAM-SHA-256$i:salt$StoredKey:ServerKey)
  scram_client.py connect HOST PORT USER PASSWORD [reauth]
      CONNECT with the client-first-message, answer the AUTH challenge, check the CONNACK's server signature,
      then (reauth) re-authenticate with AUTH 0x19, then PINGREQ and DISCONNECT. Prints one line per step.
"""
import base64
import hashlib
import hmac
import os
import socket
import struct
import sys

METHOD = "SCRAM-SHA-256"


def varint(n):
    out = bytearray()
    while True:
        b = n % 128
        n //= 128
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


def utf8(s):
    b = s.encode("utf-8")
    return struct.pack("!H", len(b)) + b


def binary(b):
    return struct.pack("!H", len(b)) + b


def auth_properties(data):
    props = b"\x15" + utf8(METHOD) + b"\x16" + binary(data)
    return varint(len(props)) + props


def connect_packet(client_id, user, client_first):
    variable = utf8("MQTT") + bytes([5, 0x82]) + struct.pack("!H", 60) + auth_properties(client_first)
    payload = utf8(client_id) + utf8(user)
    body = variable + payload
    return b"\x10" + varint(len(body)) + body


def auth_packet(reason, data):
    body = bytes([reason]) + auth_properties(data)
    return b"\xf0" + varint(len(body)) + body


def read_exactly(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed by the broker")
        buf += chunk
    return buf


def read_packet(sock):
    first = read_exactly(sock, 1)[0]
    length, shift = 0, 0
    while True:
        b = read_exactly(sock, 1)[0]
        length |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    return first >> 4, read_exactly(sock, length)


def read_varint(buf, i):
    value, shift = 0, 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, i


BYTE = {0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A}
TWO = {0x13, 0x21, 0x22, 0x23}
FOUR = {0x02, 0x11, 0x18, 0x27}
STRING = {0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F}
BINARY = {0x09, 0x16}


def parse_properties(buf, i):
    length, i = read_varint(buf, i)
    end = i + length
    props = {}
    while i < end:
        pid, i = read_varint(buf, i)
        if pid in BYTE:
            props[pid] = buf[i]
            i += 1
        elif pid in TWO:
            props[pid] = struct.unpack("!H", buf[i:i + 2])[0]
            i += 2
        elif pid in FOUR:
            props[pid] = struct.unpack("!I", buf[i:i + 4])[0]
            i += 4
        elif pid == 0x0B:
            props[pid], i = read_varint(buf, i)
        elif pid in STRING or pid in BINARY:
            n = struct.unpack("!H", buf[i:i + 2])[0]
            value = bytes(buf[i + 2:i + 2 + n])
            props[pid] = value.decode("utf-8") if pid in STRING else value
            i += 2 + n
        elif pid == 0x26:
            n = struct.unpack("!H", buf[i:i + 2])[0]
            m = struct.unpack("!H", buf[i + 2 + n:i + 4 + n])[0]
            i += 4 + n + m
        else:
            raise ValueError("unknown property 0x%02x" % pid)
    return props


def hi(password, salt, iterations):
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)


def keys(salted):
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return client_key, hashlib.sha256(client_key).digest(), hmac.new(salted, b"Server Key", hashlib.sha256).digest()


def credential(password):
    salt = os.urandom(16)
    _, stored_key, server_key = keys(hi(password, salt, 4096))
    b64 = lambda b: base64.b64encode(b).decode("ascii")
    return "SCRAM-SHA-256$4096:%s$%s:%s" % (b64(salt), b64(stored_key), b64(server_key))


class Scram:
    def __init__(self, user, password):
        self.password = password
        self.nonce = base64.b64encode(os.urandom(18)).decode("ascii")
        self.first_bare = "n=%s,r=%s" % (user.replace("=", "=3D").replace(",", "=2C"), self.nonce)

    def client_first(self):
        return ("n,," + self.first_bare).encode("utf-8")

    def client_final(self, server_first):
        server_first = server_first.decode("utf-8")
        attrs = dict(a.split("=", 1) for a in server_first.split(","))
        if not attrs["r"].startswith(self.nonce) or attrs["r"] == self.nonce:
            raise ValueError("server nonce does not extend ours")
        salted = hi(self.password, base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key, stored_key, server_key = keys(salted)
        without_proof = "c=biws,r=" + attrs["r"]
        auth_message = ",".join([self.first_bare, server_first, without_proof]).encode("utf-8")
        signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        self.server_signature = hmac.new(server_key, auth_message, hashlib.sha256).digest()
        return (without_proof + ",p=" + base64.b64encode(proof).decode("ascii")).encode("utf-8")

    def verify(self, server_final):
        text = server_final.decode("utf-8")
        return text.startswith("v=") and hmac.compare_digest(base64.b64decode(text[2:]), self.server_signature)


def exchange(sock, scram, first_type, first_body):
    """Answers the AUTH 0x18 challenge; returns (packet type, reason code, properties) of what ends it."""
    ptype, body = first_type, first_body
    if ptype == 15 and body[0] == 0x18:
        props = parse_properties(body, 1)
        assert props[0x15] == METHOD, props
        print("CHALLENGE|" + props[0x16].decode("utf-8").split(",")[0][:2], flush=True)
        sock.sendall(auth_packet(0x18, scram.client_final(props[0x16])))
        ptype, body = read_packet(sock)
    reason = body[1] if ptype == 2 else body[0]
    props = parse_properties(body, 2 if ptype == 2 else 1) if len(body) > (2 if ptype == 2 else 1) else {}
    return ptype, reason, props


def main():
    if sys.argv[1] == "credential":
        print(credential(sys.argv[2]))
        return 0
    host, port, user, password = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    reauth = len(sys.argv) > 6 and sys.argv[6] == "reauth"
    sock = socket.create_connection((host, port), timeout=20)
    scram = Scram(user, password)
    sock.sendall(connect_packet("py-scram", user, scram.client_first()))
    ptype, reason, props = exchange(sock, scram, *read_packet(sock))
    if ptype != 2:
        print("UNEXPECTED|%d" % ptype, flush=True)
        return 1
    print("CONNACK|%d|%s" % (reason, props.get(0x1F, "")), flush=True)
    if reason != 0:
        return 0
    print("SIGNATURE|" + ("ok" if props.get(0x15) == METHOD and scram.verify(props.get(0x16, b"")) else "bad"),
          flush=True)
    if reauth:
        again = Scram(user, password)
        sock.sendall(auth_packet(0x19, again.client_first()))
        ptype, reason, props = exchange(sock, again, *read_packet(sock))
        ok = ptype == 15 and reason == 0 and again.verify(props.get(0x16, b""))
        print("REAUTH|%d|%d|%s" % (ptype, reason, "ok" if ok else "bad"), flush=True)
    sock.sendall(b"\xc0\x00")  # PINGREQ
    ptype, _ = read_packet(sock)
    print("PINGRESP|%d" % ptype, flush=True)
    sock.sendall(b"\xe0\x00")  # DISCONNECT
    sock.close()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
