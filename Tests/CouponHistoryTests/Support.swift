import CouponDeskTestSupport
import Foundation
import WeChatPayCore
@testable import CouponHistory

extension HistoryReader {
    /// Every row's send_request_no, newest first.
    var rowNumbers: [String] {
        (0..<count).compactMap { record(newestFirst: $0)?.request.sendRequestNo }
    }
}
