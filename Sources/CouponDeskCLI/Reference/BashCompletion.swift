/// `coupondesk completions bash`: a bash completion script generated from the command catalog.
///
/// The script holds the catalog as data (command names, the words that continue a name, each
/// command's options and what their values are) and one fixed function that reads the command line
/// the way coupondesk does: the command is the longest name its leading words spell, and after it
/// come options, their values and positionals. It needs no bash-completion package (only `compgen`,
/// `complete` and `compopt`).
enum BashCompletion {
    static func script(_ catalog: CommandCatalog) -> String {
        var out = CompletionShell.bash.header + """
        #      or: source <(coupondesk completions bash)    (in ~/.bashrc)

        # Command names, longest first: the longest name the leading words spell is the command.
        _coupondesk_commands=(\(catalog.longestFirst.map { quote($0.name) }.joined(separator: " ")))

        # The words that may follow the words typed so far ($1) while a command is being named.
        _coupondesk_next() {
            case $1 in

        """
        for (prefix, next) in catalog.continuations {
            out += "        \(quote(prefix))) REPLY=\(quote(next.map(\.word).joined(separator: " "))) ;;\n"
        }
        out += """
                *) REPLY= ;;
            esac
        }

        # The options of command $1 ('' is the console).
        _coupondesk_options() {
            case $1 in

        """
        for entry in catalog.entries {
            out += "        \(quote(entry.name))) REPLY=\(quote(entry.options.map(\.name).joined(separator: " "))) ;;\n"
        }
        out += """
                *) REPLY= ;;
            esac
        }

        # What the value of option $2 of command $1 is; empty for a flag.
        _coupondesk_value() {
            case "$1 $2" in

        """
        for entry in catalog.entries {
            for option in entry.options where option.valueName != nil {
                out += "        \(quote(entry.name + " " + option.name))) REPLY=\(quote(kind(option.completion))) ;;\n"
            }
        }
        out += """
                *) REPLY= ;;
            esac
        }

        # What positional argument $2 (from 0) of command $1 is.
        _coupondesk_positional() {
            case "$1 $2" in

        """
        for entry in catalog.entries {
            for index in entry.spec.positionals.indices {
                out += "        \(quote("\(entry.name) \(index)"))) REPLY=\(quote(kind(entry.spec.positionalCompletion(index)))) ;;\n"
            }
        }
        out += """
                *) REPLY=text ;;
            esac
        }

        # COMPREPLY from the lines on stdin (names with spaces stay whole).
        _coupondesk_reply() {
            COMPREPLY=()
            local line
            while IFS= read -r line; do COMPREPLY+=("$line"); done
        }

        # Completes the word $2 as a value of kind $1.
        _coupondesk_complete_value() {
            case $1 in
                file) compopt -o filenames 2>/dev/null; _coupondesk_reply < <(compgen -f -- "$2") ;;
                directory) compopt -o filenames 2>/dev/null; _coupondesk_reply < <(compgen -d -- "$2") ;;
                theme)
                    if [[ $2 == */* || $2 == *.json ]]; then _coupondesk_complete_value file "$2"; return; fi
                    local names=\(quote(CommandCatalog.shippedThemes.joined(separator: " "))) path
                    # The user's themes, where the console looks for them.
                    for path in "${XDG_CONFIG_HOME:-$HOME/.config}"/coupondesk/themes/*.json; do
                        [[ -f $path ]] || continue
                        path=${path##*/}
                        names+=" ${path%.json}"
                    done
                    _coupondesk_reply < <(compgen -W "$names" -- "$2") ;;
                choices\\ *) _coupondesk_reply < <(compgen -W "${1#choices }" -- "$2") ;;
                *) COMPREPLY=() ;;
            esac
        }

        _coupondesk() {
            local IFS=$' \\t\\n' REPLY command= c word kind= ended=
            local cur=${COMP_WORDS[COMP_CWORD]} prev=
            (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}
            local -a typed=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
            # Still naming a command: the words that continue a name.
            if [[ $cur != -* ]]; then
                _coupondesk_next "${typed[*]}"
                if [[ -n $REPLY ]]; then _coupondesk_reply < <(compgen -W "$REPLY" -- "$cur"); return; fi
            fi
            for c in "${_coupondesk_commands[@]}"; do
                if [[ " ${typed[*]} " == " $c "* ]]; then command=$c; break; fi
            done
            local -a name=($command)
            local i=$(( 1 + ${#name[@]} )) positional=0
            # The words after the name: options, their values (bash splits --name=value at the =) and positionals.
            while (( i < COMP_CWORD )); do
                word=${COMP_WORDS[i]}
                if [[ -z $ended && $word == -- ]]; then
                    ended=1
                elif [[ -z $ended && $word == -* ]]; then
                    _coupondesk_value "$command" "$word"
                    if [[ -n $REPLY && ${COMP_WORDS[i+1]} != = ]]; then
                        (( i + 1 == COMP_CWORD )) && kind=$REPLY
                        i=$(( i + 2 )); continue
                    fi
                elif [[ -z $ended && $word == = ]]; then
                    if (( i + 1 == COMP_CWORD )); then _coupondesk_value "$command" "${COMP_WORDS[i-1]}"; kind=$REPLY; fi
                    i=$(( i + 2 )); continue
                else
                    positional=$(( positional + 1 ))
                fi
                i=$(( i + 1 ))
            done
            if [[ -z $ended && -z $kind && $cur == = ]]; then
                _coupondesk_value "$command" "$prev"
                kind=$REPLY cur=
            fi
            if [[ -n $kind ]]; then _coupondesk_complete_value "$kind" "$cur"; return; fi
            if [[ -z $ended && $cur == -* ]]; then
                _coupondesk_options "$command"
                _coupondesk_reply < <(compgen -W "$REPLY" -- "$cur")
                return
            fi
            _coupondesk_positional "$command" "$positional"
            _coupondesk_complete_value "$REPLY" "$cur"
        }

        complete -F _coupondesk coupondesk

        """
        return out
    }

    /// A value kind as the script's `_coupondesk_complete_value` names it.
    static func kind(_ completion: ValueCompletion) -> String {
        switch completion {
        case .text: return "text"
        case .file: return "file"
        case .directory: return "directory"
        case .theme: return "theme"
        case .choices(let words): return (["choices"] + words).joined(separator: " ")
        }
    }

    /// `text` in single quotes for bash (and zsh): a quote inside becomes '\''.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
