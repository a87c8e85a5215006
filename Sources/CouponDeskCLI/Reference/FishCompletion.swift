import CouponDeskText
/// `coupondesk completions fish`: fish completions generated from the command catalog.
///
/// Each completion is guarded by a condition: `__coupondesk_naming WORDS` while a command is being
/// named (the words typed so far are WORDS), `__coupondesk_using NAME` once the leading words spell
/// the command NAME (the longest name, as coupondesk reads them; '' is the console).
enum FishCompletion {
    static func script(_ catalog: CommandCatalog) -> String {
        var out = CompletionShell.fish.header + """
        #      or, for one user: coupondesk completions fish > ~/.config/fish/completions/coupondesk.fish

        # True while a command is being named and the words typed after `coupondesk` are $argv[1].
        function __coupondesk_naming
            set -l typed (commandline -opc)
            set -e typed[1]
            test "$typed" = "$argv[1]"
        end

        # True when the command on the line is $argv[1] ('' is the console).
        function __coupondesk_using
            set -l typed (commandline -opc)
            set -e typed[1]
            # Command names, longest first: the longest name the leading words spell is the command.
            for name in \(catalog.longestFirst.map { quote($0.name) }.joined(separator: " "))
                if string match -q -- "$name *" "$typed "
                    test "$name" = "$argv[1]"
                    return
                end
            end
            test -z "$argv[1]"; and begin; test -z "$typed"; or string match -q -- '-*' $typed[1]; end
        end

        # Theme names: the shipped ones and the user's (where the console looks), or a theme file.
        function __coupondesk_themes
            set -l token (commandline -ct)
            if string match -q -- '*/*' $token; or string match -q -- '*.json' $token
                __fish_complete_suffix .json
                return
            end
            printf '%s\\tshipped theme\\n' \(CommandCatalog.shippedThemes.map(quote).joined(separator: " "))
            set -l dir ~/.config/coupondesk/themes
            test -n "$XDG_CONFIG_HOME"; and set dir $XDG_CONFIG_HOME/coupondesk/themes
            for path in $dir/*.json
                printf '%s\\tyour theme\\n' (string replace -r '\\.json$' '' -- (basename $path))
            end
        end

        # No file names unless an argument is a file.
        complete -c coupondesk -f

        """
        for (prefix, next) in catalog.continuations {
            out += "\n"
            for word in next {
                out += "complete -c coupondesk -n \(quote("__coupondesk_naming \(quote(prefix))")) -a \(quote(word.word)) -d \(quote(word.summary))\n"
            }
        }
        for entry in catalog.entries {
            out += "\n"
            let condition = quote("__coupondesk_using \(quote(entry.name))")
            for option in entry.options {
                let long = String(option.name.drop { $0 == "-" })
                var line = "complete -c coupondesk -n \(condition) -l \(long)"
                if option.valueName != nil { line += " " + arguments(option.completion) }
                out += line + " -d \(quote(option.helpText(.english)))\n"
            }
            // Positionals (any position: a command has at most a few of the same kind).
            let kinds = entry.spec.positionals.indices.map { entry.spec.positionalCompletion($0) }
            for kind in kinds.reduce(into: [ValueCompletion](), { if !$0.contains($1) { $0.append($1) } }) where kind != .text {
                out += "complete -c coupondesk -n \(condition) \(arguments(kind))\n"
            }
        }
        return out
    }

    /// How `complete` offers a value of this kind.
    static func arguments(_ completion: ValueCompletion) -> String {
        switch completion {
        case .text: return "-x"
        case .file: return "-r -F"
        case .directory: return "-x -a " + quote("(__fish_complete_directories (commandline -ct))")
        case .theme: return "-x -a " + quote("(__coupondesk_themes)")
        case .choices(let words): return "-x -a " + quote(words.joined(separator: " "))
        }
    }

    /// `text` in fish single quotes: backslash and quote are escaped with a backslash.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
