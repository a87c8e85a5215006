import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponDeskCLI

/// `coupondesk man`: a roff page generated from the command specs and exit codes, rendered by `man`.
@Suite struct ManPageTests {
    static func page() async throws -> String {
        let run = try await CommandLineRun.coupondesk(["man"])
        #expect(run.status == 0)
        return run.stdout
    }

    /// `man -l` on the page with all of groff's warnings on, in `locale`; returns (stdout, stderr).
    static func render(locale: String) async throws -> ChildResult {
        let dir = try TempDir()
        writeText(dir.file("coupondesk.1"), try await page())
        return try runChild("man", ["--warnings=w", "-l", dir.file("coupondesk.1")],
                            environment: ["MANWIDTH": "80", "LANG": locale, "LC_ALL": locale, "MANPAGER": "cat", "PAGER": "cat"])
    }

    @Test func manRendersThePageWithoutWarnings() async throws {
        let result = try await Self.render(locale: "C.UTF-8")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.contains("EXIT STATUS"))
        #expect(result.stdout.contains("商品券"))
    }

    @Test func manRendersThePageWithoutWarningsInAnASCIILocale() async throws {
        let result = try await Self.render(locale: "C")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.contains("product coupons (???)"), "a glyph the device lacks is shown as ?, not dropped")
    }

    @Test func everyCommandAndOptionOfTheRegistryHasItsSection() async throws {
        let page = try await Self.page()
        let sections = page.components(separatedBy: "\n.SS ")
        for spec in ShellCompletion.specs {
            let title = "\"coupondesk" + (spec.name.isEmpty ? "" : " " + spec.name) + "\"\n"
            let section = try #require(sections.first { $0.hasPrefix(title) }, "no section for '\(spec.name)'")
            for option in spec.options.map(\.name) + ["--help"] {
                let roff = "\\fB" + option.replacingOccurrences(of: "-", with: "\\-") + "\\fR"
                #expect(section.contains(".TP\n" + roff), "'\(spec.name)' section lacks \(option)")
            }
        }
    }

    @Test func thePageListsEveryExitCodeFileAndEnvironmentVariable() async throws {
        let rendered = try await Self.render(locale: "C.UTF-8").stdout
        func section(_ name: String) -> String {
            rendered.components(separatedBy: "\n\(name)\n").dropFirst().first?.components(separatedBy: "\n\n\n").first ?? ""
        }
        let status = "\n" + section("EXIT STATUS")
        for code in ["0", "1", "3", "4", "64", "78", "130"] {
            #expect(status.contains("\n       \(code) "), "EXIT STATUS lacks \(code)")
        }
        for file in ["coupondesk/config.json", "coupondesk/history.jsonl", "coupondesk/themes/"] {
            #expect(section("FILES").contains(file), "FILES lacks \(file)")
        }
        for variable in ["COUPONDESK_CONFIG", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "NO_COLOR", "TERM", "LANG", "LC_ALL"] {
            #expect(section("ENVIRONMENT").contains(variable), "ENVIRONMENT lacks \(variable)")
        }
        #expect(section("EXAMPLES").contains("coupondesk demo send --openid"))
    }
}
