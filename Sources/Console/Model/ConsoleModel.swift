import CouponDeskText
import WeChatPayCore

/// Who the console talks to, for the title line: the flavor and the caller (PROTOCOL §7).
public struct Profile: Equatable, Sendable {
    /// Partner or brand-direct: the flavor this console sends in.
    public var flavor: APIFlavor
    /// The partner's mchid, or the brand's brand_id.
    public var callerID: String
    public var baseURLHost: String
    public var isDemo: Bool
    public var operatorName: String?
    /// What the sandbox offers (stocks, fault openids), listed at the end of the help overlay.
    public var guide: [String]
    /// Where the history log is, for the help overlay (people ask where their sends went).
    public var historyLocation: String?
    /// The mode this console's sends are recorded with (as `send` records every config-driven send).
    public var sendMode: SendMode { isDemo ? .demo : .live }

    /// The brand every send is for when the flavor fixes it (brand-direct: the caller), else nil
    /// (a partner names the brand in the form).
    public var fixedBrandID: String? { flavor.namesBrandInRequest ? nil : callerID }

    /// `partner · mchid 1900000001` / `brand-direct · brand 120344`.
    public var callerTitle: String { callerTitle(Texts.english) }
    /// The same in `text`'s language (`服务商 · 商户号 mchid 1900000001`).
    public func callerTitle(_ text: Texts) -> String {
        "\(text.flavor(flavor.rawValue)) · \(text.caller(flavor: flavor.rawValue, id: callerID))"
    }

    public init(flavor: APIFlavor, callerID: String, baseURLHost: String, isDemo: Bool, operatorName: String? = nil,
                guide: [String] = [], historyLocation: String? = nil) {
        self.flavor = flavor; self.callerID = callerID
        self.baseURLHost = baseURLHost; self.isDemo = isDemo; self.operatorName = operatorName
        self.guide = guide; self.historyLocation = historyLocation
    }

    /// A partner's profile.
    public init(mchid: String, baseURLHost: String, isDemo: Bool, operatorName: String? = nil, guide: [String] = [],
                historyLocation: String? = nil) {
        self.init(flavor: .partner, callerID: mchid, baseURLHost: baseURLHost, isDemo: isDemo, operatorName: operatorName,
                  guide: guide, historyLocation: historyLocation)
    }
}

/// Values that pre-fill the form (config `defaults`, or the last send).
public struct FormDefaults: Equatable, Sendable {
    public var brandID: String
    public var productCouponID: String
    public var stockID: String
    public var appid: String

    public init(brandID: String = "", productCouponID: String = "", stockID: String = "", appid: String = "") {
        self.brandID = brandID; self.productCouponID = productCouponID; self.stockID = stockID; self.appid = appid
    }

    /// Config defaults win; a field they leave empty is taken from the last send.
    public func filling(from last: PreSendRequest?) -> FormDefaults {
        guard let last else { return self }
        return FormDefaults(brandID: brandID.isEmpty ? last.brandID : brandID,
                            productCouponID: productCouponID.isEmpty ? last.productCouponID : productCouponID,
                            stockID: stockID.isEmpty ? last.stockID : stockID,
                            appid: appid.isEmpty ? last.appid : appid)
    }
}

/// What has focus: one of the form's fields or the history pane.
public enum Focus: Equatable, Sendable {
    case field(PreSendField)
    case history
}

/// A window over the frame: help, the detail of one send, or the check panel of one send.
public enum Overlay: Equatable, Sendable {
    case help(scroll: Int)
    case detail(SendRecord, scroll: Int)
    case check(CheckPanel)
}

/// The line under the form that reports what just happened.
public struct StatusLine: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, problem, issued, rejected, unknown }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) { self.kind = kind; self.text = text }
}

/// What the console is (identity, theme, keymap) rather than what it is doing: values too, set up by
/// the front end; F2 changes the theme.
public struct ConsoleEnvironment: Equatable, Sendable {
    public var profile: Profile
    public var theme: Theme
    public var keymap: Keymap
    /// Themes F2 cycles through (empty: the theme is fixed, e.g. under NO_COLOR).
    public var themeChoices: [Theme]
    /// The language of every word on screen (`Language.resolve`: the config's, else the locale's).
    public var language: Language

    public init(profile: Profile, theme: Theme, keymap: Keymap = .standard, themeChoices: [Theme] = [],
                language: Language = .en) {
        self.profile = profile; self.theme = theme; self.keymap = keymap; self.themeChoices = themeChoices
        self.language = language
    }

    /// The messages of this console's language.
    public var text: Texts { Texts(language) }
}

/// Everything on screen is a function of this value (bubbletea's Model). It holds values only — no
/// reader, no clock, no generator — so `update` is "model + message → model + effects" and two
/// models compare with `==`.
public struct ConsoleModel: Equatable, Sendable {
    public var environment: ConsoleEnvironment
    public var size: Size
    public var fields: [PreSendField: TextField]
    public var focus: Focus
    /// Fields the user tried to send while invalid: marked even when empty.
    public var showAllProblems = false
    public var killBuffer = ""
    public var status: StatusLine?
    public var history = HistoryState()
    public var overlay: Overlay?
    public var spinnerFrame = 0
    public var isQuitting = false
    /// The send the form was last sent as; the form's number follows it (`FormSend`).
    public var formSend: FormSend?
    /// The fresh number the form carries while its data differs from `formSend`.
    public var spareNumber: String?
    /// A Ctrl-S waiting for a second Ctrl-S.
    public var sendConfirmation: SendConfirmation?
    /// Bumped for every check panel opened or refreshed: a late answer for another one is ignored.
    public var checkGeneration = 0
    /// The confirms of the send whose detail is open, once read from the log.
    public var detailConfirms: DetailConfirms?
    /// New send_request_nos for the form, drawn ahead by the runtime.
    public var freshNumbers: FreshNumbers

    /// `sendRequestNo`: the form's first number (nil: the first of `freshNumbers`).
    public init(environment: ConsoleEnvironment, size: Size, defaults: FormDefaults = FormDefaults(),
                sendRequestNo: String? = nil, freshNumbers: FreshNumbers = .drawn()) {
        self.environment = environment
        self.size = size
        var numbers = freshNumbers
        var fields: [PreSendField: TextField] = [:]
        for field in PreSendField.allCases { fields[field] = TextField() }
        // Brand-direct: the form's brand_id is the caller, whatever the defaults or the last send say.
        fields[.brandID] = TextField(environment.profile.fixedBrandID ?? defaults.brandID)
        fields[.productCouponID] = TextField(defaults.productCouponID)
        fields[.stockID] = TextField(defaults.stockID)
        fields[.appid] = TextField(defaults.appid)
        fields[.sendRequestNo] = TextField(sendRequestNo ?? numbers.take())
        self.fields = fields
        self.freshNumbers = numbers
        // The console opens with the cursor in the first empty field (DESIGN §6).
        focus = .field(PreSendField.allCases.first { fields[$0]?.text.isEmpty == true && $0.isRequired } ?? .openid)
        status = StatusLine(.info, environment.text(environment.profile.isDemo ? StatusText.welcomeDemo : .welcomeLive))
    }

    public func text(_ field: PreSendField) -> String { fields[field]?.text ?? "" }

    /// The messages of this console's language.
    public var words: Texts { environment.text }

    /// Whether the form lets the operator change `field`: not brand_id in the brand-direct flavor,
    /// where the brand is the caller.
    public func isEditable(_ field: PreSendField) -> Bool {
        !(field == .brandID && environment.profile.fixedBrandID != nil)
    }

    /// The request the form describes (empty optionals become absent).
    public var request: PreSendRequest {
        let code = text(.couponCode), attach = text(.attach)
        return PreSendRequest(openid: text(.openid), brandID: text(.brandID), productCouponID: text(.productCouponID),
                              stockID: text(.stockID), appid: text(.appid), sendRequestNo: text(.sendRequestNo),
                              couponCode: code.isEmpty ? nil : code, attach: attach.isEmpty ? nil : attach)
    }

    /// The problem a field has now, as the form shows it: an empty required field only counts
    /// once a send was attempted.
    public func shownProblem(_ field: PreSendField) -> String? {
        let value = text(field)
        if value.isEmpty && !showAllProblems { return nil }
        return field.fieldProblem(with: value).map(words.problem)
    }

    public var inFlightCount: Int { history.recent.filter(\.inFlight).count }

    /// Why `record`, a result of this session, is missing from the log (nil: it is there, or it is not
    /// this session's).
    public func journalProblem(for record: SendRecord) -> String? {
        history.recent.first { $0.record == record && $0.journalProblem != nil }?.journalProblem
    }

    /// The confirms read for `record`'s detail (empty until they are read, or for another send).
    public func confirmsShown(for record: SendRecord) -> [ConfirmRecord] {
        guard let shown = detailConfirms, shown.sendRequestNo == record.request.sendRequestNo else { return [] }
        return shown.records
    }

    /// The spinner's current frame.
    public var spinner: Character { ConsoleProgram.spinnerFrames[spinnerFrame % ConsoleProgram.spinnerFrames.count] }

    /// A confirm started here is still in flight.
    public var isConfirming: Bool {
        if case .check(let panel) = overlay, panel.confirm == .confirming { return true }
        return false
    }

    /// Something is being waited for, so the spinner turns: a send, a history load, a check or a confirm.
    public var isBusy: Bool {
        if inFlightCount > 0 || history.loading { return true }
        if case .check(let panel) = overlay { return panel.isWaiting }
        return false
    }

    public func isInFlight(_ sendRequestNo: String) -> Bool {
        history.recent.contains { $0.inFlight && $0.record.request.sendRequestNo == sendRequestNo }
    }

    /// The process still sending `record` elsewhere — another console, a CLI send — when its newest
    /// record is `pending` and that process still ran when the runtime read the rows; nil for a send in
    /// flight here, an interrupted one, or a settled one.
    public func sendingElsewhere(_ record: SendRecord, inFlight: Bool) -> SendingProcess? {
        guard !inFlight, case .sendingElsewhere(let sender)? = history.pendingState(of: record) else { return nil }
        return sender
    }

    /// A history row on screen is a `pending` record not in flight here: whether it is sending
    /// elsewhere or interrupted can change without the log changing (its process is killed).
    public var showsPendingFromElsewhere: Bool {
        let rows = Layout(size: size).historyRows
        return history.rows(in: history.top..<(history.top + rows)).contains { $0.record.outcome == .pending && !$0.inFlight }
    }
}

/// The confirms read from the log for the send whose detail is open.
public struct DetailConfirms: Equatable, Sendable {
    public var sendRequestNo: String
    public var records: [ConfirmRecord]
}
