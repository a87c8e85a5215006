import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who is sending, as written into every history record's `operator` field: the config's `operator`,
/// else `USER`, else `LOGNAME`, else the login name of the effective user in the password database
/// (a cron job or a service often has neither variable set). Empty values count as unset.
public enum OperatorName {
    public static func resolve(configured: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               passwordDatabase: () -> String? = OperatorName.effectiveUserLoginName) -> String? {
        for candidate in [configured, environment["USER"], environment["LOGNAME"]] {
            if let name = candidate, !name.isEmpty { return name }
        }
        return passwordDatabase().flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The login name of `geteuid()` in the password database, or nil when it has no entry.
    public static func effectiveUserLoginName() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}
