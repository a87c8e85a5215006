import CNcursesw
import CTerminalRescue
import Console
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum CursesError: Error, CustomStringConvertible {
    case cannotStart(String)
    public var description: String {
        switch self { case .cannotStart(let why): return "cannot start the terminal UI: \(why)" }
    }
}

/// The only code that talks to ncurses. It opens a screen with `newterm` (never `initscr`, so tests
/// can run it over a pipe), reads keys with `get_wch`, and blits `CellGrid` frames, writing only
/// the runs of cells that changed.
@MainActor
public final class CursesScreen: TerminalDevice {
    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    let output: UnsafeMutablePointer<FILE>
    let inputDescriptor: Int32
    let colors: ColorPairs
    var previous: CellGrid?
    var isOpen = true
    let stopFlag = StopFlag()
    var signalSources: [DispatchSourceSignal] = []
    /// A fatal signal restores the terminal (see `armRescue`) until `close` does it the normal way.
    var rescueArmed = false
    let decoder: InputDecoder

    /// Sets a UTF-8 locale so ncursesw reads and writes multibyte text: the user's locale when it
    /// is UTF-8, else C.UTF-8. Returns the codeset in effect.
    @discardableResult
    nonisolated public static func ensureUTF8Locale() -> String {
        setlocale(LC_ALL, "")
        if codeset() != "UTF-8" {
            if setlocale(LC_ALL, "C.UTF-8") == nil { setlocale(LC_CTYPE, "C.UTF-8") }
        }
        return codeset()
    }

    nonisolated static func codeset() -> String { String(cString: nl_langinfo(nl_item(CODESET))) }

    /// Opens ncurses on `input`/`output`. `terminalType` nil means `$TERM`.
    public init(terminalType: String? = nil, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>,
                handleSignals: Bool = false) throws {
        Self.ensureUTF8Locale()
        // The line settings before curses changes them: what a crash must put back.
        var settingsBefore = termios()
        let hadSettings = isatty(fileno(input)) == 1 && tcgetattr(fileno(input), &settingsBefore) == 0
        let opened: OpaquePointer?
        if let terminalType {
            opened = terminalType.withCString { newterm($0, output, input) }
        } else {
            opened = newterm(nil, output, input)
        }
        guard let opened else {
            let name = terminalType ?? ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw CursesError.cannotStart("no terminal description for TERM=\(name) (try TERM=xterm-256color)")
        }
        screen = opened
        set_term(opened)
        guard let window = cd_stdscr() else { throw CursesError.cannotStart("no standard screen") }
        self.window = window
        self.output = output
        inputDescriptor = fileno(input)

        raw()          // Ctrl-C, Ctrl-S, Ctrl-Q, Ctrl-Z arrive as keys; flow control is off
        noecho()
        nonl()
        keypad(window, true)
        meta(window, true)      // all 8 bits of each byte: the decoder reads UTF-8 itself
        set_escdelay(25)
        // wgetch, not wget_wch: see InputDecoder for why the bytes are decoded here.
        decoder = InputDecoder { [window] wait in
            wtimeout(window, Int32(wait))
            let code = wgetch(window)
            guard code >= 0 else { return nil }     // ERR: nothing came in time
            return code <= 0xFF ? .byte(UInt8(code)) : .keyCode(code)
        }
        let hasColor = has_colors()
        if hasColor {
            start_color()
            use_default_colors()
        }
        colors = ColorPairs(hasColor: hasColor, colorCount: Int(cd_colors()), pairLimit: Int(cd_color_pairs()))
        disableFlowControl()
        if handleSignals {
            installSignalHandlers()
            armRescue(settings: hadSettings ? settingsBefore : nil)
        }
    }

    /// The console on the process's own terminal (stdin/stdout, `$TERM`), stopping on SIGTERM/SIGHUP.
    public static func openStandardStreams() throws -> CursesScreen {
        guard let input = cd_stdin(), let output = cd_stdout() else { throw CursesError.cannotStart("no standard streams") }
        return try CursesScreen(input: input, output: output, handleSignals: true)
    }

    /// raw() already clears IXON; doing it explicitly keeps Ctrl-S/Ctrl-Q ours whatever the ncurses
    /// build does. `endwin` restores the line settings ncurses saved at `newterm`, IXON included.
    func disableFlowControl() {
        guard isatty(inputDescriptor) == 1 else { return }
        var settings = termios()
        guard tcgetattr(inputDescriptor, &settings) == 0 else { return }
        settings.c_iflag &= ~tcflag_t(IXON | IXOFF)
        tcsetattr(inputDescriptor, TCSANOW, &settings)
    }

    /// SIGTERM, SIGHUP and an outside SIGINT end the loop cleanly (the terminal is restored by
    /// `close`); in raw mode Ctrl-C is a key, not a signal.
    func installSignalHandlers() {
        for number in [SIGTERM, SIGHUP, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let flag = stopFlag
            source.setEventHandler { flag.set() }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Prepares the restore a fatal signal performs (CTerminalRescue): the line settings from before
    /// curses, and the bytes that reset attributes, show the cursor, leave keypad-transmit mode and the
    /// alternate screen — what `endwin` would write, gathered now because a signal handler cannot ask
    /// terminfo.
    func armRescue(settings: termios?) {
        var leave: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let sequence = terminfoString(capability) { leave += Self.withoutPadding(Array(sequence.utf8)) }
        }
        var saved = settings ?? termios()
        let armed = leave.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                withUnsafePointer(to: &saved) { pointer in
                    cd_rescue_arm(inputDescriptor, settings == nil ? nil : pointer, fileno(output), chars.baseAddress, chars.count)
                }
            }
        }
        rescueArmed = armed >= 0
    }

    /// Terminfo strings may carry padding (`$<5>`), a delay for tputs, not bytes for the terminal.
    nonisolated static func withoutPadding(_ sequence: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < sequence.count {
            if sequence[index] == UInt8(ascii: "$"), index + 1 < sequence.count, sequence[index + 1] == UInt8(ascii: "<"),
               let end = sequence[(index + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                index = end + 1
                continue
            }
            out.append(sequence[index])
            index += 1
        }
        return out
    }

    public var stopRequested: Bool { stopFlag.isSet }

    public var size: Size { Size(width: Int(cd_cols()), height: Int(cd_lines())) }

    public func readInput(timeoutMilliseconds: Int) -> TerminalInput? {
        switch decoder.next(timeoutMilliseconds: timeoutMilliseconds) {
        case .key(let key): return .key(key)
        case .resize:
            previous = nil
            clearok(window, true)
            return .resize(size)
        case nil: return nil
        }
    }

    public func present(_ grid: CellGrid) {
        if grid.size != size { previous = nil }
        var cell = cchar_t()
        var text: [wchar_t] = Array(repeating: 0, count: Int(cd_ccharw_max()) + 1)
        for run in grid.changedRuns(since: previous) {
            var x = run.x
            while x < run.x + run.width {
                let c = grid[x, run.y]
                if c.isContinuation { x += 1; continue }
                var i = 0
                for scalar in c.character.unicodeScalars where i < text.count - 1 {
                    text[i] = wchar_t(bitPattern: scalar.value); i += 1
                }
                text[i] = 0
                let (attributes, pair) = colors.resolve(c.style)
                _ = text.withUnsafeBufferPointer { cd_setcchar(&cell, $0.baseAddress, attributes, pair) }
                // The bottom-right cell reports ERR (the cursor cannot advance) but is drawn.
                _ = mvwadd_wch(window, Int32(run.y), Int32(x), &cell)
                x += Int(max(1, c.width))
            }
        }
        if let cursor = grid.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
        previous = grid
    }

    /// Changes the screen size as a terminal resize would (ncurses then queues KEY_RESIZE).
    public func resize(to size: Size) {
        resizeterm(Int32(size.height), Int32(size.width))
    }

    /// The terminfo string for a capability (`kcuu1`, `kf1`, …), to script input in tests.
    public func terminfoString(_ capability: String) -> String? {
        guard let raw = capability.withCString({ tigetstr($0) }),
              Int(bitPattern: raw) != -1, Int(bitPattern: raw) != 0 else { return nil }
        return String(cString: raw)
    }

    public func copyToClipboard(_ text: String) {
        let sequence = OSC52.sequence(for: text)
        fputs(sequence, output)
        fflush(output)
    }

    /// What the screen shows, read back through ncurses (tests use it to check the blit). ncurses
    /// keeps a double-width character in both of its cells, so the cell after one is skipped.
    public func screenText(row: Int) -> String {
        var out = String()
        var cell = cchar_t()
        var text: [wchar_t] = Array(repeating: 0, count: Int(cd_ccharw_max()) + 1)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        var x = 0
        while x < size.width {
            mvwin_wch(window, Int32(row), Int32(x), &cell)
            for i in text.indices { text[i] = 0 }
            _ = text.withUnsafeMutableBufferPointer { getcchar(&cell, $0.baseAddress, &attributes, &pair, nil) }
            var width = 1
            for w in text where w != 0 {
                if let scalar = Unicode.Scalar(UInt32(bitPattern: w)) { out.unicodeScalars.append(scalar) }
            }
            if text[0] != 0, let scalar = Unicode.Scalar(UInt32(bitPattern: text[0])) {
                width = max(1, CharacterWidth.of(scalar))
            }
            x += width
        }
        return out
    }

    /// Restores the terminal: leaves curses mode, restores the saved line settings, frees the screen.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        curs_set(1)
        endwin()
        if rescueArmed { cd_rescue_disarm(); rescueArmed = false }
        delscreen(screen)
        for source in signalSources { source.cancel() }
    }
}

/// Set from a signal handler's dispatch source, read by the loop.
final class StopFlag: @unchecked Sendable {
    // Unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
