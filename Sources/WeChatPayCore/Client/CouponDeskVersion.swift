/// The product version the client names in `User-Agent` (`CouponDesk/<version>`) and `--version` prints.
public enum CouponDeskVersion {
    public static let current = "0.1.0"
    public static var userAgent: String { "CouponDesk/\(current)" }
}
