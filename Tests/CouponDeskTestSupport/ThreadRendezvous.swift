import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Small tools for tests that line threads up by construction rather than by timing: a group commit
// is held back until others have queued behind it, and what each thread saw is collected.

/// True for the first caller only.
public final class FirstCall: @unchecked Sendable {
    // Unchecked: `taken` is only touched with `lock` held.
    private let lock = NSLock()
    private var taken = false
    public init() {}
    public func take() -> Bool { lock.lock(); defer { lock.unlock() }; defer { taken = true }; return !taken }
}

/// Values added from several threads, in the order they were added.
public final class Collected<T: Sendable>: @unchecked Sendable {
    // Unchecked: `items` is only touched with `lock` held.
    private let lock = NSLock()
    private var items: [T] = []
    public init() {}
    public func add(_ item: T) { lock.lock(); items.append(item); lock.unlock() }
    public var values: [T] { lock.lock(); defer { lock.unlock() }; return items }
}

/// Polls `condition` every millisecond until it holds, for at most 10 s (then the test's own
/// expectations report what did not happen).
public func waitUntil(_ condition: () -> Bool) {
    let deadline = Date().addingTimeInterval(10)
    while !condition() && Date() < deadline { usleep(1_000) }
}

/// Starts `count` threads, each running `body(index)`; returns when all have finished.
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread { body(index); group.leave() }.start()
    }
    group.wait()
}
