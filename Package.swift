// swift-tools-version:6.0
import PackageDescription

// No SwiftPM dependencies by design: the C libraries come from Debian (see README / .ci/run)
// and are wrapped by the systemLibrary targets below.
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
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd",
                       providers: [.apt(["libmicrohttpd-dev"])]),

        // The words shown to a person, one table per language (a leaf: machine values are mapped by raw string).
        .target(name: "CouponDeskText"),
        .target(name: "WeChatPayCore", dependencies: ["COpenSSL", "CCurl", "CouponDeskText"]),
        .target(name: "CouponHistory", dependencies: ["WeChatPayCore", "CouponDeskText"]),
        .target(name: "CouponSandbox", dependencies: ["WeChatPayCore", "CMicroHTTPD", "CouponDeskText"]),
        // Campaigns (`coupondesk batch`): the CSV file, its checks and numbers, the resume rule, the rate
        // limiter and the workers.
        .target(name: "CouponBatch", dependencies: ["WeChatPayCore", "CouponHistory", "COpenSSL", "CouponDeskText"]),
        // The TUI: pure update/view; knows no log (the runtime posts the rows it reads as messages).
        .target(name: "Console", dependencies: ["WeChatPayCore", "CouponDeskText"]),
        // The console's history over CouponHistory's reader: what the command line hands the runtime.
        .target(name: "ConsoleHistory", dependencies: ["Console", "CouponHistory", "WeChatPayCore"]),
        // Restores the terminal from a fatal signal's handler: C, so it is plainly async-signal-safe.
        .target(name: "CTerminalRescue"),
        .target(name: "CursesTerminal", dependencies: ["Console", "CNcursesw", "CTerminalRescue"]),
        // The git commit of the build, for --version: written by the plugin before every build.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), exclude: ["write-build-info.sh"]),
        .target(name: "CouponDeskBuildInfo", plugins: ["BuildInfoPlugin"]),
        // The command line as a library (commands, option specs, output), tested in-process.
        .target(name: "CouponDeskCLI",
                dependencies: ["WeChatPayCore", "CouponHistory", "CouponSandbox", "Console", "ConsoleHistory",
                               "CursesTerminal", "CouponDeskBuildInfo", "CouponDeskText", "CouponBatch"]),
        .executableTarget(name: "coupondesk", dependencies: ["CouponDeskCLI"]),
        // Benchmarks: run with `swift run -c release coupondesk-bench [suite]`.
        .executableTarget(name: "coupondesk-bench",
                          dependencies: ["WeChatPayCore", "CouponHistory", "CouponSandbox", "Console", "ConsoleHistory",
                                         "CouponBatch"]),

        // The README's pictures of the console, drawn from its cell grid: `swift run coupondesk-screenshot`.
        .target(name: "ConsoleScreenshot", dependencies: ["Console", "WeChatPayCore", "CouponSandbox", "CouponDeskText"]),
        .executableTarget(name: "coupondesk-screenshot", dependencies: ["ConsoleScreenshot", "Console"]),

        // Test helper for CouponHistoryTests' crash and two-writer tests: appends and acknowledges records.
        .executableTarget(name: "history-crash-writer", dependencies: ["WeChatPayCore", "CouponHistory"]),
        // Test helper for EndToEndTests' crash tests: opens the console's screen, then crashes for real.
        .executableTarget(name: "terminal-crash-helper", dependencies: ["Console", "CursesTerminal"]),

        .testTarget(name: "WeChatPayCoreTests", dependencies: ["WeChatPayCore", "CouponDeskTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CouponHistoryTests", dependencies: ["CouponHistory", "CouponDeskText", "CouponDeskTestSupport"]),
        .testTarget(name: "CouponBatchTests",
                    dependencies: ["CouponBatch", "CouponHistory", "CouponSandbox", "WeChatPayCore", "CouponDeskText", "CouponDeskTestSupport"]),
        .testTarget(name: "CouponSandboxTests", dependencies: ["CouponSandbox", "WeChatPayCore", "CouponDeskTestSupport"]),
        .testTarget(name: "CouponDeskTextTests", dependencies: ["CouponDeskText"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "CouponDeskText", "CouponDeskTestSupport"]),
        .testTarget(name: "ConsoleHistoryTests",
                    dependencies: ["ConsoleHistory", "Console", "CouponHistory", "WeChatPayCore", "CouponDeskTestSupport",
                                   "CouponBatch"]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "Console"]),
        .testTarget(name: "ConsoleScreenshotTests", dependencies: ["ConsoleScreenshot", "Console", "WeChatPayCore", "CouponDeskText"]),
        // What the test targets share: temporary directories, the one process runner, the tmux driver,
        // the built products, fixtures and history records.
        .target(name: "CouponDeskTestSupport", dependencies: ["WeChatPayCore", "CouponHistory"],
                path: "Tests/CouponDeskTestSupport"),
        .testTarget(name: "CouponDeskCLITests",
                    dependencies: ["CouponDeskCLI", "CouponHistory", "WeChatPayCore", "CouponSandbox", "CouponDeskText", "CouponDeskTestSupport"]),
        .testTarget(name: "EndToEndTests",
                    dependencies: ["WeChatPayCore", "CouponHistory", "CouponSandbox", "Console", "CouponDeskTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
