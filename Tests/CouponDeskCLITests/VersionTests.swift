import CouponDeskTestSupport
import Foundation
import Testing

/// `coupondesk --version` names the git commit the binary was built from; the build records it with
/// Plugins/BuildInfoPlugin/write-build-info.sh, checked here on repositories made for the test.
@Suite struct VersionTests {
    static let packageRoot = BuiltProduct.packageRoot
    static let script = packageRoot + "/Plugins/BuildInfoPlugin/write-build-info.sh"

    static func git(_ arguments: [String], in directory: String) throws -> String {
        let result = try runChild("git", ["-c", "user.name=CouponDesk Test", "-c", "user.email=test@example.com",
                                          "-c", "commit.gpgsign=false", "-C", directory] + arguments)
        guard result.status == 0 else { throw POSIXError(.EINVAL) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A repository with one commit, made in a fresh directory.
    static func repository() throws -> TempDir {
        let dir = try TempDir()
        _ = try git(["init", "-q"], in: dir.path)
        writeText(dir.file("Package.swift"), "// a package\n")
        _ = try git(["add", "Package.swift"], in: dir.path)
        _ = try git(["commit", "-q", "-m", "first"], in: dir.path)
        return dir
    }

    /// What the script writes for `source` (the generated Swift file's text).
    static func generated(for source: String, environment: [String: String] = [:]) throws -> String {
        let out = try TempDir()
        let result = try runChild("/bin/sh", [script, source, out.file("gen/GeneratedBuildInfo.swift")], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return String(decoding: fileBytes(out.file("gen/GeneratedBuildInfo.swift")), as: UTF8.self)
    }

    @Test func versionPrintsTheVersionAndTheCommitOfTheSourceTree() async throws {
        let run = try await CommandLineRun.coupondesk(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("coupondesk 0."))
        // The tests run from the source tree the binary was built from: its HEAD is the commit named.
        if let head = try? Self.git(["rev-parse", "--short=12", "HEAD"], in: Self.packageRoot) {
            #expect(run.stdout.contains("(commit \(head)"), "\(run.stdout)")
        } else {
            #expect(!run.stdout.contains("commit"), "built without a repository: \(run.stdout)")
        }
    }

    @Test func theBuildRecordsTheCommitOfARepository() throws {
        let repo = try Self.repository()
        let head = try Self.git(["rev-parse", "--short=12", "HEAD"], in: repo.path)
        let date = try Self.git(["log", "-1", "--format=%cs"], in: repo.path)
        let text = try Self.generated(for: repo.path)
        #expect(text.contains("let generatedCommit = \"\(head)\"\n"))
        #expect(text.contains("let generatedCommitDate = \"\(date)\"\n"))
    }

    @Test func uncommittedChangesMarkTheCommitDirty() throws {
        let repo = try Self.repository()
        writeText(repo.file("Package.swift"), "// changed\n")
        let head = try Self.git(["rev-parse", "--short=12", "HEAD"], in: repo.path)
        #expect(try Self.generated(for: repo.path).contains("\"\(head)-dirty\""))
    }

    @Test func aTreeWithoutGitMetadataBuildsWithAnUnknownCommit() throws {
        let tarball = try TempDir()
        writeText(tarball.file("Package.swift"), "// a package\n")
        #expect(try Self.generated(for: tarball.path).contains("let generatedCommit = \"unknown\""))
    }

    @Test func aTreeUnpackedInsideAnotherRepositoryDoesNotTakeItsCommit() throws {
        let repo = try Self.repository()
        try FileManager.default.createDirectory(atPath: repo.file("vendor/coupondesk"), withIntermediateDirectories: true)
        #expect(try Self.generated(for: repo.file("vendor/coupondesk")).contains("let generatedCommit = \"unknown\""))
    }

    @Test func withoutGitInstalledTheCommitIsUnknown() throws {
        let repo = try Self.repository()
        // A PATH with the few tools the script uses, and no git.
        let bin = try TempDir()
        for tool in ["dirname", "mkdir", "cmp", "mv", "rm"] {
            let found = try runChild("sh", ["-c", "command -v \(tool)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try FileManager.default.createSymbolicLink(atPath: bin.file(tool), withDestinationPath: found)
        }
        #expect(try Self.generated(for: repo.path, environment: ["PATH": bin.path]).contains("let generatedCommit = \"unknown\""))
    }

    @Test func anUnchangedCommitLeavesTheGeneratedFileUntouched() throws {
        let repo = try Self.repository()
        let out = try TempDir()
        let file = out.file("GeneratedBuildInfo.swift")
        _ = try runChild("/bin/sh", [Self.script, repo.path, file])
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: file)
        _ = try runChild("/bin/sh", [Self.script, repo.path, file])
        let after = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        #expect(after == Date(timeIntervalSince1970: 1_000_000), "rewritten although nothing changed: the target would rebuild")
    }
}
