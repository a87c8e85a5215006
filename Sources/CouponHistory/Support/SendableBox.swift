import Foundation

/// Hands a value that is not `Sendable` (a buffer pointer) to `DispatchQueue.concurrentPerform`'s
/// lanes. Unchecked because the compiler cannot see why it is safe: every lane writes only its own
/// elements of the buffer, and the caller touches the buffer again only after every lane returned.
/// The package's one such box: use it for nothing else.
struct SendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A value several lanes may set, behind a lock.
final class Locked<T>: @unchecked Sendable {
    // Unchecked: `value` is only read or written with `lock` held.
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func set(_ newValue: T) { lock.lock(); value = newValue; lock.unlock() }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
}
