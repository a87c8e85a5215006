import Foundation

// The history log's two records written by hand, member by member in sorted key order: byte for byte
// what `encode(to:)` through JSONEncoder writes (see `HistoryLogLine`; the tests hold them side by side).
// A field added to a record's `encode(to:)` must be added here too, or the comparison tests fail.

extension SendRecord {
    public func jsonLine() throws -> Data {
        var out = JSONLineWriter()
        out.beginObject()
        out.key("attempts"); out.int(attempts)
        out.key("elapsed_ms"); out.int(elapsedMs)
        out.key("error"); out.error(error)
        out.flavor(flavor)
        out.key("http_status"); out.int(httpStatus)
        out.key("mode"); out.string(mode)
        out.key("operator"); out.string(`operator`)
        out.key("outcome"); out.string(outcome.rawValue)
        out.key("request"); out.request(request)
        out.key("request_id"); out.string(requestID)
        out.sender(sender)
        out.key("time"); out.string(time)
        out.key("token"); out.string(token)
        out.key("v"); out.int(v)
        out.endObject()
        return Data(out.bytes)
    }
}

extension ConfirmRecord {
    public func jsonLine() throws -> Data {
        var out = JSONLineWriter()
        out.beginObject()
        out.key("action"); out.string(Self.action)
        out.key("attempts"); out.int(attempts)
        out.key("confirm"); out.confirm(request)
        out.key("coupon_state"); out.string(couponState)
        out.key("elapsed_ms"); out.int(elapsedMs)
        out.key("error"); out.error(error)
        out.flavor(flavor)
        out.key("http_status"); out.int(httpStatus)
        out.key("mode"); out.string(mode)
        out.key("operator"); out.string(`operator`)
        out.key("outcome"); out.string(outcome.rawValue)
        out.key("pre_send_request_no"); out.string(preSendRequestNo)
        out.key("request_id"); out.string(requestID)
        out.sender(sender)
        out.key("time"); out.string(time)
        out.key("v"); out.int(v)
        out.endObject()
        return Data(out.bytes)
    }
}

extension JSONLineWriter {
    /// A pre-send's request: absent optionals as explicit null (DESIGN §5).
    mutating func request(_ request: PreSendRequest) {
        beginObject()
        key("appid"); string(request.appid)
        key("attach"); string(request.attach)
        key("brand_id"); string(request.brandID)
        key("coupon_code"); string(request.couponCode)
        key("openid"); string(request.openid)
        key("product_coupon_id"); string(request.productCouponID)
        key("send_request_no"); string(request.sendRequestNo)
        key("stock_id"); string(request.stockID)
        endObject()
    }

    /// A confirm's request (every member is required).
    mutating func confirm(_ request: ConfirmRequest) {
        beginObject()
        key("appid"); string(request.appid)
        key("brand_id"); string(request.brandID)
        key("coupon_code"); string(request.couponCode)
        key("openid"); string(request.openid)
        key("out_request_no"); string(request.outRequestNo)
        key("product_coupon_id"); string(request.productCouponID)
        key("stock_id"); string(request.stockID)
        endObject()
    }
}
