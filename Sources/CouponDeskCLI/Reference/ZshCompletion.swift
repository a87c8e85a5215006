import CouponDeskText
/// `coupondesk completions zsh`: a zsh completion function generated from the command catalog.
///
/// While a command is being named it offers the words that continue a name (with what each command
/// does); once the leading words spell a command (the longest name, as coupondesk reads them) it hands
/// the words after the name to `_arguments` with that command's options and positionals.
enum ZshCompletion {
    static func script(_ catalog: CommandCatalog) -> String {
        var out = "#compdef coupondesk\n" + CompletionShell.zsh.header + """
        #          (or any directory in $fpath), then open a new shell;
        #      or: source <(coupondesk completions zsh)    (in ~/.zshrc, after compinit)

        # Theme names: the shipped ones and the user's (where the console looks), or a theme file.
        _coupondesk_themes() {
          if [[ $PREFIX == */* || $PREFIX == *.json ]]; then _files -g '*.json'; return; fi
          local -a names expl
          names=(\(CommandCatalog.shippedThemes.joined(separator: " ")) ${XDG_CONFIG_HOME:-$HOME/.config}/coupondesk/themes/*.json(N:t:r))
          _wanted themes expl theme compadd -a names
        }

        _coupondesk() {
          local -a commands next name
          local typed=${(j: :)words[2,CURRENT-1]} command= c
          # Command names, longest first: the longest name the leading words spell is the command.
          commands=(\(catalog.longestFirst.map { BashCompletion.quote($0.name) }.joined(separator: " ")))
          if [[ $PREFIX != -* ]]; then
            case $typed in

        """
        for (prefix, next) in catalog.continuations {
            let items = next.map { BashCompletion.quote($0.word + ":" + $0.summary) }.joined(separator: " ")
            out += "      (\(BashCompletion.quote(prefix))) next=(\(items)) ;;\n"
        }
        out += """
            esac
            if (( $#next )); then
              _describe -t commands 'coupondesk command' next
              return
            fi
          fi
          for c in $commands; do
            if [[ " $typed " == " $c "* ]]; then command=$c; break; fi
          done
          # _arguments sees the words after the command's name.
          if [[ -n $command ]]; then
            name=(${=command})
            words=(coupondesk "${(@)words[$#name+2,-1]}")
            (( CURRENT -= $#name ))
          fi
          case $command in

        """
        for entry in catalog.entries {
            var specs = entry.options.map(optionSpec)
            for index in entry.spec.positionals.indices {
                specs.append("\(index + 1):\(entry.spec.positionals[index]):\(action(entry.spec.positionalCompletion(index)))")
            }
            out += "    (\(BashCompletion.quote(entry.name)))\n      _arguments -S \\\n"
            out += specs.map { "        " + BashCompletion.quote($0) }.joined(separator: " \\\n") + " ;;\n"
        }
        out += """
          esac
        }

        if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
          _coupondesk "$@"
        else
          compdef _coupondesk coupondesk
        fi

        """
        return out
    }

    /// One option for `_arguments`: `--name[help]` for a flag, `--name=[help]:VALUE:action` for an
    /// option with a value (given as the next word or after `=`). `--help` and `--version` exclude
    /// everything else.
    static func optionSpec(_ option: OptionSpec) -> String {
        let exclusive = option.name == OptionSpec.helpFlag.name || option.name == versionFlag.name
        let head = (exclusive ? "(- *)" : "") + option.name
        guard let valueName = option.valueName else { return "\(head)[\(escape(option.helpText(.english)))]" }
        return "\(head)=[\(escape(option.helpText(.english)))]:\(escape(valueName)):\(action(option.completion))"
    }

    /// What `_arguments` runs to complete a value.
    static func action(_ completion: ValueCompletion) -> String {
        switch completion {
        case .text: return " "
        case .file: return "_files"
        case .directory: return "_files -/"
        case .theme: return "_coupondesk_themes"
        case .choices(let words): return "(" + words.joined(separator: " ") + ")"
        }
    }

    /// Text inside an `_arguments` spec: brackets and colons are the spec's own syntax.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\[]:".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
