import CouponDeskTestSupport
import Foundation
import WeChatPayCore

/// A WeChat Pay-compatible server that shares no code with CouponDesk (python3's http.server, every
/// signature checked and made by the `openssl` command) for the look-ups and confirm of PROTOCOL §8–9,
/// in both flavors. It holds claimed and unclaimed coupons:
///
/// - a pre-send to an openid starting `o-claimed` is claimed at once (a CONFIRMING coupon with the
///   send's send_request_no, plus two older coupons of the same stock — one in a state this build
///   does not know and with a field it does not know — so the list has three entries); any other
///   openid's token stays unclaimed;
/// - it serves at most 2 coupons a page, whatever page_size asks (so paging is exercised);
/// - the stock answers fixed numbers (and a field this build does not know);
/// - a confirm turns CONFIRMING into EFFECTIVE, idempotent by out_request_no, 268578367 otherwise.
///
/// Every request is logged as one JSON line: method, the request target as received (path and query),
/// whether its signature verified over `METHOD\nTARGET\nTS\nNONCE\nBODY\n`, the body's keys.
/// Arguments: KEYDIR LOG PUB_KEY_ID BRAND_ID MCHID. Prints its port.
enum IndependentLookupPeer {
    static let serverScript = #"""
import http.server, json, os, signal, socketserver, subprocess, sys, tempfile, threading, time, base64, secrets
from urllib.parse import urlsplit, parse_qsl, unquote
signal.signal(signal.SIGTERM, signal.SIG_DFL)
threading.Timer(180, lambda: os._exit(0)).start()
keydir, log_path, pub_key_id, brand_id, mchid = sys.argv[1:6]
FLAVORS = {"/v3/marketing/partner/product-coupon/": ("WECHATPAY2-SHA256-RSA2048", "mchid", "merchant_public_key.pem", mchid),
           "/brand/marketing/product-coupon/": ("WECHATPAY-BRAND-SHA256-RSA2048", "brand_id", "brand_public_key.pem", brand_id)}
lock = threading.Lock()
coupons = []          # every coupon, newest last
confirms = {}         # out_request_no -> coupon_code
STOCK = {"stock_id": "1000000013001", "product_coupon_id": "1000000013", "brand_id": brand_id, "state": "SENDING",
         "coupon_code_mode": "WECHATPAY", "remark": "independent", "future_rule": {"level": 3},
         "stock_send_rule": {"max_count": 500, "max_count_per_day": 50, "max_count_per_user": 3},
         "sent_count_info": {"total_count": 123, "today_count": 7}}

def openssl(args, data):
    return subprocess.run(["openssl"] + args, input=data, capture_output=True)

def verify(pem, message, signature):
    with tempfile.NamedTemporaryFile() as sig:
        sig.write(signature); sig.flush()
        return openssl(["dgst", "-sha256", "-verify", os.path.join(keydir, pem), "-signature", sig.name], message).returncode == 0

def coupon(openid, number, state, stock="1000000013001", extra=None):
    entry = {"coupon_code": "7%017d" % (len(coupons) + 1), "coupon_state": state, "send_request_no": number,
             "send_channel": "RECEIVE_COMPONENT", "receive_time": "2026-11-28T12:00:0%d+08:00" % len(coupons),
             "valid_begin_time": "2026-11-28T12:00:00+08:00", "valid_end_time": "2026-12-28T12:00:00+08:00",
             "stock": {"stock_id": stock, "product_coupon_id": "1000000013"}, "brand_id": brand_id, "openid": openid}
    entry.update(extra or {})
    coupons.append(entry)

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass

    def answer(self, status, obj, numeric=0):
        body = json.dumps(obj, ensure_ascii=False).encode()
        ts = str(int(time.time())); nonce = secrets.token_hex(16)
        signed = openssl(["dgst", "-sha256", "-sign", os.path.join(keydir, "wechatpay_private_key.pem")],
                         (ts + "\n" + nonce + "\n").encode() + body + b"\n").stdout
        self.send_response(status)
        for name, value in [("Content-Type", "application/json"), ("Request-ID", "LOOK%s-%d" % (nonce[:8], numeric)),
                            ("Wechatpay-Timestamp", ts), ("Wechatpay-Nonce", nonce), ("Wechatpay-Serial", pub_key_id),
                            ("Wechatpay-Signature", base64.b64encode(signed).decode()),
                            ("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"), ("Content-Length", str(len(body)))]:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self, method):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or "0"))
        prefix = next((p for p in FLAVORS if self.path.startswith(p)), None)
        if prefix is None: return self.answer(404, {"code": "RESOURCE_NOT_EXISTS", "message": "no route"}, 268578608)
        scheme_name, caller_key, pem, caller = FLAVORS[prefix]
        scheme, _, params = self.headers.get("Authorization", "").partition(" ")
        fields = {}
        for part in params.split(","):
            key, _, value = part.strip().partition("=")
            fields[key] = value.strip('"')
        message = ("%s\n%s\n%s\n%s\n" % (method, self.path, fields.get("timestamp", ""), fields.get("nonce_str", ""))).encode() + body + b"\n"
        try: signature = base64.b64decode(fields.get("signature", ""), validate=True)
        except Exception: signature = b""
        verified = scheme == scheme_name and fields.get(caller_key) == caller and verify(pem, message, signature)
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        parts = [unquote(p) for p in url.path[len(prefix):].split("/")]
        payload = json.loads(body) if body else {}
        with lock:
            with open(log_path, "a") as log:
                log.write(json.dumps({"method": method, "target": self.path, "verified": verified, "flavor": "brand" if caller_key == "brand_id" else "partner",
                                      "body_keys": sorted(payload), "query": query}) + "\n")
        if not verified: return self.answer(401, {"code": "SIGN_ERROR", "message": "签名错误"}, 268579401)
        if caller_key == "brand_id" and ("brand_id" in query or "brand_id" in payload):
            return self.answer(400, {"code": "PARAM_ERROR", "message": "品牌直连请求不应包含brand_id"}, 268435461)
        if caller_key == "mchid" and (query.get("brand_id") or payload.get("brand_id")) != brand_id:
            return self.answer(400, {"code": "PARAM_ERROR", "message": "brand_id错误"}, 268435461)
        with lock:
            if method == "POST" and len(parts) == 3 and parts[0] == "users" and parts[2] == "pre-send-coupon":
                if parts[1].startswith("o-claimed"):
                    coupon(parts[1], "OLDER_A_" + payload["send_request_no"], "EFFECTIVE")
                    coupon(parts[1], "OLDER_B_" + payload["send_request_no"], "FROZEN_BY_RISK", extra={"risk_note": {"level": "high"}})
                    coupon(parts[1], payload["send_request_no"], "CONFIRMING")
                return self.answer(200, {"token": "LOOK_" + secrets.token_hex(8)})
            if method == "GET" and len(parts) == 3 and parts[0] == "users" and parts[2] == "coupons":
                mine = [c for c in reversed(coupons) if c["openid"] == parts[1]
                        and query.get("stock_id", c["stock"]["stock_id"]) == c["stock"]["stock_id"]
                        and query.get("coupon_state", c["coupon_state"]) == c["coupon_state"]]
                start = int(query.get("page_token", "tok-0")[4:])
                size = min(int(query.get("page_size", "20")), 2)
                page = {"total_count": len(mine), "user_coupon_list": [{k: v for k, v in c.items() if k != "openid"} for c in mine[start:start + size]]}
                if start + size < len(mine): page["next_page_token"] = "tok-%d" % (start + size)
                return self.answer(200, page)
            if method == "GET" and len(parts) == 4 and parts[0] == "product-coupons" and parts[2] == "stocks":
                if parts[3] != STOCK["stock_id"]: return self.answer(404, {"code": "RESOURCE_NOT_EXISTS", "message": "批次不存在"}, 268578608)
                return self.answer(200, STOCK)
            if len(parts) >= 4 and parts[0] == "users" and parts[2] == "coupons":
                found = [c for c in coupons if c["openid"] == parts[1] and c["coupon_code"] == parts[3]]
                if not found: return self.answer(404, {"code": "RESOURCE_NOT_EXISTS", "message": "用户券不存在"}, 268578851)
                c = found[0]
                if method == "POST" and len(parts) == 5 and parts[4] == "confirm":
                    number = payload["out_request_no"]
                    if confirms.get(number) == c["coupon_code"]: pass
                    elif c["coupon_state"] != "CONFIRMING":
                        return self.answer(400, {"code": "INVALID_REQUEST", "message": "用户券状态非法"}, 268578367)
                    else:
                        c["coupon_state"] = "EFFECTIVE"; c["confirm_request_no"] = number
                        c["confirm_time"] = "2026-11-28T12:30:00+08:00"; confirms[number] = c["coupon_code"]
                return self.answer(200, {k: v for k, v in c.items() if k != "openid"})
        return self.answer(404, {"code": "RESOURCE_NOT_EXISTS", "message": "no route"}, 268578608)

    def do_GET(self): self.handle_any("GET")
    def do_POST(self): self.handle_any("POST")

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    /// What the server logged for one request.
    struct Seen: Decodable {
        let method: String
        let target: String
        let verified: Bool
        let flavor: String
        let body_keys: [String]
        let query: [String: String]
    }
}

/// The independent server of these tests (see `IndependentPeerServer`).
typealias IndependentLookupServer = IndependentPeerServer<IndependentLookupPeer.Seen>

extension IndependentPeerServer where Seen == IndependentLookupPeer.Seen {
    convenience init(keyDirectory: String, publicKeyID: String, brandID: String, mchid: String) throws {
        try self.init(script: IndependentLookupPeer.serverScript, named: "independent-lookup-server.py", log: "independent-lookups.jsonl",
                      arguments: [keyDirectory, publicKeyID, brandID, mchid])
    }
}
