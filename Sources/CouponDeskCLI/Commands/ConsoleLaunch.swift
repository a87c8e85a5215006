import Console
import CouponDeskText
import ConsoleHistory
import CouponHistory
import CouponSandbox
import CursesTerminal
import Foundation
import WeChatPayCore

/// Why the console stopped before it started.
struct ConsoleLaunchStop: Error { let code: ExitCode }

/// Wires the console to the real world: the config, the client (live or the in-process demo
/// sandbox), the history store and reader, the theme, and the ncurses screen. Shared by
/// `coupondesk` (the console) and `coupondesk demo`.
enum ConsoleLaunch {
    /// `--theme`, for the console and the demo.
    static let themeOption = OptionSpec.value("--theme", "NAME", .optionTheme,
                                              completion: .theme)

    struct Setup {
        var config: CouponDeskConfig
        var transport: any Transport
        var historyPath: String
        var isDemo: Bool
        /// The demo sandbox's guide (stocks and fault openids), shown in the help overlay.
        var guide: [String] = []
    }

    /// Checks what can be checked before anything is opened or created: the theme, that stdin/stdout
    /// are a terminal, and that its type can do what the console needs (cursor addressing). Returns the theme, or the exit code to stop with.
    static func prepare(themeName: String?, themeFromConfig: Bool, name: String) -> Result<Theme, ConsoleLaunchStop> {
        let environment = ProcessInfo.processInfo.environment
        let theme: Theme
        do {
            theme = try ThemeSelection.resolve(name: themeName, environment: environment) { path in
                FileManager.default.contents(atPath: path)
            }
        } catch {
            printError("\(name): \(error.description)")
            return .failure(ConsoleLaunchStop(code: themeFromConfig ? .config : .usage))
        }
        guard isatty(0) == 1, isatty(1) == 1 else {
            printError("\(name): " + cliText(CLIErrorText.needsTerminal))
            return .failure(ConsoleLaunchStop(code: .usage))
        }
        if let problem = TerminalRequirements.problem(terminalType: environment["TERM"]) {
            printError("\(name): \(problem)")
            return .failure(ConsoleLaunchStop(code: .usage))
        }
        return .success(theme)
    }

    static func run(setup: Setup, theme: Theme, name: String) async -> ExitCode {
        let environment = ProcessInfo.processInfo.environment
        let clientConfiguration: ClientConfiguration
        do {
            clientConfiguration = try setup.config.makeClientConfiguration(warn: { printError("\(name): \(cliWarning($0))") })
        } catch {
            printError("\(name): \(TerminalText.sanitize(cliText.configError(error)))")
            return .config
        }

        // The console owns the terminal: the store's notices (a loose log tightened) wait until it closes.
        let notices = HeldNotices()
        let words = cliText
        let store = HistoryStore(path: setup.historyPath, notices: { notices.add("\(name): \(TerminalText.sanitize($0.describe(words)))") })
        let browse: HistoryReader, search: HistoryReader
        do {
            browse = try HistoryReader(path: setup.historyPath)
            search = try HistoryReader(path: setup.historyPath, persistIndex: false)
        } catch {
            printError("\(name): \(cliWords(error))")
            return .failure
        }
        let client = PreSendClient(configuration: clientConfiguration, transport: setup.transport)
        let lookups = LookupClient(configuration: clientConfiguration, transport: setup.transport)
        let confirms = ConfirmClient(configuration: clientConfiguration, transport: setup.transport)
        let operatorName = OperatorName.resolve(configured: setup.config.operator, environment: environment)
        // The same mode `send` records, so `coupondesk resend` accepts what the console sent and back.
        let mode: SendMode = setup.isDemo ? .demo : .live
        let services = ConsoleServices(
            reportingSend: { request in
                await client.sendReporting(request, journal: store, operator: operatorName, mode: mode)
            },
            loadHistory: { filter in
                await HistoryReaderSnapshot.load(browse: browse, search: search, filter: filter)
            },
            historyVersion: { [path = setup.historyPath] in HistoryLogVersion.version(of: path) },
            check: { request in await lookups.check(request) },
            confirm: { order in
                await confirms.confirm(order.coupon, place: order.place, sendRequestNo: order.sendRequestNo,
                                       journal: store, operator: operatorName, mode: mode)
            },
            loadConfirms: { number in
                _ = try? search.refresh()
                return search.confirmEntries(forSendRequestNo: number).map(\.record)
            })

        let defaults = setup.config.defaults
        let last = browse.record(newestFirst: 0)?.request
        let formDefaults = FormDefaults(brandID: defaults.brandID ?? "", productCouponID: defaults.productCouponID ?? "",
                                        stockID: defaults.stockID ?? "", appid: defaults.appid ?? "").filling(from: last)
        var host = setup.config.baseURL.host ?? setup.config.baseURL.absoluteString
        if let port = setup.config.baseURL.port { host += ":\(port)" }
        if setup.isDemo { host = cliText(SandboxText.inProcessHost) }
        let profile = Profile(flavor: setup.config.flavor, callerID: setup.config.callerID, baseURLHost: host,
                              isDemo: setup.isDemo, operatorName: operatorName,
                              guide: setup.guide, historyLocation: setup.historyPath)

        let language = CommandLanguage.current
        let model = { (size: Size) -> ConsoleModel in
            // F2 cycles the shipped themes (and the chosen one, if it is a user theme); NO_COLOR fixes mono.
            var choices = ThemeSelection.noColorRequested(environment: environment)
                ? [] : ShippedThemes.names.compactMap(ShippedThemes.theme(named:))
            if !choices.isEmpty, !choices.contains(where: { $0.name == theme.name }) { choices.insert(theme, at: 0) }
            return ConsoleModel(environment: ConsoleEnvironment(profile: profile, theme: theme, themeChoices: choices,
                                                                language: language),
                                size: size, defaults: formDefaults)
        }
        let code = await runOnMainActor(model: model, services: services, historyPath: setup.historyPath, name: name)
        for notice in notices.all() { printError(notice) }
        return code
    }

    /// ncurses lives on the main thread: the loop runs there, blocking it between keys (sends and
    /// loads run elsewhere). After quitting, a send still in flight gets a moment to write its result.
    @MainActor
    static func runOnMainActor(model: (Size) -> ConsoleModel, services: ConsoleServices, historyPath: String,
                               name: String) async -> ExitCode {
        let screen: CursesScreen
        do { screen = try CursesScreen.openStandardStreams() } catch {
            printError("\(name): \(error)")
            return .failure
        }
        let runtime = ConsoleRuntime(model: model(screen.size), terminal: screen, services: services)
        runtime.run()
        screen.close()
        if runtime.model.inFlightCount > 0 || runtime.model.isConfirming {
            printError("\(name): " + cliText(CLIErrorText.waitingForSendInFlight))
            if await runtime.settleInFlight(timeout: 15) > 0 {
                printError("\(name): " + cliText(CLIErrorText.sendInFlightNotFinished, ["path": historyPath]))
            }
        }
        return .ok
    }
}

/// Messages kept while the console owns the terminal, printed after it has closed.
final class HeldNotices: @unchecked Sendable {
    // Unchecked: `notices` is only touched with `lock` held.
    private let lock = NSLock()
    private var notices: [String] = []

    func add(_ notice: String) { lock.lock(); notices.append(notice); lock.unlock() }
    func all() -> [String] { lock.lock(); defer { lock.unlock() }; return notices }
}

/// A cheap change detector for the log, polled by the console to show sends made elsewhere.
enum HistoryLogVersion {
    /// Changes whenever the log is appended to, replaced or truncated.
    static func version(of path: String) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { return -1 }
        return Int(st.st_size) &* 31 &+ Int(st.st_ino)
    }
}
