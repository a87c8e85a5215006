// swift-tools-version:6.0
import PackageDescription

// No SwiftPM dependencies by design: the C libraries come from Debian (see README / .ci/run)
// and are wrapped by the three systemLibrary targets below.
let package = Package(
    name: "CouponDesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "coupondesk", targets: ["coupondesk"]),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd",
                       providers: [.apt(["libmicrohttpd-dev"])]),

        .target(name: "WeChatPayCore", dependencies: ["COpenSSL"]),
        .target(name: "CouponHistory", dependencies: ["WeChatPayCore"]),
        .target(name: "CouponSandbox", dependencies: ["WeChatPayCore", "COpenSSL", "CMicroHTTPD"]),
        .target(name: "Console", dependencies: ["WeChatPayCore", "CouponHistory"]),
        // Restores the terminal from a fatal signal's handler: C, so it is plainly async-signal-safe.
        .target(name: "CTerminalRescue"),
        .target(name: "CursesTerminal", dependencies: ["Console", "CNcursesw", "CTerminalRescue"]),
        .executableTarget(name: "coupondesk",
                          dependencies: ["WeChatPayCore", "CouponHistory", "CouponSandbox",
                                         "Console", "CursesTerminal"]),
        // Benchmarks: run with `swift run -c release coupondesk-bench [suite]`.
        .executableTarget(name: "coupondesk-bench",
                          dependencies: ["WeChatPayCore", "CouponHistory", "CouponSandbox", "Console"]),

        // Test helper for CouponHistoryTests' crash and two-writer tests: appends and acknowledges records.
        .executableTarget(name: "history-crash-writer", dependencies: ["WeChatPayCore", "CouponHistory"]),
        // Test helper for EndToEndTests' crash tests: opens the console's screen, then crashes for real.
        .executableTarget(name: "terminal-crash-helper", dependencies: ["Console", "CursesTerminal"]),

        .testTarget(name: "WeChatPayCoreTests", dependencies: ["WeChatPayCore"]),
        .testTarget(name: "CouponHistoryTests", dependencies: ["CouponHistory"]),
        .testTarget(name: "CouponSandboxTests", dependencies: ["CouponSandbox", "WeChatPayCore"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console"]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "Console"]),
        .testTarget(name: "EndToEndTests",
                    dependencies: ["WeChatPayCore", "CouponHistory", "CouponSandbox"]),
    ],
    swiftLanguageModes: [.v6]
)
