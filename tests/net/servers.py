#!/usr/bin/python3
"""Loopback test servers for the network audit (stdlib only).

usage: servers.py PROFILE ADDR CERTDIR
  weak:   a device with every problem the audit must find
  strong: a device that should pass
  hostile: peers that reset or close at every step of every probe, or
          trickle forever (nothing may end or stall the audit)
Prints "ready" once every listener is bound; runs until killed. Binds only
the given loopback address (127.0.0.0/8)."""
import base64, hashlib, os, socket, ssl, struct, sys, threading, time, warnings

warnings.simplefilter("ignore", DeprecationWarning)
PROFILE, ADDR, CERTS = sys.argv[1], sys.argv[2], sys.argv[3]
assert ADDR.startswith("127."), "loopback only"


def serve(port, handler, tls_ctx=None):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ADDR, port))
    s.listen(64)

    def loop():
        while True:
            c, _ = s.accept()
            threading.Thread(target=run, args=(c,), daemon=True).start()

    def run(c):
        try:
            c.settimeout(10)
            if tls_ctx is not None:
                c = tls_ctx.wrap_socket(c, server_side=True)
            handler(c)
        except Exception:
            pass
        finally:
            try:
                c.close()
            except Exception:
                pass
    threading.Thread(target=loop, daemon=True).start()


def readline(c, limit=256):
    b = b""
    while not b.endswith(b"\n") and len(b) < limit:
        x = c.recv(1)
        if not x:
            break
        b += x
    return b.strip(b"\r\n\x00")


def telnet(user, password):
    IAC, DO, WILL = 255, 253, 251

    def h(c):
        c.sendall(bytes([IAC, DO, 24, IAC, WILL, 1]) + b"\r\nBusyBox on test-cam\r\n")
        for _ in range(3):
            c.sendall(b"login: ")
            u = readline(c)
            while u.startswith(bytes([IAC])):       # option answers before the name
                u = u[3:]
            c.sendall(b"Password: ")
            p = readline(c)
            if u == user and p == password:
                c.sendall(b"\r\nBusyBox v1.19.4 built-in shell (ash)\r\n# ")
                time.sleep(0.2)
                return
            time.sleep(0.05)
            c.sendall(b"\r\nLogin incorrect\r\n")
    return h


def http_head(c):
    head = b""
    while b"\r\n\r\n" not in head and len(head) < 8192:
        x = c.recv(1024)
        if not x:
            break
        head += x
    return head.decode("latin-1")


def http_basic(user, password, server):
    good = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def h(c):
        head = http_head(c)
        auth = [l.split(":", 1)[1].strip() for l in head.split("\r\n")
                if l.lower().startswith("authorization:")]
        if auth and auth[0] == good:
            body = b"<html><title>status</title>ok</html>"
            c.sendall(b"HTTP/1.1 200 OK\r\nServer: " + server.encode() +
                      b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
        else:
            c.sendall(b"HTTP/1.1 401 Unauthorized\r\nServer: " + server.encode() +
                      b"\r\nWWW-Authenticate: Basic realm=\"camera\"\r\n"
                      b"Content-Length: 0\r\nConnection: close\r\n\r\n")
    return h


def http_digest(user, password, realm="dev"):
    nonce = "4e6f6e6365"

    def h(c):
        head = http_head(c)
        auth = [l.split(":", 1)[1].strip() for l in head.split("\r\n")
                if l.lower().startswith("authorization:")]
        ok = False
        if auth and auth[0].startswith("Digest "):
            p = {}
            for part in auth[0][7:].split(","):
                k, _, v = part.strip().partition("=")
                p[k] = v.strip('"')
            md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
            ha1 = md5(f"{user}:{realm}:{password}")
            ha2 = md5(f"GET:{p.get('uri')}")
            want = md5(f"{ha1}:{nonce}:{p.get('nc')}:{p.get('cnonce')}:auth:{ha2}")
            ok = p.get("username") == user and p.get("response") == want
        if ok:
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        else:
            c.sendall(("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"%s\", "
                       "qop=\"auth\", nonce=\"%s\", opaque=\"0a\"\r\nContent-Length: 0\r\n"
                       "Connection: close\r\n\r\n" % (realm, nonce)).encode())
    return h


def http_login_page(c):
    http_head(c)
    body = (b"<html><form method=post action=/login><input name=user>"
            b"<input type=\"password\" name=pw></form></html>")
    c.sendall(b"HTTP/1.1 200 OK\r\nServer: lighttpd/1.4.35\r\nContent-Length: %d\r\n"
              b"Connection: close\r\n\r\n" % len(body) + body)


def mqtt(accept_anonymous, user=None, password=None):
    def h(c):
        hdr = c.recv(2)
        if len(hdr) < 2 or hdr[0] != 0x10:
            return
        body = b""
        while len(body) < hdr[1]:
            x = c.recv(hdr[1] - len(body))
            if not x:
                return
            body += x
        flags = body[7]
        pos = 10
        def field():
            nonlocal pos
            n = struct.unpack(">H", body[pos:pos + 2])[0]
            v = body[pos + 2:pos + 2 + n]
            pos += 2 + n
            return v
        field()                                     # client id
        u = field() if flags & 0x80 else None
        p = field() if flags & 0x40 else None
        if u is None:
            code = 0 if accept_anonymous else 5
        else:
            code = 0 if (u == user and p == password) else 4
        c.sendall(bytes([0x20, 2, 0, code]))
        time.sleep(0.1)
    return h


def rtsp(c):
    http_head(c)
    c.sendall(b"RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: GStreamer RTSP server\r\n"
              b"Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n")
    time.sleep(0.2)


def ssh_weak(c):
    c.sendall(b"SSH-2.0-dropbear_2014.63\r\n")
    readline(c)
    def nl(s):
        return struct.pack(">I", len(s)) + s
    payload = (bytes([20]) + os.urandom(16) +
               nl(b"diffie-hellman-group1-sha1,diffie-hellman-group14-sha1") +
               nl(b"ssh-rsa,ssh-dss") + nl(b"aes128-ctr,3des-cbc") + nl(b"aes128-ctr,3des-cbc") +
               nl(b"hmac-sha1,hmac-md5") + nl(b"hmac-sha1,hmac-md5") + nl(b"none") + nl(b"none") +
               nl(b"") + nl(b"") + b"\x00" + b"\x00" * 4)
    pad = 8 - (len(payload) + 5) % 8
    pad += 8 if pad < 4 else 0
    c.sendall(struct.pack(">IB", len(payload) + pad + 1, pad) + payload + b"\x00" * pad)
    time.sleep(0.3)


def endless(c):
    chunk = b"A" * 1024
    end = time.time() + 15
    while time.time() < end:
        c.sendall(chunk)


def silent(c):
    time.sleep(15)


def tls_ctx(name, legacy):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(CERTS, name + ".crt"), os.path.join(CERTS, name + ".key"))
    if legacy:
        ctx.set_ciphers("ALL:@SECLEVEL=0")
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    else:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def udp(port, handler):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ADDR, port))

    def loop():
        while True:
            data, peer = s.recvfrom(2048)
            try:
                r = handler(data)
                if r:
                    s.sendto(r, peer)
            except Exception:
                pass
    threading.Thread(target=loop, daemon=True).start()


def dns_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00"


def mdns(data):
    # Answer _services._dns-sd._udp.local PTR with two service types.
    qid = data[:2]
    q = data[12:]
    end = q.index(b"\x00") + 5
    ans = b""
    for svc in ("_http._tcp.local", "_telnet._tcp.local"):
        rd = dns_name(svc)
        ans += b"\xc0\x0c" + struct.pack(">HHIH", 12, 1, 120, len(rd)) + rd
    return b"\x00\x00\x84\x00" + struct.pack(">HHHH", 1, 2, 0, 0) + q[:end] + ans


def snmp(data):
    # SNMPv2c: echo the request id, answer sysDescr.0 for community public.
    if b"\x04\x06public" not in data:
        return None
    i = data.index(b"\xa0")
    pdu = data[i + 2:]
    reqid = pdu[:2 + pdu[1]]
    oid = bytes([0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 1, 0])
    val = b"Linux test-cam 3.10.14 #1 PREEMPT mips"
    vb = b"\x30" + bytes([len(oid) + 2 + len(val)]) + oid + b"\x04" + bytes([len(val)]) + val
    vbl = b"\x30" + bytes([len(vb)]) + vb
    body = reqid + b"\x02\x01\x00\x02\x01\x00" + vbl
    pdu = b"\xa2" + bytes([len(body)]) + body
    msg = b"\x02\x01\x01\x04\x06public" + pdu
    return b"\x30" + bytes([len(msg)]) + msg


def ftp(user, password):
    def h(c):
        c.sendall(b"220 (vsFTPd 2.3.4)\r\n")
        u = None
        while True:
            line = readline(c)
            if not line:
                return
            verb, _, arg = line.partition(b" ")
            if verb == b"USER":
                u = arg
                c.sendall(b"331 Please specify the password.\r\n")
            elif verb == b"PASS":
                if u == user and arg == password:
                    c.sendall(b"230 Login successful.\r\n")
                else:
                    c.sendall(b"530 Login incorrect.\r\n")
            else:
                c.sendall(b"500 Unknown command.\r\n")
    return h


def ssdp(data):
    if not data.startswith(b"M-SEARCH * HTTP/1.1"):
        return None
    return (b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\n"
            b"SERVER: Linux/3.10 UPnP/1.0 testcam/2.1\r\n"
            b"LOCATION: http://" + ADDR.encode() + b":49152/rootDesc.xml\r\n"
            b"ST: upnp:rootdevice\r\nUSN: uuid:1234::upnp:rootdevice\r\n\r\n")


def coap(data):
    # RFC 7252: answer a confirmable GET with a piggybacked ACK 2.05 Content.
    if len(data) < 4 or data[0] >> 6 != 1 or data[1] != 0x01:
        return None
    tkl = data[0] & 0x0F
    return (bytes([0x60 | tkl, 0x45]) + data[2:4] + data[4:4 + tkl] +
            b"\xc1\x28\xff" + b'</sensors/temp>;rt="temperature",</config>')


def matter(data):
    # Matter 4.4: answer an unsecured PBKDFParamRequest (opcode 0x20) with a
    # StatusReport (0x40) "busy": session 0, echo the exchange id.
    if len(data) < 14 or data[9] != 0x20:
        return None
    exch = data[10:12]
    return (bytes([0x00, 0, 0, 0]) + struct.pack("<I", 1) +
            bytes([0x02, 0x40]) + exch + b"\x00\x00" + struct.pack("<I", struct.unpack("<I", data[4:8])[0]) +
            struct.pack("<HIH", 1, 0, 4))


def dns_version(data):
    # version.bind CH TXT -> "dnsmasq-2.80"
    qid = data[:2]
    q = data[12:]
    end = q.index(b"\x00") + 5
    txt = b"\x0cdnsmasq-2.80"
    ans = b"\xc0\x0c" + struct.pack(">HHIH", 16, 3, 0, len(txt)) + txt
    return qid + b"\x84\x00" + struct.pack(">HHHH", 1, 1, 0, 0) + q[:end] + ans


def trickle(c):
    end = time.time() + 15
    while time.time() < end:
        c.sendall(b"A")
        time.sleep(0.05)


# ---- hostile peers: each fails one step of one probe, on every connection
# (or, for "cycle", a different step on each connection), so that no peer
# behaviour can end or stall the audit.
def rst(c):
    """Close with a reset (SO_LINGER 0) instead of a FIN."""
    try:
        raw = c.unwrap() if isinstance(c, ssl.SSLSocket) else c
    except Exception:
        raw = c
    try:
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except Exception:
        pass
    raw.close()


def raw_serve(port, handler):
    """Like serve, but the handler gets the plain socket and a connection
    number, and does its own TLS (or not)."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ADDR, port))
    s.listen(64)
    count = [0]

    def loop():
        while True:
            c, _ = s.accept()
            n = count[0]
            count[0] += 1
            threading.Thread(target=run, args=(c, n), daemon=True).start()

    def run(c, n):
        try:
            c.settimeout(10)
            handler(c, n)
        except Exception:
            pass
        finally:
            try:
                c.close()
            except Exception:
                pass
    threading.Thread(target=loop, daemon=True).start()
    return s


def one_shot_tls(listener_holder):
    """The issue's peer: a TLS listener that answers one request and closes;
    every later connection is refused, or answered in plain text and reset."""
    def h(c, n):
        if n == 0:
            t = TLS_LEGACY.wrap_socket(c, server_side=True)
            http_head(t)
            t.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            t.close()
            listener_holder[0].close()
            return
        c.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        rst(c)
    return h


def step_fail(step):
    """Fails at one step: 'accept-rst', 'accept-close', 'read-rst' (after the
    client's first bytes), 'answer-rst' (a partial answer, then a reset),
    'tls-hello-rst' (after the ClientHello), 'tls-garbage' (plain text
    answer to the ClientHello, then reset), 'tls-done-rst' (after the
    handshake), 'tls-read-rst' (after the first request over TLS)."""
    def h(c, n):
        if step == "accept-rst":
            rst(c)
        elif step == "accept-close":
            c.close()
        elif step == "read-rst":
            c.recv(64)
            rst(c)
        elif step == "answer-rst":
            c.recv(64)
            c.sendall(b"HTTP/1.1 200 OK\r\nServer: half")
            rst(c)
        elif step == "tls-hello-rst":
            c.recv(5)
            rst(c)
        elif step == "tls-garbage":
            c.recv(5)
            c.sendall(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
            rst(c)
        elif step == "tls-done-rst":
            t = TLS_LEGACY.wrap_socket(c, server_side=True)
            rst(t)
        elif step == "tls-read-rst":
            t = TLS_LEGACY.wrap_socket(c, server_side=True)
            t.recv(16)
            rst(t)
    return h


CYCLE = ["ok", "tls-hello-rst", "tls-garbage", "tls-done-rst", "accept-rst", "accept-close",
         "tls-read-rst"]


def cycle(c, n):
    """HTTPS that works on the first connection, then fails at a different
    step on each following one: every TLS version attempt meets a failure."""
    step = CYCLE[n % len(CYCLE)]
    if step == "ok":
        t = TLS_LEGACY.wrap_socket(c, server_side=True)
        http_head(t)
        t.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        return
    step_fail(step)(c, n)


def telnet_rst(c, n):
    """A telnet login that resets at the prompt the probe or login reaches."""
    c.sendall(bytes([255, 253, 24]) + b"\r\nlogin: ")
    if n % 2:
        rst(c)
        return
    readline(c)
    c.sendall(b"Password: ")
    readline(c)
    rst(c)


def ftp_rst(c, n):
    c.sendall(b"220 (hostile)\r\n")
    readline(c)
    if n % 2:
        rst(c)
        return
    c.sendall(b"331 Password.\r\n")
    readline(c)
    rst(c)


def mqtt_rst(c, n):
    c.recv(64)
    if n % 2:
        rst(c)
    else:
        c.sendall(bytes([0x20, 2]))      # half a CONNACK
        rst(c)


def tls_trickle(c, n):
    """Answers a ClientHello with a byte every 50 ms, forever."""
    c.recv(5)
    end = time.time() + 30
    while time.time() < end:
        c.sendall(b"\x16")
        time.sleep(0.05)


def udp_once(handler):
    """Answers the first datagram with garbage, then closes its socket (later
    datagrams get an ICMP port unreachable)."""
    def run(port):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((ADDR, port))

        def loop():
            data, peer = s.recvfrom(2048)
            s.sendto(handler(data), peer)
            s.close()
        threading.Thread(target=loop, daemon=True).start()
    return run


if PROFILE == "weak":
    serve(21, ftp(b"admin", b"1234"))
    serve(23, telnet(b"root", b"xc3511"))
    serve(80, http_basic("admin", "admin", "Boa/0.94.14rc21"))
    serve(443, http_login_page, tls_ctx("expired", True))
    serve(1883, mqtt(True))
    serve(554, rtsp)
    serve(2222, ssh_weak)
    serve(8081, http_digest("admin", "123456"))
    serve(7000, endless)
    serve(7001, silent)
    serve(7002, trickle)
    udp(5353, mdns)
    udp(161, snmp)
    udp(1900, ssdp)
    udp(5683, coap)
    udp(5540, matter)
    udp(53, dns_version)
elif PROFILE == "strong":
    serve(443, http_basic("owner", "k3-unique-Secret", "device"), tls_ctx("valid", False))
    serve(1883, mqtt(False, b"sensor-7f3a", b"Zr9-unique-4471"))
    serve(8883, mqtt(False, b"sensor-7f3a", b"Zr9-unique-4471"), tls_ctx("valid", False))
elif PROFILE == "hostile":
    TLS_LEGACY = tls_ctx("expired", True)
    holder = [None]
    holder[0] = raw_serve(443, one_shot_tls(holder))
    raw_serve(8443, cycle)
    raw_serve(80, step_fail("answer-rst"))
    raw_serve(81, step_fail("read-rst"))
    raw_serve(8080, step_fail("accept-rst"))
    raw_serve(8000, step_fail("accept-close"))
    raw_serve(8008, step_fail("tls-hello-rst"))
    raw_serve(8081, step_fail("tls-garbage"))
    raw_serve(8888, step_fail("tls-done-rst"))
    raw_serve(9000, step_fail("tls-read-rst"))
    raw_serve(23, telnet_rst)
    raw_serve(21, ftp_rst)
    raw_serve(1883, mqtt_rst)
    raw_serve(8883, step_fail("tls-read-rst"))
    raw_serve(7003, tls_trickle)
    for port in (161, 5683, 53, 5353, 1900, 5540):
        udp_once(lambda d: b"\x30\x82\xff\xff" + d[:3])(port)
else:
    sys.exit("unknown profile " + PROFILE)
print("ready", flush=True)
while True:
    time.sleep(60)
