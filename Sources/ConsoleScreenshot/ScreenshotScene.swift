import Console
import CouponDeskText
import CouponSandbox
import WeChatPayCore

/// The languages the pictures are made in: the console's. Each picture is written once per language
/// (`console.en.svg`, `console.zh-Hans.svg`); a language the console gains is pictured with it.
public typealias ScreenshotLanguage = Language

/// The console as the README shows it, on the demo sandbox: a few sends made — issued, refused, one
/// unknown — and a send refused for the stock's total budget, then the detail of that refusal. Built by
/// driving the console's own `update` with keys and results (a runtime without a terminal), with fixed
/// times, numbers and tokens so the pictures only change when the console does.
public enum ScreenshotScene {
    public static let size = Size(width: 100, height: 30)

    /// The pictures, by file name stem, in the order the README shows them.
    public static func models(language: ScreenshotLanguage) -> [(name: String, model: ConsoleModel)] {
        let console = afterBudgetRefusal(language: language)
        return [("console", console), ("console-detail", openDetailOfNewest(console))]
    }

    /// The console right after the send refused for the total budget: the form as it was sent, the
    /// refusal on the status line and at the top of the history.
    public static func afterBudgetRefusal(language: ScreenshotLanguage) -> ConsoleModel {
        let numbers = ["CD20261128061501042_Qm7Rt2Xa", "CD20261128061517310_Vb3Kp9Lc"]
        let environment = ConsoleEnvironment(
            profile: Profile(mchid: DemoData.mchid, baseURLHost: Texts(language)(SandboxText.inProcessHost), isDemo: true,
                             operatorName: "alice"),
            theme: ShippedThemes.theme(named: ThemeSelection.defaultName) ?? Theme(name: "plain", styles: [:]),
            language: language)
        let defaults = FormDefaults(brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                                    stockID: DemoData.StockID.totalBudget, appid: DemoData.appid)
        var runtime = SceneRuntime(model: ConsoleModel(environment: environment, size: size, defaults: defaults,
                                                       sendRequestNo: numbers[0], freshNumbers: FreshNumbers([numbers[1]])),
                                   log: earlierSends)
        runtime.start()
        runtime.type("oGx3T5mW_8dLq2ZkR0sYv7NcPb4E")   // openid: the cursor starts there
        runtime.press(.tab, .tab)                     // past coupon_code to attach
        runtime.type("会员日 · 生日礼券")
        let request = runtime.press(.control("s")).first
        if let request {
            runtime.finish(SendRecord(
                time: "2026-11-28T14:15:17.402+08:00", operator: "alice", mode: "demo", request: request, outcome: .rejected,
                error: SendError(category: .totalBudgetExhausted, httpStatus: 400, code: "INVALID_REQUEST",
                                 numericCode: 268579001, message: "商品券批次总预算已发完，无法继续发放"),
                httpStatus: 400, requestID: "08E4A1B2C3D4E5F6A7B8C9D0E1F2A3B4-268579001", attempts: 1, elapsedMs: 38))
        }
        return runtime.model
    }

    /// The same console with the newest send's detail open: Tab into the history, Enter.
    static func openDetailOfNewest(_ model: ConsoleModel) -> ConsoleModel {
        var runtime = SceneRuntime(model: model, log: [])
        for _ in 0..<PreSendField.allCases.count where runtime.model.focus != .history { runtime.press(.tab) }
        runtime.press(.enter)
        return runtime.model
    }

    /// The demo's sends before the picture, oldest first, as the log holds them.
    static let earlierSends: [SendRecord] = [
        send("061002215_Hq4Wn8Ze", "14:10:02", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", DemoData.StockID.plenty, token: "AAGoZpXw1rU6kQ2xV9mN4cT8bJ3eL7sD"),
        send("061033907_Tk2Lm5Ra", "14:10:33", "oGx3T5mW_8dLq2ZkR0sYv7NcPb4E", DemoData.StockID.totalBudget, token: "AAHbW2cQ9fTz1Ku8Ye4Rx7Pn3Vm6Ls0D"),
        send("061058144_Pz6Yc1Nd", "14:10:58", "oR9sK2vB_4hNw7TqLx1MzC5yF8dE", DemoData.StockID.totalBudget, token: "AAJ3nVf8Xr2Cq6Wb9Tk1Zm4Hs7Lp0Ye5"),
        send("061120530_Ds8Gv3Kb", "14:11:20", "oPq7Lr2N_6tYx9Bm3Wk5Hc1Zs8Fv", DemoData.StockID.totalBudget, token: "AAK8mRt3Vq5Xw1Nz7Bc2Lp9Hf4Yd6Gs"),
        send("061203318_Wn5Qa7Tc", "14:12:03", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", DemoData.StockID.perUser, token: "AAL2bXq9Wr4Tn6Ym8Kc1Vz3Hp5Fs7Dj"),
        send("061219776_Jv2Rb8Me", "14:12:19", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", DemoData.StockID.perUser,
             error: SendError(category: .userLimitReached, httpStatus: 400, code: "INVALID_REQUEST", numericCode: 272756740,
                              message: "用户领取券张数已达上限")),
        send("061301452_Mc9Xs4Lf", "14:13:01", "oK4dF7gH_2jQw5Rt8Yv1Bn6Mz3Xc", DemoData.StockID.paused,
             error: SendError(category: .stockNotSending, httpStatus: 400, code: "INVALID_REQUEST", numericCode: 268577984,
                              message: "商品券批次状态不是发放中，当前状态：PAUSED")),
        send("061344098_Fb6Nt1Wq", "14:13:44", "fault-timeout-7", DemoData.StockID.plenty,
             error: SendError(category: .timeout, message: "no complete response within 2 s"), outcome: .unknown),
        send("061421665_Lr3Hd9Vs", "14:14:21", "oT6wN1cX_9kPz3Hs7Rq2Lm5Bv8Yd", DemoData.StockID.plenty, token: "AAN5cTw2Xq8Rz4Vm1Kb7Hp3Ls9Fd6Yg"),
    ]

    static func send(_ number: String, _ time: String, _ openid: String, _ stock: String, token: String? = nil,
                     error: SendError? = nil, outcome: Outcome? = nil) -> SendRecord {
        let request = PreSendRequest(openid: openid, brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                                     stockID: stock, appid: DemoData.appid, sendRequestNo: "CD20261128" + number)
        let outcome = outcome ?? (token == nil ? .rejected : .issued)
        return SendRecord(time: "2026-11-28T\(time).\(number.dropFirst(6).prefix(3))+08:00", operator: "alice", mode: "demo",
                          request: request, outcome: outcome, token: token, error: error,
                          httpStatus: error?.httpStatus ?? (outcome == .issued ? 200 : nil),
                          requestID: outcome == .unknown ? nil : "08E4A1B2C3D4E5F6A7B8C9D0E" + number.prefix(9) + "-0",
                          attempts: outcome == .unknown ? 4 : 1, elapsedMs: outcome == .unknown ? 8_412 : 41)
    }
}

/// What the console's runtime does, without a terminal: keys go to `update`, a history load is
/// answered from `log` (and the rows the pane asks for from that load), a send is handed to the scene,
/// which answers with its result.
struct SceneRuntime {
    var model: ConsoleModel
    var log: [SendRecord]
    /// No send of the scene is pending: none is looked up.
    var rows = HistoryWindowReader(pendingState: { _ in .interrupted })

    init(model: ConsoleModel, log: [SendRecord]) { self.model = model; self.log = log }

    mutating func start() {
        let (started, effects) = ConsoleProgram.start(model)
        model = started
        _ = perform(effects)
    }

    /// Presses the keys in turn; returns the requests the console asked to send.
    @discardableResult
    mutating func press(_ keys: Key...) -> [PreSendRequest] {
        keys.flatMap { apply(.key($0)) }
    }

    mutating func type(_ text: String) {
        for character in text { _ = apply(.key(.character(character))) }
    }

    /// A send's result: into the log, then to the console.
    mutating func finish(_ record: SendRecord) {
        log.append(record)
        _ = apply(.sendFinished(record))
    }

    private mutating func apply(_ msg: Msg) -> [PreSendRequest] {
        let (next, effects) = ConsoleProgram.update(model, msg)
        model = next
        return perform(effects)
    }

    /// Answers history loads and reads at once; returns the requests the console asked to send.
    private mutating func perform(_ effects: [Effect]) -> [PreSendRequest] {
        var sent: [PreSendRequest] = []
        for effect in effects {
            switch effect {
            case .loadHistory(let filter, let generation):
                sent += apply(.historyLoaded(rows.found(SceneLog(records: log, filter: filter), generation: generation)))
            case .readHistory(let request):
                if let window = rows.read(request) { sent += apply(.historyRead(window)) }
            case .send(let request):
                sent.append(request)
            case .drawSendRequestNumbers, .copyToClipboard, .check, .confirm, .loadConfirms, .quit:
                // The scene's one fresh number is given up front; the pictures show no look-ups.
                break
            }
        }
        return sent
    }
}

/// The scene's log as a load finds it: newest first, each send once (the scene's sends are all
/// different), filtered.
struct SceneLog: HistorySnapshot {
    let sends: [SendRecord]
    let filter: String

    init(records: [SendRecord], filter: String) {
        self.filter = filter
        sends = records.reversed().filter { filter.isEmpty || HistorySearch.matches($0, text: filter) }
    }

    var count: Int { sends.count }
    func entries(in range: Range<Int>) -> [SendRecord] { Array(sends[range.clamped(to: 0..<sends.count)]) }
}
