import CouponBatch
import CouponHistory
import Foundation
import WeChatPayCore

/// `coupondesk batch FILE`: a campaign — one pre-send per row of a CSV file, at a held rate, resumable
/// without ever sending a row twice (issue 13). Order: options (exit 64), the config (78), the whole
/// file and every row's history (64, nothing sent), then the sends.
enum BatchCommand: Command {
    static let spec = CommandSpec(
        name: "batch",
        summary: .batchSummary,
        positionals: ["FILE"],
        options: [
            .value("--stock-id", "S", .batchStockId),
            .value("--product-coupon-id", "P", .batchProductCouponId),
            FlavorRules.batchBrandIDOption,
            .value("--appid", "A", .batchAppid),
            .value("--rate", "N", .batchRate),
            .value("--concurrency", "N", .batchConcurrency),
            .value("--batch-id", "ID", .batchBatchId),
            .value("--output", "FILE", .batchOutput),
            .flag("--allow-duplicates", .batchAllowDuplicates),
            .flag("--retry-rejected", .batchRetryRejected),
            .flag("--dry-run", .batchDryRun),
            .flag("--json", .batchJson),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: .batchDiscussion)

    static let defaultRate = 100
    static let defaultConcurrency = 16

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let say = BatchOutput.Diagnostics()
        guard let rate = number(arguments, "--rate", default: defaultRate, in: 1...Int(TokenBucket.maxRate)),
              let concurrency = number(arguments, "--concurrency", default: defaultConcurrency, in: 1...256) else { return .usage }
        let path = arguments.positionals[0]
        guard let data = FileManager.default.contents(atPath: path) else {
            say.cannotRead(path)
            return .usage
        }
        guard let live = ConfigResolution.loadLive(arguments, command: "batch") else { return .config }
        guard let defaults = defaults(arguments, live: live) else { return .usage }
        let plan: BatchPlan
        switch BatchPlan.make(data: data, defaults: defaults, batchID: arguments.value("--batch-id"),
                              allowDuplicates: arguments.has("--allow-duplicates"), callerRule: callerRule(live.client)) {
        case .success(let made): plan = made
        case .failure(let refused):
            say.refused(path, refused.problems)
            return .usage
        }
        let historyPath = ConfigResolution.historyPath(arguments, config: live.config)
        let journal: BatchJournal
        let history: [String: [SendRecord]]
        do {
            // The store may speak from a worker's thread, outside this command's language: take it now.
            let words = cliText
            journal = try BatchJournal(path: historyPath, notices: { say.notice($0.describe(words)) })
            history = try journal.records(forSendRequestNumbers: Set(plan.rows.map(\.request.sendRequestNo)))
        } catch {
            say.historyUnreadable(historyPath, error)
            return .failure
        }
        let bucket = TokenBucket(rate: Double(rate), burst: concurrency)
        let client = PreSendClient(configuration: live.client, transport: RateLimitedTransport(base: live.transport, bucket: bucket))
        let settings = BatchSettings(concurrency: concurrency, retryRejected: arguments.has("--retry-rejected"),
                                     mode: live.mode, operator: live.operatorName)
        let runner = BatchRunner(plan: plan, client: client, journal: journal, settings: settings)
        let (decisions, conflicts) = runner.review(history: history)
        guard conflicts.isEmpty else {
            say.refused(path, conflicts)
            return .usage
        }
        if arguments.has("--dry-run") {
            printOut(BatchOutput.dryRun(plan: plan, decisions: decisions, rate: rate, concurrency: concurrency, historyPath: historyPath))
            return .ok
        }
        return await BatchSession(runner: runner, decisions: decisions, bucket: bucket, historyPath: historyPath,
                                  json: arguments.has("--json"), output: arguments.value("--output"),
                                  resume: BatchOutput.resumeCommand(file: path, batchID: plan.batchID)).run()
    }

    /// The flavor's caller rule (the core's), as a problem with its values so it is worded in the
    /// command's language.
    static func callerRule(_ client: ClientConfiguration) -> (PreSendRequest) -> BatchProblem.Kind? {
        { request in
            client.callerProblem(request).map { _ in
                .notTheCaller(brandID: request.brandID, callerID: client.callerID, flavor: client.flavor)
            }
        }
    }

    /// The options' values, else the config's defaults; the brand as the flavor has it.
    static func defaults(_ arguments: ParsedArguments, live: ConfigResolution.Live) -> BatchDefaults? {
        let configured = live.config.defaults
        var brandID = arguments.value("--brand-id")
        if !live.client.flavor.namesBrandInRequest {
            // Brand-direct: the caller is the brand; a --brand-id must be it.
            guard let caller = FlavorRules.brandID(given: brandID, client: live.client, command: "batch") else { return nil }
            brandID = caller
        } else {
            brandID = brandID ?? configured.brandID
        }
        return BatchDefaults(brandID: brandID, appid: arguments.value("--appid") ?? configured.appid,
                             productCouponID: arguments.value("--product-coupon-id") ?? configured.productCouponID,
                             stockID: arguments.value("--stock-id") ?? configured.stockID)
    }

    /// A whole-number option within `range`, or its default; nil after saying what is wrong.
    static func number(_ arguments: ParsedArguments, _ name: String, default value: Int, in range: ClosedRange<Int>) -> Int? {
        guard let text = arguments.value(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            BatchOutput.Diagnostics().badNumber(name, text, range)
            return nil
        }
        return number
    }
}
