import CursesTerminal
import Foundation
import WeChatPayCore

/// What this machine contributes: a history log coupondesk can write (a send is refused when its
/// write-ahead record cannot be written), and a terminal the console can draw on.
enum LocalChecks {
    /// The history file is writable, or can be created: every folder up to it exists or can be made.
    static func history(_ path: String) -> Diagnosis {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                return .failure(.history, "\(path) is a folder, not a history file",
                                advice: "point history_file (or --history) at a file, e.g. \(path)/history.jsonl")
            }
            guard access(path, W_OK) == 0 else {
                return .failure(.history, "\(path) cannot be written (\(String(cString: strerror(errno))))",
                                advice: "make it writable by the user who runs coupondesk; until then every send is refused before anything is sent")
            }
            return .ok(.history, "\(path) is writable", details: ["file": .text(path)])
        }
        // Not there yet: it is created on the first send, with its folders.
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty && !fm.fileExists(atPath: folder, isDirectory: &isDirectory) {
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder { break }
            folder = parent
        }
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failure(.history, "\(path) cannot be created: \(folder) is not a folder",
                            advice: "point history_file (or --history) at a file in a folder you own")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            return .failure(.history, "\(path) cannot be created: \(folder) is not writable (\(String(cString: strerror(errno))))",
                            advice: "point history_file (or --history) at a folder you own, or make \(folder) writable")
        }
        return .ok(.history, "\(path) does not exist yet; the first send creates it (\(folder) is writable)", details: ["file": .text(path)])
    }

    /// The locale's character set, from the environment's text (LC_ALL, else LC_CTYPE, else LANG):
    /// the console reads and draws 中文 as UTF-8.
    static func locale(_ environment: [String: String]) -> Diagnosis {
        let advice = "export LANG=C.UTF-8 (or zh_CN.UTF-8 / en_US.UTF-8) in your shell's profile"
        guard let (name, value) = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap({ key in
            environment[key].flatMap { $0.isEmpty ? nil : (key, $0) }
        }).first else {
            return .warning(.locale, "no locale is set (LC_ALL, LC_CTYPE and LANG are empty): plain ASCII for other programs",
                            advice: advice + "; the console switches to C.UTF-8 by itself, other tools may show 中文 as ?")
        }
        let lower = value.lowercased()
        guard lower.contains("utf-8") || lower.contains("utf8") else {
            return .warning(.locale, "\(name)=\(TerminalText.sanitize(value)) is not a UTF-8 locale",
                            advice: advice + "; the console switches to C.UTF-8 by itself, other tools may show 中文 as ?")
        }
        return .ok(.locale, "UTF-8 (\(name)=\(TerminalText.sanitize(value)))")
    }

    /// TERM names a terminal the console can draw on (cursor addressing), and how many colours it shows.
    static func terminal(_ environment: [String: String]) -> [Diagnosis] {
        guard let type = environment["TERM"], !type.isEmpty else {
            return [.warning(.terminal, "TERM is not set: the console cannot start here (send, history and doctor work without it)",
                             advice: "run the console in a terminal emulator, which sets TERM (e.g. xterm-256color)"),
                    .skipped(.colours, "no terminal type to ask")]
        }
        let shown = TerminalText.sanitize(type)
        if let problem = TerminalRequirements.problem(terminalType: type) {
            return [.warning(.terminal, problem, advice: "set TERM to your terminal's type, e.g. TERM=xterm-256color"),
                    .skipped(.colours, "TERM=\(shown) cannot run the console")]
        }
        let terminal = Diagnosis.ok(.terminal, "TERM=\(shown): the console can draw here")
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return [terminal, .ok(.colours, "NO_COLOR is set: the console uses the mono theme (attributes, no colours)")]
        }
        let colours = TerminalRequirements.colours(terminalType: type) ?? 0
        if colours < 8 {
            return [terminal, .warning(.colours, "TERM=\(shown) shows no colours: the console falls back to attributes (bold, reverse)",
                                       advice: "use a colour terminal type (TERM=xterm-256color), or set NO_COLOR to choose the mono theme on purpose",
                                       details: ["colours": .number(Double(colours))])]
        }
        return [terminal, .ok(.colours, "\(colours) colours", details: ["colours": .number(Double(colours))])]
    }
}
