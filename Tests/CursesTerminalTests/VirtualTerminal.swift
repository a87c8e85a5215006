import Console
@testable import CursesTerminal
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An ncurses screen opened with `newterm` on pipes — never `initscr()`, never the real terminal.
/// Tests write key bytes into `keys` and may read what ncurses wrote from `output`.
@MainActor
final class VirtualTerminal {
    let screen: CursesScreen
    nonisolated let inputWrite: Int32
    private let inputFile: UnsafeMutablePointer<FILE>
    private let outputFile: UnsafeMutablePointer<FILE>
    private let outputRead: Int32
    private var collected = Data()

    init(type: String = "xterm-256color") throws {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&output) == 0 else { throw CursesError.cannotStart("pipe") }
        inputWrite = input[1]
        outputRead = output[0]
        // Never block the test on a full output pipe: drain it as we go.
        _ = fcntl(outputRead, F_SETFL, fcntl(outputRead, F_GETFL) | O_NONBLOCK)
        inputFile = fdopen(input[0], "r")
        outputFile = fdopen(output[1], "w")
        screen = try CursesScreen(terminalType: type, input: inputFile, output: outputFile)
        screen.resize(to: Size(width: 80, height: 24))
        while screen.readInput(timeoutMilliseconds: 0) != nil {}   // the KEY_RESIZE that resize queued
        drainOutput()
    }

    nonisolated func send(_ text: String) { send(bytes: Array(text.utf8)) }

    /// Raw bytes, UTF-8 or not, as a paste would deliver them.
    nonisolated func send(bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(inputWrite, $0.baseAddress, $0.count) }
    }

    /// Inputs decoded until none arrives within `timeout` ms.
    func readAll(timeout: Int = 100) -> [TerminalInput] {
        var out: [TerminalInput] = []
        while let input = screen.readInput(timeoutMilliseconds: timeout) { out.append(input) }
        return out
    }

    /// The bytes ncurses wrote to the terminal so far.
    func drainOutput() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(outputRead, &buffer, buffer.count)
            if n <= 0 { break }
            collected.append(contentsOf: buffer[0..<n])
        }
    }

    var outputText: String {
        drainOutput()
        return String(decoding: collected, as: UTF8.self)
    }

    func rows() -> [String] { (0..<screen.size.height).map { screen.screenText(row: $0) } }

    func close() {
        screen.close()
        drainOutput()
        fclose(inputFile)
        fclose(outputFile)
        Glibc.close(inputWrite)
        Glibc.close(outputRead)
    }
}
