import CouponDeskTestSupport
import Foundation
import WeChatPayCore

/// Third-party peers that share no code with CouponDesk: python3's http.server and urllib, with every
/// signature made and checked by the `openssl` command. They speak the brand-direct flavor (and the
/// partner flavor, to compare) exactly as PROTOCOL §2, §3 and §7 describe it.
enum IndependentPeers {
    /// A WeChat Pay-compatible server. It checks what a brand-direct request must be — the brand path,
    /// the BRAND scheme with brand_id and no mchid, a body without brand_id, the PUB_KEY_ID_ in
    /// Wechatpay-Serial, a signature that `openssl dgst -verify` accepts with the caller's public key —
    /// logs what it saw (one JSON line per request), and answers by openid, signing with `openssl dgst
    /// -sign`. Arguments: KEYDIR LOG PUB_KEY_ID BRAND_ID MCHID. Prints its port.
    static let serverScript = #"""
import http.server, json, os, signal, socketserver, subprocess, sys, tempfile, threading, time, base64, secrets
signal.signal(signal.SIGTERM, signal.SIG_DFL)
threading.Timer(120, lambda: os._exit(0)).start()
keydir, log_path, pub_key_id, brand_id, mchid = sys.argv[1:6]
PARTNER = ("/v3/marketing/partner/product-coupon/users/", "WECHATPAY2-SHA256-RSA2048", "mchid", "merchant_public_key.pem")
BRAND = ("/brand/marketing/product-coupon/users/", "WECHATPAY-BRAND-SHA256-RSA2048", "brand_id", "brand_public_key.pem")
lock = threading.Lock()

def openssl(args, data):
    return subprocess.run(["openssl"] + args, input=data, capture_output=True)

def verify(pem, message, signature):
    with tempfile.NamedTemporaryFile() as sig:
        sig.write(signature); sig.flush()
        return openssl(["dgst", "-sha256", "-verify", os.path.join(keydir, pem), "-signature", sig.name], message).returncode == 0

# openid prefix -> (status, code, message, numeric code for partner, numeric code for brand)
ANSWERS = {
    "o-total": (400, "INVALID_REQUEST", "批次预算耗尽，无法继续发放", 268500100, 268500100),
    "o-daily": (400, "INVALID_REQUEST", "今日发放数量已达单日预算上限", 268500101, 268500101),
    "o-user": (400, "INVALID_REQUEST", "用户领取券张数已达上限", 272756740, 272756740),
    "o-paused": (400, "INVALID_REQUEST", "商品券批次状态不是发放中", 268577984, 268577984),
    "o-conflict": (400, "INVALID_REQUEST", "发放请求单号重复", 268578927, 268578927),
    "o-openid": (400, "PARAM_ERROR", "解析OpenID错误", 268578526, 268578532),
    "o-noauth": (403, "NO_AUTH", "无权限", 268579803, 268579803),
    "o-notfound": (404, "RESOURCE_NOT_EXISTS", "批次不存在", 268578608, 268578608),
    "o-appid": (400, "INVALID_REQUEST", "AppID无效", 268578704, 268578704),
    "o-ratelimit": (429, "RATELIMIT_EXCEEDED", "频率过快", 270924289, 270924289),
}

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass

    def answer(self, status, body, numeric):
        ts = str(int(time.time())); nonce = secrets.token_hex(16)
        signed = openssl(["dgst", "-sha256", "-sign", os.path.join(keydir, "wechatpay_private_key.pem")],
                         (ts + "\n" + nonce + "\n").encode() + body + b"\n").stdout
        self.send_response(status)
        for name, value in [("Content-Type", "application/json"), ("Request-ID", "INDEP%s-%d" % (nonce[:8], numeric)),
                            ("Wechatpay-Timestamp", ts), ("Wechatpay-Nonce", nonce), ("Wechatpay-Serial", pub_key_id),
                            ("Wechatpay-Signature", base64.b64encode(signed).decode()),
                            ("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"), ("Content-Length", str(len(body)))]:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def refuse(self, status, code, message, numeric=268500999):
        self.answer(status, json.dumps({"code": code, "message": message}, ensure_ascii=False).encode(), numeric)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        flavor = BRAND if self.path.startswith(BRAND[0]) else PARTNER
        auth = self.headers.get("Authorization", "")
        scheme, _, params = auth.partition(" ")
        fields = {}
        for part in params.split(","):
            key, _, value = part.strip().partition("=")
            fields[key] = value.strip('"')
        message = ("POST\n%s\n%s\n%s\n" % (self.path, fields.get("timestamp", ""), fields.get("nonce_str", ""))).encode() + body + b"\n"
        try: signature = base64.b64decode(fields.get("signature", ""), validate=True)
        except Exception: signature = b""
        seen = {"path": self.path, "flavor": "brand" if flavor is BRAND else "partner", "scheme": scheme,
                "auth_keys": sorted(fields), "caller": fields.get(flavor[2]),
                "body_keys": sorted(json.loads(body or b"{}")), "wechatpay_serial": self.headers.get("Wechatpay-Serial"),
                "verified": verify(flavor[3], message, signature)}
        with lock:
            with open(log_path, "a") as log: log.write(json.dumps(seen) + "\n")
        expected_caller = brand_id if flavor is BRAND else mchid
        if scheme != flavor[1] or seen["caller"] != expected_caller or not seen["verified"]:
            return self.refuse(401, "SIGN_ERROR", "签名错误")
        if flavor is BRAND and ("mchid" in fields or "brand_id" in seen["body_keys"] or seen["wechatpay_serial"] != pub_key_id):
            return self.refuse(400, "PARAM_ERROR", "品牌直连请求不合规")
        openid = self.path[len(flavor[0]):].split("/")[0]
        for prefix, (status, code, text, partner_numeric, brand_numeric) in ANSWERS.items():
            if openid.startswith(prefix):
                return self.refuse(status, code, text, brand_numeric if flavor is BRAND else partner_numeric)
        self.answer(200, json.dumps({"token": "INDEP_" + secrets.token_hex(8)}).encode(), 0)

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    /// A brand-direct client: signs a pre-send by hand with `openssl dgst -sign` over the five lines,
    /// sends it with urllib, and checks the answer's signature with `openssl dgst -verify` and the WeChat
    /// Pay public key. Arguments: SANDBOX_DIR BASE_URL MODE (ok | partner-scheme | no-serial). Prints
    /// one JSON object: status, verified, body.
    static let clientScript = #"""
import base64, json, os, secrets, subprocess, sys, tempfile, time, urllib.request, urllib.error
directory, base_url, mode = sys.argv[1:4]
config = json.load(open(os.path.join(directory, "config-brand.json")))
path = "/brand/marketing/product-coupon/users/o-third-party-%s/pre-send-coupon" % mode
body = json.dumps({"appid": config["defaults"]["appid"], "product_coupon_id": config["defaults"]["product_coupon_id"],
                   "stock_id": config["defaults"]["stock_id"], "send_request_no": "THIRD_" + secrets.token_hex(8)},
                  separators=(",", ":")).encode()
ts = str(int(time.time())); nonce = secrets.token_hex(16)
message = ("POST\n%s\n%s\n%s\n" % (path, ts, nonce)).encode() + body + b"\n"
key = os.path.join(directory, config["private_key_file"])
signature = base64.b64encode(subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=message,
                                            capture_output=True, check=True).stdout).decode()
scheme = "WECHATPAY2-SHA256-RSA2048" if mode == "partner-scheme" else "WECHATPAY-BRAND-SHA256-RSA2048"
caller = "mchid" if mode == "partner-scheme" else "brand_id"
headers = {"Authorization": '%s %s="%s",nonce_str="%s",timestamp="%s",serial_no="%s",signature="%s"' % (
               scheme, caller, config["brand_id"], nonce, ts, config["brand_serial_no"], signature),
           "Content-Type": "application/json", "Accept": "application/json", "User-Agent": "third-party/1.0"}
if mode != "no-serial": headers["Wechatpay-Serial"] = config["wechatpay_public_key_id"]
request = urllib.request.Request(base_url + path, data=body, headers=headers, method="POST")
try:
    response = urllib.request.urlopen(request, timeout=10)
except urllib.error.HTTPError as error:
    response = error
answer = response.read()
h = response.headers
answer_message = (h["Wechatpay-Timestamp"] + "\n" + h["Wechatpay-Nonce"] + "\n").encode() + answer + b"\n"
with tempfile.NamedTemporaryFile() as sig:
    sig.write(base64.b64decode(h["Wechatpay-Signature"])); sig.flush()
    verified = subprocess.run(["openssl", "dgst", "-sha256", "-verify", os.path.join(directory, config["wechatpay_public_key_file"]),
                               "-signature", sig.name], input=answer_message, capture_output=True).returncode == 0
print(json.dumps({"status": response.status, "verified": verified, "serial": h["Wechatpay-Serial"], "body": answer.decode()}))
"""#

    /// What the independent server logged for one request.
    struct Seen: Decodable {
        let path: String
        let flavor: String
        let scheme: String
        let auth_keys: [String]
        let caller: String?
        let body_keys: [String]
        let wechatpay_serial: String?
        let verified: Bool
    }
}

/// The independent server of these tests (see `IndependentPeerServer`).
typealias IndependentBrandServer = IndependentPeerServer<IndependentPeers.Seen>

extension IndependentPeerServer where Seen == IndependentPeers.Seen {
    convenience init(keyDirectory: String, publicKeyID: String, brandID: String, mchid: String) throws {
        try self.init(script: IndependentPeers.serverScript, named: "independent-server.py", log: "independent.jsonl",
                      arguments: [keyDirectory, publicKeyID, brandID, mchid])
    }
}
