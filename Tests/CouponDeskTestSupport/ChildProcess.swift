import Foundation

/// What a child process left: its exit status and both output streams.
public struct ChildResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program found on PATH (through /usr/bin/env) to completion, with stdout and stderr in files
/// (so neither pipe can fill up and stall it), in `directory` when given, with the test process's
/// environment plus `environment`.
public func runChild(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                     directory: String? = nil) throws -> ChildResult {
    let dir = try TempDir()
    let outPath = dir.file("stdout"), errPath = dir.file("stderr")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
        throw POSIXError(.EIO)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close(); try err.close()
    return ChildResult(status: process.terminationStatus,
                       stdout: String(decoding: fileBytes(outPath), as: UTF8.self),
                       stderr: String(decoding: fileBytes(errPath), as: UTF8.self))
}
