import Console
import CursesTerminal
import Foundation

// Test helper for EndToEndTests (issue 9, item 9): opens the console's screen on its terminal exactly
// as the console does (raw mode, no cursor, alternate screen), shows a line, waits for a key, then
// dies the way argv[1] says. The tests run it in tmux and check the terminal is handed back.
//
//   trap      a Swift runtime trap (fatalError), as the filter race's crash was
//   segv      a write through a bad pointer
//   overflow  unbounded recursion (the handler must run on the alternate stack)
//   thread    a trap on another thread than the one that owns the screen
//   abort     abort()

@inline(never)
func recurse(_ depth: Int) -> Int {
    var frame = [UInt8](repeating: UInt8(truncatingIfNeeded: depth), count: 64)
    return withUnsafeMutablePointer(to: &frame) { pointer in recurse(depth + 1) + Int(pointer.pointee[0]) }
}

let how = CommandLine.arguments.dropFirst().first ?? "trap"
let screen: CursesScreen
do { screen = try CursesScreen.openStandardStreams() } catch {
    FileHandle.standardError.write(Data("terminal-crash-helper: \(error)\n".utf8))
    exit(2)
}
var grid = CellGrid(size: screen.size)
grid.draw("crash helper ready (\(how)): press a key", x: 0, y: 0, style: .plain)
screen.present(grid)
while screen.readInput(timeoutMilliseconds: 200) == nil {}

switch how {
case "segv":
    guard let bad = UnsafeMutablePointer<Int>(bitPattern: 16) else { exit(2) }
    bad.pointee = 1
case "overflow":
    print(recurse(0))
case "thread":
    Thread.detachNewThread { fatalError("terminal-crash-helper: a crash on another thread") }
    // Wait for it without ever returning: a sleep ends early when the crash report suspends the
    // threads, and an exit from here could beat the crash to the exit status.
    while true { pause() }
case "abort":
    abort()
default:
    fatalError("terminal-crash-helper: a Swift runtime trap")
}
exit(3)   // not reached: every case above ends the process with a signal
