import CouponDeskText
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
                return .failure(.history, Words(.historyIsFolder, ["path": v(path)]), advice: Words(.historyPointAtFile, ["path": v(path)]))
            }
            guard access(path, W_OK) == 0 else {
                return .failure(.history, Words(.historyNotWritable, ["path": v(path), "error": v(String(cString: strerror(errno)))]),
                                advice: Words(.historyMakeWritable))
            }
            return .ok(.history, Words(.historyWritable, ["path": v(path)]), details: ["file": .text(path)])
        }
        // Not there yet: it is created on the first send, with its folders.
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty && !fm.fileExists(atPath: folder, isDirectory: &isDirectory) {
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder { break }
            folder = parent
        }
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failure(.history, Words(.historyFolderNotFolder, ["path": v(path), "folder": v(folder)]),
                            advice: Words(.historyPointInOwnFolder))
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            return .failure(.history, Words(.historyFolderNotWritable, ["path": v(path), "folder": v(folder),
                                                                       "error": v(String(cString: strerror(errno)))]),
                            advice: Words(.historyFolderAdvice, ["folder": v(folder)]))
        }
        return .ok(.history, Words(.historyNotYet, ["path": v(path), "folder": v(folder)]), details: ["file": .text(path)])
    }

    /// The locale's character set, from the environment's text (LC_ALL, else LC_CTYPE, else LANG):
    /// the console reads and draws 中文 as UTF-8.
    static func locale(_ environment: [String: String]) -> Diagnosis {
        let advice = Words(.localeAdvice)
        guard let (name, value) = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap({ key in
            environment[key].flatMap { $0.isEmpty ? nil : (key, $0) }
        }).first else {
            return .warning(.locale, Words(.noLocale), advice: advice + Words(.localeConsoleSwitches))
        }
        let lower = value.lowercased()
        guard lower.contains("utf-8") || lower.contains("utf8") else {
            return .warning(.locale, Words(.notUTF8Locale, ["setting": v("\(name)=\(TerminalText.sanitize(value))")]),
                            advice: advice + Words(.localeConsoleSwitches))
        }
        return .ok(.locale, v("UTF-8 (\(name)=\(TerminalText.sanitize(value)))"))
    }

    /// TERM names a terminal the console can draw on (cursor addressing), and how many colours it shows.
    static func terminal(_ environment: [String: String]) -> [Diagnosis] {
        guard let type = environment["TERM"], !type.isEmpty else {
            return [.warning(.terminal, Words(.noTERM), advice: Words(.noTERMAdvice)),
                    .skipped(.colours, Words(.noTerminalType))]
        }
        let shown = TerminalText.sanitize(type)
        if let problem = TerminalRequirements.problem(terminalType: type) {
            return [.warning(.terminal, v(problem), advice: Words(.setTERM)),
                    .skipped(.colours, Words(.termCannotRun, ["term": v(shown)]))]
        }
        let terminal = Diagnosis.ok(.terminal, Words(.termCanDraw, ["term": v(shown)]))
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return [terminal, .ok(.colours, Words(.noColorSet))]
        }
        let colours = TerminalRequirements.colours(terminalType: type) ?? 0
        if colours < 8 {
            return [terminal, .warning(.colours, Words(.noColours, ["term": v(shown)]), advice: Words(.noColoursAdvice),
                                       details: ["colours": .number(Double(colours))])]
        }
        return [terminal, .ok(.colours, Words(.colours, ["count": v(colours)]), details: ["colours": .number(Double(colours))])]
    }
}
