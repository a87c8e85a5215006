/// What `coupondesk batch` shows a person (issue 13): the file's problems, the dry run, progress,
/// stopping, the summary. The API's words (`openid`, `stock_id`, `send_request_no`), option names, the
/// error categories' raw values and the numbers stay as they are in every language; counts that
/// take a noun have a `…One` and a `…Many` key (`Texts.counted`).
public enum BatchText: String, TextCatalogue {
    // A problem of the file (`BatchProblem`), named by its line
    case atLine
    case unknownColumn, columnTwice, noOpenidColumn, requiredWithoutDefault, fieldCountOne, fieldCountMany
    case duplicateOpenid, sharedNumber, noRows, notTheCaller
    case notUTF8, unterminatedQuote, quoteInUnquotedField, textAfterClosingQuote, noHeader, badBatchID
    // A number the history holds (`ResumeDecision.Conflict`)
    case numberInUse, inUseIssued, inUseRejected, inUseUnknown, inUseUnresolved, inUsePending
    case otherFlavor, unknownFlavor
    // Before any send
    case cannotRead, refusedOne, refusedMany, historyUnreadable, badNumber, rateLimitNote, sameOptions
    // --dry-run
    case dryRunNothingSent, checkedOne, checkedMany, wouldSend, wouldResend, alreadyDone, beingSentNow
    case wouldResendNote, alreadyDoneNote, beingSentNowNote, perStock, firstRows, rowLine, paceOne, paceMany
    case decisionSend, decisionResend, decisionDone, decisionElsewhere, decisionConflict
    // While sending
    case progress, slowedDown, eta, stoppingOne, stoppingMany, abandoningOne, abandoningMany
    // The summary
    case finished, interrupted, labelRows, labelIssued, labelRejected, labelUnknown, labelNotDone, labelRate
    case rowsValue, sendsPerSecond, unrecordedOne, unrecordedMany, elsewhereOne, elsewhereMany, history
    case rerun, whyNotDone, whyUnknown, whyRateLimited, listSeparator, retryRejected
    case results, cannotWriteResults, seconds

    public static let english: [Self: String] = [
        .atLine: "line {line}: {message}",
        .unknownColumn: "unknown column \"{name}\"; the columns are {columns}",
        .columnTwice: "column {column} appears twice",
        .noOpenidColumn: "no openid column: the header row must name an openid column",
        .requiredWithoutDefault: "{field}: required; give {option}, a {field} column, or defaults.{field} in the config",
        .fieldCountOne: "has {count} field, the header has {header}",
        .fieldCountMany: "has {count} fields, the header has {header}",
        .duplicateOpenid: "openid {openid} already has a row for stock {stock} on line {earlier} (give --allow-duplicates to send both)",
        .sharedNumber: "send_request_no {number} is also line {earlier}'s; each row needs its own",
        .noRows: "the file has a header but no rows",
        .notTheCaller: "brand_id: in the {flavor} flavor the brand is the caller ({caller} in the config), got {brand}",
        .notUTF8: "not UTF-8 text; save the file as UTF-8 (CSV UTF-8 in Excel)",
        .unterminatedQuote: "a quoted field starts here and is never closed",
        .quoteInUnquotedField: "a quote inside a field that is not quoted; quote the field and double the quote (\"\")",
        .textAfterClosingQuote: "text after a closing quote; a quoted field must end at a comma or the end of the line",
        .noHeader: "the file is empty; it needs a header row naming the columns (openid, ...)",
        .badBatchID: "batch id \"{id}\": 1–{max} characters of 0-9 A-Z a-z _ - (its numbers are {batch_id}_{line:06}, at most 40 characters)",
        .numberInUse: "send_request_no {number} already belongs to the send of {time} to openid {openid}, stock {stock} ({state}) with different data; use a new send_request_no for this request",
        .inUseIssued: "issued, token {token}",
        .inUseRejected: "rejected: {category}",
        .inUseUnknown: "outcome unknown: {category} — resend it unchanged to resolve it",
        .inUseUnresolved: "unresolved",
        .inUsePending: "interrupted or still being sent — outcome unknown",
        .otherFlavor: "send_request_no {number} belongs to an unresolved send made in the {flavor} flavor; resolve it with a config of that flavor",
        .unknownFlavor: "unknown",
        .cannotRead: "cannot read {path}; nothing was sent",
        .refusedOne: "{count} problem in {path}; the file was refused whole and nothing was sent",
        .refusedMany: "{count} problems in {path}; the file was refused whole and nothing was sent",
        .historyUnreadable: "the history {path} cannot be read ({reason}); nothing was sent",
        .badNumber: "{option} must be a whole number {low}–{high}, got {value}",
        .rateLimitNote: " (500/s is WeChat Pay's limit per partner or brand)",
        .sameOptions: "  (with the same options)",
        .dryRunNothingSent: "dry run: nothing was sent",
        .checkedOne: "batch {batch}: {count} row checked, all valid",
        .checkedMany: "batch {batch}: {count} rows checked, all valid",
        .wouldSend: "would send", .wouldResend: "would resend", .alreadyDone: "already done", .beingSentNow: "being sent now",
        .wouldResendNote: "  (unknown, interrupted or rate limited before: same numbers)",
        .alreadyDoneNote: "  (issued or refused before: not sent again)",
        .beingSentNowNote: "  (by another process: left to it)",
        .perStock: "per stock (rows to send):",
        .firstRows: "first rows:",
        .rowLine: "  line {line}  {number}  openid {openid}  stock {stock}  {decision}",
        .paceOne: "at {rate}/s with {count} worker: about {duration}; history {path}",
        .paceMany: "at {rate}/s with {count} workers: about {duration}; history {path}",
        .decisionSend: "send", .decisionResend: "resend", .decisionDone: "done ({outcome})",
        .decisionElsewhere: "being sent elsewhere", .decisionConflict: "number in use",
        .progress: "{done}/{total}  {percent}%  issued {issued}  rejected {rejected}  unknown {unknown}  {rate} sends/s",
        .slowedDown: " (slowed to {limit}/s after a 429)",
        .eta: "  ETA {duration}",
        .stoppingOne: "stopping: no more rows are started; waiting for the {count} send in flight to finish (Ctrl-C again abandons it)",
        .stoppingMany: "stopping: no more rows are started; waiting for the {count} sends in flight to finish (Ctrl-C again abandons them)",
        .abandoningOne: "abandoning the {count} send in flight: its outcome is unknown and its pending record remains; the next run resends it with the same number",
        .abandoningMany: "abandoning the {count} sends in flight: their outcome is unknown and their pending records remain; the next run resends them with the same numbers",
        .finished: "batch {batch} finished in {duration}",
        .interrupted: "batch {batch} INTERRUPTED after {duration}",
        .labelRows: "rows", .labelIssued: "issued", .labelRejected: "rejected", .labelUnknown: "unknown",
        .labelNotDone: "not done", .labelRate: "rate",
        .rowsValue: "{total}  ({now} sent now, {earlier} done by an earlier run)",
        .sendsPerSecond: "{rate} sends/s",
        .unrecordedOne: "WARNING: {count} result could not be written to the history; that row shows as interrupted there",
        .unrecordedMany: "WARNING: {count} results could not be written to the history; those rows show as interrupted there",
        .elsewhereOne: "{count} row is being sent by another process right now; its result will be recorded there",
        .elsewhereMany: "{count} rows are being sent by another process right now; their results will be recorded there",
        .history: "history: {path}",
        .rerun: "to finish the batch ({why}), run it again — no row is sent twice:",
        .whyNotDone: "{count} not done",
        .whyUnknown: "{count} unknown (the coupon may or may not have been pre-sent)",
        .whyRateLimited: "{count} rate limited",
        .listSeparator: ", ",
        .retryRejected: "refused rows got no coupon; after fixing the cause (e.g. raising the budget) send them again with --retry-rejected",
        .results: "results: {path}",
        .cannotWriteResults: "the results could not be written to {path} ({reason}); the history has every row",
        .seconds: "{seconds} s",
    ]

    public static let chinese: [Self: String] = [
        .atLine: "第 {line} 行：{message}",
        .unknownColumn: "未知的列 \"{name}\"；可用的列为 {columns}",
        .columnTwice: "列 {column} 出现了两次",
        .noOpenidColumn: "没有 openid 列：表头行必须有一列 openid",
        .requiredWithoutDefault: "{field}：必填；请用 {option} 指定、加一列 {field}，或在配置中设置 defaults.{field}",
        .fieldCountOne: "有 {count} 个字段，表头有 {header} 个",
        .fieldCountMany: "有 {count} 个字段，表头有 {header} 个",
        .duplicateOpenid: "openid {openid} 在批次 {stock} 中已有一行（第 {earlier} 行）；如需两行都发，请加 --allow-duplicates",
        .sharedNumber: "send_request_no {number} 与第 {earlier} 行相同；每行须有自己的单号",
        .noRows: "文件只有表头，没有数据行",
        .notTheCaller: "brand_id：{flavor}模式下品牌就是调用方（配置中为 {caller}），此行为 {brand}",
        .notUTF8: "不是 UTF-8 文本；请把文件另存为 UTF-8（Excel 中选“CSV UTF-8”）",
        .unterminatedQuote: "从这里开始的带引号字段没有结束引号",
        .quoteInUnquotedField: "未加引号的字段中有引号；请给该字段加上引号，并把其中的引号写成两个（\"\"）",
        .textAfterClosingQuote: "结束引号后还有文字；带引号的字段必须在逗号或行尾处结束",
        .noHeader: "文件是空的；第一行须是列出各列的表头（openid, ...）",
        .badBatchID: "批量编号 \"{id}\"：须为 1–{max} 个字符，只能是 0-9 A-Z a-z _ -（单号为 {batch_id}_{line:06}，最多 40 个字符）",
        .numberInUse: "send_request_no {number} 已属于 {time} 发给 openid {openid}、批次 {stock} 的另一笔发券（{state}），数据不同；请为这一行换一个新的 send_request_no",
        .inUseIssued: "已发放，token {token}",
        .inUseRejected: "被拒绝：{category}",
        .inUseUnknown: "结果未知：{category} — 原样重发即可确定结果",
        .inUseUnresolved: "未确定",
        .inUsePending: "已中断或仍在发送 — 结果未知",
        .otherFlavor: "send_request_no {number} 属于在{flavor}模式下发出、结果尚未确定的一笔发券；请用该模式的配置来确定其结果",
        .unknownFlavor: "未知",
        .cannotRead: "无法读取 {path}；未发送任何请求",
        .refusedOne: "{path} 中有 {count} 处问题；整个文件被拒绝，未发送任何请求",
        .refusedMany: "{path} 中有 {count} 处问题；整个文件被拒绝，未发送任何请求",
        .historyUnreadable: "无法读取发券记录 {path}（{reason}）；未发送任何请求",
        .badNumber: "{option} 须为 {low}–{high} 的整数，现为 {value}",
        .rateLimitNote: "（500/s 是微信支付对每个服务商或品牌的限流上限）",
        .sameOptions: "（其余选项不变）",
        .dryRunNothingSent: "试运行：未发送任何请求",
        .checkedOne: "批量发放 {batch}：已检查 {count} 行，全部有效",
        .checkedMany: "批量发放 {batch}：已检查 {count} 行，全部有效",
        .wouldSend: "将发送", .wouldResend: "将重发", .alreadyDone: "已完成", .beingSentNow: "正在发送",
        .wouldResendNote: "（此前结果未知、中断或被限流：沿用原单号）",
        .alreadyDoneNote: "（此前已发放或被拒绝：不再发送）",
        .beingSentNowNote: "（另一个进程正在发送：交由它完成）",
        .perStock: "各批次（待发送行数）：",
        .firstRows: "前几行：",
        .rowLine: "  第 {line} 行  {number}  openid {openid}  批次 {stock}  {decision}",
        .paceOne: "按 {rate}/s、{count} 个并发：约需 {duration}；发券记录 {path}",
        .paceMany: "按 {rate}/s、{count} 个并发：约需 {duration}；发券记录 {path}",
        .decisionSend: "发送", .decisionResend: "重发", .decisionDone: "已完成（{outcome}）",
        .decisionElsewhere: "另一进程正在发送", .decisionConflict: "单号已被占用",
        .progress: "{done}/{total}  {percent}%  已发放 {issued}  被拒绝 {rejected}  结果未知 {unknown}  {rate} 笔/秒",
        .slowedDown: "（收到 429，已降速至 {limit}/s）",
        .eta: "  预计剩余 {duration}",
        .stoppingOne: "正在停止：不再开始新的行；等待进行中的 {count} 笔发送完成（再按一次 Ctrl-C 则放弃等待）",
        .stoppingMany: "正在停止：不再开始新的行；等待进行中的 {count} 笔发送完成（再按一次 Ctrl-C 则放弃等待）",
        .abandoningOne: "放弃进行中的 {count} 笔发送：结果未知，pending 记录保留；下次运行会用同一单号重发",
        .abandoningMany: "放弃进行中的 {count} 笔发送：结果未知，pending 记录保留；下次运行会用同一单号重发",
        .finished: "批量发放 {batch} 已完成，用时 {duration}",
        .interrupted: "批量发放 {batch} 已中断（运行了 {duration}）",
        .labelRows: "总行数", .labelIssued: "已发放", .labelRejected: "被拒绝", .labelUnknown: "结果未知",
        .labelNotDone: "未完成", .labelRate: "速率",
        .rowsValue: "{total}（本次发送 {now}，之前已完成 {earlier}）",
        .sendsPerSecond: "{rate} 笔/秒",
        .unrecordedOne: "警告：{count} 个结果未能写入发券记录；该行在记录中显示为已中断",
        .unrecordedMany: "警告：{count} 个结果未能写入发券记录；这些行在记录中显示为已中断",
        .elsewhereOne: "{count} 行正由另一个进程发送；结果由该进程记录",
        .elsewhereMany: "{count} 行正由另一个进程发送；结果由该进程记录",
        .history: "发券记录：{path}",
        .rerun: "要完成本次批量发放（{why}），请再运行一次 — 不会有任何一行被重复发放：",
        .whyNotDone: "{count} 行未完成",
        .whyUnknown: "{count} 行结果未知，券可能已预发放也可能没有",
        .whyRateLimited: "{count} 行被限流",
        .listSeparator: "；",
        .retryRejected: "被拒绝的行没有得到券；排除原因（例如提高预算）后，可加 --retry-rejected 重新发送",
        .results: "结果文件：{path}",
        .cannotWriteResults: "结果无法写入 {path}（{reason}）；发券记录中有每一行的结果",
        .seconds: "{seconds} 秒",
    ]
}

extension Texts {
    /// A message that counts something: `one` for 1, else `many`, with `{count}` filled. Chinese words
    /// count the same either way; English says "1 row", "2 rows".
    public func counted<Key: TextCatalogue>(_ count: Int, one: Key, many: Key, _ arguments: [String: String] = [:]) -> String {
        self(count == 1 ? one : many, arguments.merging(["count": String(count)]) { _, new in new })
    }
}
