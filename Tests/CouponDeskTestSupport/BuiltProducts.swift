import Foundation

/// Where this package is and what its build made: the executables the tests run (`coupondesk`, the
/// crash helpers) sit beside the test bundle in `.build/<triple>/debug`.
public enum BuiltProduct {
    /// The package's root folder (this file is `Tests/CouponDeskTestSupport/BuiltProducts.swift`).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.path

    /// The built executable `name`, or an error saying how to build it.
    public static func path(_ name: String) throws -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folders: [URL] = []
        var folder = executable.deletingLastPathComponent()
        // Linux runs `<dir>/CouponDeskPackageTests.xctest`; the products sit in `<dir>`.
        for _ in 0..<3 {
            folders.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        folders += [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                    Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                    URL(fileURLWithPath: packageRoot + "/.build/debug")]
        let candidates = folders.map { $0.appendingPathComponent(name).path }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NotBuilt(name: name, looked: candidates)
        }
        return found
    }

    /// The `coupondesk` binary.
    public static func coupondesk() throws -> String { try path("coupondesk") }

    public struct NotBuilt: Error, CustomStringConvertible {
        public let name: String
        public let looked: [String]
        public var description: String {
            "\(name) was not found beside the tests (looked in \(looked)); build it with `swift build --build-tests`"
        }
    }
}

/// Test data kept in the repository, so a clone with nothing beside it runs every test. A missing or
/// damaged file fails the test that needs it, with the path in the message; it never stops the run.
public struct FixtureFolder: Sendable {
    public let path: String

    /// `relativePath` from the package's root, e.g. `Tests/WeChatPayCoreTests/Fixtures/sha256-rsa`.
    public init(_ relativePath: String) { path = BuiltProduct.packageRoot + "/" + relativePath }

    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "test fixture \(path) could not be read (\(reason)); it belongs in the repository" }
    }

    /// The path of a fixture file, after checking that it is there.
    public func path(_ name: String) throws -> String {
        let file = path + "/" + name
        guard FileManager.default.isReadableFile(atPath: file) else { throw Missing(path: file, reason: "no such readable file") }
        return file
    }

    public func data(_ name: String) throws -> Data {
        let file = try path(name)
        do { return try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw Missing(path: file, reason: "\(error)") }
    }

    public func text(_ name: String) throws -> String { String(decoding: try data(name), as: UTF8.self) }
}
