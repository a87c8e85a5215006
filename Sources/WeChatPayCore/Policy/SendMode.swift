import Foundation

/// Where a send goes, as the history's `mode` field records it (DESIGN §5). The one place the words
/// are spelled: every front end records, compares and prints them through this type.
public enum SendMode: String, CaseIterable, Sendable {
    /// The embedded demo sandbox: nothing real is sent.
    case demo
    /// Every config-driven send, loopback included: a record cannot know whether a loopback base_url
    /// is a sandbox or a tunnel to WeChat Pay, so it is treated as real.
    case live

    /// The mode of a record that has no `mode` field (logs written before it existed held live sends).
    public static let unrecorded = SendMode.live
}

extension SendRecord {
    /// The record's mode, or nil for a word this build does not know (a newer build's): such a record
    /// matches no mode, so it is never resent from here.
    public var sendMode: SendMode? { SendMode(rawValue: mode) }
}
