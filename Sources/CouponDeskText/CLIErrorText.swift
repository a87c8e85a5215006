/// What the commands say on stderr when they refuse or stop: usage errors, refusals, warnings. Each is
/// printed after `coupondesk COMMAND: `; option names, paths and WeChat Pay's own words are kept.
public enum CLIErrorText: String, TextCatalogue {
    // Dispatch and arguments
    case notUTF8, notUTF8ValueOf, notUTF8Argument, unknownCommand, didYouMeanCommand, nameASubcommand, seeTopHelp
    case usageLine, seeCommandHelp, unknownOption, didYouMeanOption, takesNoValue, needsAValue, givenTwice
    case missingOption, missingOptions, missingPositional, unexpectedArgument, unexpectedArguments
    // Config and the log
    case configError, resultNotWritten, confirmResultNotWritten, noSendInHistory, noDemoSend, otherBrand, notResending
    case noHistoryYet, unreadableLines, unreadableScope
    // Look-ups
    case required, lookupRefused, lookupUnknown, listStoppedEarly, theUsersCoupons, theStock, stockCoupon, nameTheStock
    case stateMustBe
    // Flavors
    case brandIDRequired, notThisBrand, unknownFlavorRecord, otherFlavor, brandDirectConfigOf, partnerConfig, otherBrandResend
    // history
    case limitMustBe, outcomeMustBe, formatMustBe
    // confirm
    case confirmEitherOr, notConfirmable, confirmUnresolved, repeatedConfirm, notClaimed, inPagesRead
    case nothingSent, nothingLookedUp, invalidInput, needsTerminal
    // history show/export, the console's closing
    case noRecordOfNumber, cannotCreateOutput, waitingForSendInFlight, sendInFlightNotFinished

    public static let english: [Self: String] = [
        .noRecordOfNumber: "no record of send_request_no '{number}' in {path}; `coupondesk history list --search TEXT` finds sends by part of a number",
        .cannotCreateOutput: "cannot create {path} ({reason}); check the directory exists and is writable",
        .waitingForSendInFlight: "waiting up to 15 s for the send in flight to finish, so its result reaches the log…",
        .sendInFlightNotFinished: "it has not finished; its pending record is in {path} and shows as unknown — resend it",
        .notUTF8: "{place} is not UTF-8 text; nothing was sent. Give it as UTF-8 (check the terminal's or script's encoding).",
        .notUTF8ValueOf: "the value of {option}", .notUTF8Argument: "argument {index}",
        .unknownCommand: "unknown command '{word}'", .didYouMeanCommand: " (did you mean '{guess}'?)",
        .nameASubcommand: "name a subcommand: {subcommands}",
        .seeTopHelp: "Run `coupondesk --help` for the list of commands.",
        .usageLine: "Usage: {usage}", .seeCommandHelp: "Run `{name} --help` for details.",
        .unknownOption: "unknown option {option}", .didYouMeanOption: " (did you mean {guess}?)",
        .takesNoValue: "{option} takes no value", .needsAValue: "{option} needs a value ({valueName})",
        .givenTwice: "{option} given twice",
        .missingOption: "missing required option: {options}", .missingOptions: "missing required options: {options}",
        .missingPositional: "missing {names}",
        .unexpectedArgument: "unexpected argument: {arguments}", .unexpectedArguments: "unexpected arguments: {arguments}",
        .configError: "configuration error; nothing was sent",
        .resultNotWritten: "warning: the result could not be written to {path} ({problem}); the history shows this send as interrupted — resend it to record the outcome",
        .confirmResultNotWritten: "warning: the result could not be written to {path} ({problem}); the history shows this confirm as interrupted — run the same confirm again to record its outcome",
        .noSendInHistory: "no send with send_request_no {number} in {path}; {nothing}",
        .nothingSent: "nothing was sent", .nothingLookedUp: "nothing was looked up",
        .invalidInput: "invalid input; nothing was sent",
        .needsTerminal: "the console needs a terminal on stdin and stdout; for scripts use `coupondesk send` (see --help)",
        .noDemoSend: "no demo send with send_request_no {number} in {path}",
        .otherBrand: "send {number} was for brand {brand} and this {flavor} config calls as brand {caller}; look it up with that brand's config; nothing was looked up",
        .notResending: "not resending {number}: {reason}",
        .noHistoryYet: "no history at {path} yet; the demo's sends are in {demoLog} (pass --history {demoLog})",
        .unreadableLines: "{path}: {summary}{scope} (skipped; the log is left as it is)",
        .unreadableScope: " in the newest part of the log read",
        .required: "{option} is required (the config has no default for it); nothing was looked up",
        .lookupRefused: "WeChat Pay refused the look-up of {what}: {failure}",
        .lookupUnknown: "no trustworthy answer to the look-up of {what} (outcome unknown; run it again): {failure}",
        .listStoppedEarly: "the list stopped early",
        .theUsersCoupons: "the user's coupons", .theStock: "the stock", .stockCoupon: "stock {stock}",
        .nameTheStock: "name the stock (STOCK_ID; the config has no defaults.stock_id); nothing was looked up",
        .stateMustBe: "--state must be one of {states} (got '{value}')",
        .brandIDRequired: "--brand-id B is required with a {flavor} config ({caller}): name the brand you send for; nothing was sent",
        .notThisBrand: "--brand-id {given} is not this config's brand: a {flavor} config sends only as its own brand (brand_id {caller}); omit --brand-id or use that brand's config; nothing was sent",
        .unknownFlavorRecord: "it was made in a flavor this build does not know; resend it with the build that made it",
        .otherFlavor: "it was sent in the {recorded} flavor and this config is {current} ({caller}); resend it with {hint}",
        .brandDirectConfigOf: "a brand-direct config (\"flavor\": \"brand\") of brand {brand}",
        .partnerConfig: "a partner config (no \"flavor\" key)",
        .otherBrandResend: "it was sent by brand {brand} and this config calls as brand {caller}; resend it with that brand's config",
        .limitMustBe: "--limit must be a whole number of at least 1, such as 50 or 1e6 (got '{value}')",
        .outcomeMustBe: "--outcome must be issued, rejected or unknown (got '{value}')",
        .formatMustBe: "--format must be csv or json (got '{value}')",
        .confirmEitherOr: "name the coupon either by SEND_REQUEST_NO (a send in the history) or by --openid O --coupon-code C, not both; nothing was sent",
        .notConfirmable: "coupon {coupon} is {state}, not CONFIRMING: {meaning}; only a CONFIRMING coupon can be confirmed; nothing was sent",
        .confirmUnresolved: "the confirm of {time} of this coupon (out_request_no {number}) is unresolved; only the same number resolves it: leave out --out-request-no, or give that number; nothing was sent",
        .repeatedConfirm: "repeated the unresolved confirm of {time} with the same out_request_no {number}",
        .notClaimed: "the token of send {number} has not been claimed: no coupon of openid {openid} in stock {stock} has that send_request_no{more}; nothing to confirm, nothing was sent (`coupondesk check {number}`)",
        .inPagesRead: " in the {pages} pages read ({reason})",
    ]

    public static let chinese: [Self: String] = [
        .noRecordOfNumber: "{path} 中没有 send_request_no 为 '{number}' 的记录；`coupondesk history list --search TEXT` 可按单号的一部分查找",
        .cannotCreateOutput: "无法创建 {path}（{reason}）；请检查目录是否存在且可写",
        .waitingForSendInFlight: "正在等待在途的发券完成（最多 15 秒），以便结果写入发券记录……",
        .sendInFlightNotFinished: "它还没有完成；它的 pending 记录在 {path} 中，显示为结果未知——请重发",
        .notUTF8: "{place}不是 UTF-8 文本；未发送。请以 UTF-8 给出（检查终端或脚本的编码）。",
        .notUTF8ValueOf: "{option} 的值", .notUTF8Argument: "第 {index} 个参数",
        .unknownCommand: "没有命令 '{word}'", .didYouMeanCommand: "（是否想用 '{guess}'？）",
        .nameASubcommand: "请给出子命令：{subcommands}",
        .seeTopHelp: "运行 `coupondesk --help` 查看命令列表。",
        .usageLine: "用法：{usage}", .seeCommandHelp: "运行 `{name} --help` 查看详情。",
        .unknownOption: "没有选项 {option}", .didYouMeanOption: "（是否想用 {guess}？）",
        .takesNoValue: "{option} 不带值", .needsAValue: "{option} 需要一个值（{valueName}）",
        .givenTwice: "{option} 给出了两次",
        .missingOption: "缺少必填选项：{options}", .missingOptions: "缺少必填选项：{options}",
        .missingPositional: "缺少 {names}",
        .unexpectedArgument: "多余的参数：{arguments}", .unexpectedArguments: "多余的参数：{arguments}",
        .configError: "配置错误；未发送",
        .resultNotWritten: "警告：结果未能写入 {path}（{problem}）；发券记录中该笔显示为已中断 — 请重发以记录结果",
        .confirmResultNotWritten: "警告：结果未能写入 {path}（{problem}）；发券记录中该确认显示为已中断 — 请再次进行同一确认以记录结果",
        .noSendInHistory: "{path} 中没有 send_request_no 为 {number} 的发券；{nothing}",
        .nothingSent: "未发送", .nothingLookedUp: "未查询",
        .invalidInput: "输入有误；未发送",
        .needsTerminal: "控制台需要 stdin 和 stdout 都是终端；脚本请使用 `coupondesk send`（见 --help）",
        .noDemoSend: "{path} 中没有 send_request_no 为 {number} 的演示发券",
        .otherBrand: "发券 {number} 属于品牌 {brand}，而此{flavor}配置以品牌 {caller} 调用；请用该品牌的配置查询；未查询",
        .notResending: "不重发 {number}：{reason}",
        .noHistoryYet: "{path} 还没有发券记录；演示的发券在 {demoLog}（加上 --history {demoLog}）",
        .unreadableLines: "{path}：{summary}{scope}（已跳过；记录文件保持原样）",
        .unreadableScope: "（在读取的最新部分中）",
        .required: "需要 {option}（配置中没有默认值）；未查询",
        .lookupRefused: "微信支付拒绝了对{what}的查询：{failure}",
        .lookupUnknown: "对{what}的查询没有可信的应答（结果未知；请再次运行）：{failure}",
        .listStoppedEarly: "列表提前停止",
        .theUsersCoupons: "该用户的券", .theStock: "批次", .stockCoupon: "批次 {stock}",
        .nameTheStock: "请给出批次（STOCK_ID；配置中没有 defaults.stock_id）；未查询",
        .stateMustBe: "--state 必须是 {states} 之一（现为 '{value}'）",
        .brandIDRequired: "{flavor}配置（{caller}）必须给出 --brand-id B：请指明为哪个品牌发券；未发送",
        .notThisBrand: "--brand-id {given} 不是此配置的品牌：{flavor}配置只能以自己的品牌（brand_id {caller}）发券；请去掉 --brand-id 或使用该品牌的配置；未发送",
        .unknownFlavorRecord: "它是以本版本不认识的接入模式发送的；请用发送它的版本重发",
        .otherFlavor: "它是以{recorded}模式发送的，而此配置是{current}（{caller}）；请用{hint}重发",
        .brandDirectConfigOf: "品牌 {brand} 的品牌直连配置（\"flavor\": \"brand\"）",
        .partnerConfig: "服务商配置（没有 \"flavor\" 键）",
        .otherBrandResend: "它是由品牌 {brand} 发送的，而此配置以品牌 {caller} 调用；请用该品牌的配置重发",
        .limitMustBe: "--limit 必须是至少为 1 的整数，例如 50 或 1e6（现为 '{value}'）",
        .outcomeMustBe: "--outcome 必须是 issued、rejected 或 unknown（现为 '{value}'）",
        .formatMustBe: "--format 必须是 csv 或 json（现为 '{value}'）",
        .confirmEitherOr: "请用 SEND_REQUEST_NO（发券记录中的一笔）或 --openid O --coupon-code C 指明券，二者选一；未发送",
        .notConfirmable: "券 {coupon} 的状态为 {state}，不是 CONFIRMING：{meaning}；只有 CONFIRMING 的券才能确认；未发送",
        .confirmUnresolved: "该券在 {time} 的确认（out_request_no {number}）结果未定；只有同一单号才能确定结果：去掉 --out-request-no，或给出该单号；未发送",
        .repeatedConfirm: "已用同一 out_request_no {number} 重复 {time} 那次结果未定的确认",
        .notClaimed: "发券 {number} 的 token 尚未被领取：openid {openid} 在批次 {stock} 中没有带该 send_request_no 的券{more}；无可确认，未发送（`coupondesk check {number}`）",
        .inPagesRead: "（在读取的 {pages} 页中：{reason}）",
    ]
}
