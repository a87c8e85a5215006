@testable import Console
import CouponDeskTestSupport
import Foundation
import Testing

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: BuiltProduct.packageRoot).appendingPathComponent("themes")

    @Test func embeddedThemesAreExactlyTheShippedFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.map { String($0.dropLast(5)) } == ShippedThemes.names.sorted())
        for file in files {
            let onDisk = try String(contentsOf: Self.themesDirectory.appendingPathComponent(file), encoding: .utf8)
            let name = String(file.dropLast(5))
            #expect(ShippedThemes.files[name] == onDisk.trimmingCharacters(in: .newlines),
                    "themes/\(file) changed: run themes/embed.sh")
        }
    }

    @Test(arguments: ["default", "light", "high-contrast", "mono"])
    func everyShippedThemeMapsEveryRole(name: String) throws {
        let theme = try #require(ShippedThemes.theme(named: name))
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(Role.allCases))
    }

    @Test func monoUsesNoColour() throws {
        let mono = try #require(ShippedThemes.theme(named: "mono"))
        for style in mono.styles.values {
            #expect(style.foreground == .terminalDefault && style.background == .terminalDefault)
        }
    }

    @Test func aMissingRoleIsAnErrorNamingTheFileAndRole() {
        let json = #"{"name":"x","roles":{"title":{"fg":"red"}}}"#
        #expect(throws: ThemeError.invalid(file: "/tmp/x.json", reason: "role 'border' is missing; every role needs a style")) {
            try Theme.parse(Data(json.utf8), file: "/tmp/x.json")
        }
    }

    @Test func brokenJSONNamesTheFile() {
        do {
            _ = try Theme.parse(Data("{oops".utf8), file: "/home/u/.config/coupondesk/themes/mine.json")
            Issue.record("parsed broken JSON")
        } catch {
            #expect(error.description.contains("/home/u/.config/coupondesk/themes/mine.json"))
            #expect(error.description.contains("not valid JSON"))
        }
    }

    @Test func anUnknownColourIsRefusedWithTheChoices() {
        let roles = Role.allCases.map { "\"\($0.rawValue)\":{\"fg\":\"\($0 == .hint ? "purplish" : "red")\"}" }.joined(separator: ",")
        do {
            _ = try Theme.parse(Data("{\"name\":\"x\",\"roles\":{\(roles)}}".utf8), file: "x.json")
            Issue.record("accepted an unknown colour")
        } catch {
            #expect(error.description.contains("role 'hint'"))
            #expect(error.description.contains("'purplish' is not a colour"))
        }
    }

    @Test func noColorForcesMonoWhateverWasAsked() throws {
        let theme = try ThemeSelection.resolve(name: "high-contrast", environment: ["NO_COLOR": "1"], readFile: { _ in nil })
        #expect(theme.name == "mono")
    }

    @Test func anEmptyNoColorIsIgnored() throws {
        let theme = try ThemeSelection.resolve(name: "light", environment: ["NO_COLOR": ""], readFile: { _ in nil })
        #expect(theme.name == "light")
    }

    @Test func aUserThemeInTheConfigDirectoryIsFoundByName() throws {
        let mine = ShippedThemes.files["mono"]!.replacingOccurrences(of: "\"mono\"", with: "\"mine\"")
        var asked: [String] = []
        let theme = try ThemeSelection.resolve(name: "mine", environment: ["XDG_CONFIG_HOME": "/cfg"]) { path in
            asked.append(path)
            return path == "/cfg/coupondesk/themes/mine.json" ? Data(mine.utf8) : nil
        }
        #expect(theme.name == "mine")
        #expect(asked == ["/cfg/coupondesk/themes/mine.json"])
    }

    @Test func withoutXDGUserThemesLiveUnderHomeConfig() {
        #expect(ThemeSelection.userThemesDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.config/coupondesk/themes")
    }

    @Test func anUnknownNameSaysWhereItLookedAndWhatShips() {
        do {
            _ = try ThemeSelection.resolve(name: "neon", environment: ["HOME": "/home/u"], readFile: { _ in nil })
            Issue.record("found a theme that does not exist")
        } catch {
            #expect(error.description.contains("/home/u/.config/coupondesk/themes/neon.json"))
            #expect(error.description.contains("default, high-contrast, light, mono"))
        }
    }

    @Test func aPathIsReadAsAFileAndAMissingOneIsNamed() {
        #expect(throws: ThemeError.unreadable(file: "./nope.json")) {
            try ThemeSelection.resolve(name: "./nope.json", environment: [:], readFile: { _ in nil })
        }
    }

    @Test func noNameMeansTheDefaultTheme() throws {
        #expect(try ThemeSelection.resolve(name: nil, environment: [:], readFile: { _ in nil }).name == "default")
    }
}
