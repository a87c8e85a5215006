/// The command line's help, one catalogue for every command's `--help` (summary, option lines,
/// discussion) and the top-level help. The specs in CouponDeskCLI name these keys; the completions
/// and the man page render them in English, `--help` in the user's language.
///
/// Adding a command: add its keys here (`<command>Summary`, `<command>Discussion`,
/// `<command><Option>`), a row in each of `english` and `chinese` (HelpText+English.swift,
/// HelpText+Chinese.swift), and name the keys in its `CommandSpec`; `TableTests` fails until both
/// tables have every key with the same placeholders.
public enum HelpText: String, TextCatalogue {
    // Options shared by several commands
    case optionHelp, optionConfig, optionHistory, optionVersion, optionBrandIdSend, optionBrandIdLookup
    case optionAppidLookup, optionTheme, optionFlavorDemo, optionJsonDoctor, optionHistoryLog, optionConfigOfHistory
    // The top-level help
    case topIntro, topUsage, topCommands, topNone, topFooter
    // A command's --help layout
    case helpUsage, helpOptions, helpRequired
    // coupondesk (the console)
    case consoleSummary, consoleDiscussion, consoleHistory
    // coupondesk demo send
    case demoSendSummary, demoSendDiscussion, demoSendOpenid, demoSendBrandId, demoSendProductCouponId
    case demoSendStockId, demoSendAppid, demoSendCouponCode, demoSendAttach, demoSendSendRequestNo, demoSendJson
    // coupondesk demo resend
    case demoResendSummary, demoResendDiscussion, demoResendJson
    // coupondesk demo doctor
    case demoDoctorSummary, demoDoctorDiscussion
    // coupondesk demo
    case demoSummary, demoDiscussion, demoHistory
    // coupondesk send
    case sendSummary, sendDiscussion, sendOpenid, sendProductCouponId, sendStockId, sendAppid, sendCouponCode
    case sendAttach, sendSendRequestNo, sendJson
    // coupondesk resend
    case resendSummary, resendDiscussion, resendJson
    // coupondesk history list
    case historyListSummary, historyListDiscussion, historyListLimit, historyListSearch, historyListJson
    case historyListOutcome
    // coupondesk history show
    case historyShowSummary, historyShowDiscussion, historyShowJson
    // coupondesk history export
    case historyExportSummary, historyExportDiscussion, historyExportOutput, historyExportFormat
    // coupondesk check
    case checkSummary, checkDiscussion, checkJson
    // coupondesk coupons
    case couponsSummary, couponsDiscussion, couponsOpenid, couponsStockId, couponsProductCouponId, couponsJson
    case couponsState
    // coupondesk stock
    case stockSummary, stockDiscussion, stockProductCouponId, stockJson, stockHistory
    // coupondesk confirm
    case confirmSummary, confirmDiscussion, confirmOutRequestNo, confirmOpenid, confirmCouponCode, confirmStockId
    case confirmProductCouponId, confirmJson
    // coupondesk sandbox init
    case sandboxInitSummary, sandboxInitDiscussion
    // coupondesk sandbox serve
    case sandboxServeSummary, sandboxServeDiscussion, sandboxServePort
    // coupondesk sandbox claim
    case sandboxClaimSummary, sandboxClaimDiscussion
    // coupondesk doctor
    case doctorSummary, doctorDiscussion
    // coupondesk completions
    case completionsSummary, completionsDiscussion
    // coupondesk man
    case manSummary, manDiscussion
    // coupondesk batch
    case batchSummary, batchDiscussion, batchStockId, batchProductCouponId, batchBrandId, batchAppid, batchRate
    case batchConcurrency, batchBatchId, batchOutput, batchAllowDuplicates, batchRetryRejected, batchDryRun, batchJson

    public static var english: [Self: String] { englishTable }
    public static var chinese: [Self: String] { chineseTable }
}
