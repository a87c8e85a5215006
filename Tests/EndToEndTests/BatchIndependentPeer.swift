import CouponDeskTestSupport
import Foundation

/// A campaign's third-party peer: python3's http.server with every signature made and checked by the
/// `openssl` command, sharing no code with CouponDesk. It speaks the partner pre-send (PROTOCOL §2–§5)
/// and keeps what a real service keeps: a send_request_no once issued answers the same token again.
/// By openid: `o-budget…` is refused (total budget used up); until the file HEALED exists, `o-5xx…`
/// gets 500 SYSTEM_ERROR and `o-slow…` is issued but answered only after the client has given up (its
/// outcome is unknown to the client); after that they are answered at once. Every request is logged
/// as one JSON line: number, openid, verified, status, token.
/// Arguments: KEYDIR LOG PUB_KEY_ID MCHID HEALED. Prints its port.
enum BatchPeer {
    static let script = #"""
import http.server, json, os, signal, socketserver, subprocess, sys, tempfile, threading, time, base64, secrets
signal.signal(signal.SIGTERM, signal.SIG_DFL)
threading.Timer(170, lambda: os._exit(0)).start()
keydir, log_path, pub_key_id, mchid, healed_path = sys.argv[1:6]
PREFIX = "/v3/marketing/partner/product-coupon/users/"
lock = threading.Lock()
issued = {}

def openssl(args, data):
    return subprocess.run(["openssl"] + args, input=data, capture_output=True)

def verify(message, signature):
    with tempfile.NamedTemporaryFile() as sig:
        sig.write(signature); sig.flush()
        return openssl(["dgst", "-sha256", "-verify", os.path.join(keydir, "merchant_public_key.pem"),
                        "-signature", sig.name], message).returncode == 0

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass

    def answer(self, status, payload):
        body = json.dumps(payload, ensure_ascii=False).encode()
        ts = str(int(time.time())); nonce = secrets.token_hex(16)
        signed = openssl(["dgst", "-sha256", "-sign", os.path.join(keydir, "wechatpay_private_key.pem")],
                         (ts + "\n" + nonce + "\n").encode() + body + b"\n").stdout
        try:
            self.send_response(status)
            for name, value in [("Content-Type", "application/json"), ("Request-ID", "PEER-" + nonce[:12]),
                                ("Wechatpay-Timestamp", ts), ("Wechatpay-Nonce", nonce), ("Wechatpay-Serial", pub_key_id),
                                ("Wechatpay-Signature", base64.b64encode(signed).decode()),
                                ("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"), ("Content-Length", str(len(body)))]:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (o-slow): what it was owed is in `issued`

    def log(self, entry):
        with lock:
            with open(log_path, "a") as log: log.write(json.dumps(entry) + "\n")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        scheme, _, params = self.headers.get("Authorization", "").partition(" ")
        fields = {}
        for part in params.split(","):
            key, _, value = part.strip().partition("=")
            fields[key] = value.strip('"')
        message = ("POST\n%s\n%s\n%s\n" % (self.path, fields.get("timestamp", ""), fields.get("nonce_str", ""))).encode() + body + b"\n"
        try: signature = base64.b64decode(fields.get("signature", ""), validate=True)
        except Exception: signature = b""
        verified = scheme == "WECHATPAY2-SHA256-RSA2048" and fields.get("mchid") == mchid and verify(message, signature)
        number = json.loads(body or b"{}").get("send_request_no", "")
        openid = self.path[len(PREFIX):].split("/")[0] if self.path.startswith(PREFIX) else ""
        healed = os.path.exists(healed_path)
        entry = {"number": number, "openid": openid, "verified": verified, "status": 0, "token": None}
        if not verified:
            entry["status"] = 401; self.log(entry)
            return self.answer(401, {"code": "SIGN_ERROR", "message": "签名错误"})
        if openid.startswith("o-budget"):
            entry["status"] = 400; self.log(entry)
            return self.answer(400, {"code": "INVALID_REQUEST", "message": "批次预算耗尽，无法继续发放"})
        if openid.startswith("o-5xx") and not healed:
            entry["status"] = 500; self.log(entry)
            return self.answer(500, {"code": "SYSTEM_ERROR", "message": "系统错误"})
        with lock:
            token = issued.setdefault(number, "PEER_" + secrets.token_hex(8))
        entry["status"] = 200; entry["token"] = token; self.log(entry)
        if openid.startswith("o-slow") and not healed:
            time.sleep(2.5)
        self.answer(200, {"token": token})

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    /// One request as the peer logged it.
    struct Seen: Decodable {
        let number: String
        let openid: String
        let verified: Bool
        let status: Int
        let token: String?
    }
}

typealias BatchPeerServer = IndependentPeerServer<BatchPeer.Seen>

extension IndependentPeerServer where Seen == BatchPeer.Seen {
    convenience init(keyDirectory: String, publicKeyID: String, mchid: String, healed: String) throws {
        try self.init(script: BatchPeer.script, named: "batch-peer.py", log: "batch-peer.jsonl",
                      arguments: [keyDirectory, publicKeyID, mchid, healed])
    }
}
