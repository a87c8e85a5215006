import WeChatPayCore

/// Fresh send_request_nos drawn ahead by the runtime. `update` takes one whenever the form needs a new
/// number and asks for more with `Effect.drawSendRequestNumbers` when few are left, so it never draws
/// one itself and stays a function of its model and message.
public struct FreshNumbers: Equatable, Sendable {
    public private(set) var numbers: [String]
    /// Below this many, `update` asks the runtime for more (it takes at most two for one message).
    public static let reserve = 4

    public init(_ numbers: [String]) { self.numbers = numbers }

    /// `count` numbers drawn now, for a model being built (`SendRequestNumber.generate`).
    public static func drawn(_ count: Int = reserve) -> FreshNumbers {
        FreshNumbers((0..<count).map { _ in SendRequestNumber.generate() })
    }

    public var count: Int { numbers.count }

    /// The next number. Never empty while the runtime answers its requests; if it were, the form gets
    /// an empty number, which it refuses to send, rather than one used before.
    mutating func take() -> String { numbers.isEmpty ? "" : numbers.removeFirst() }

    mutating func add(_ more: [String]) { numbers += more }
}
