/// The demo's and the sandbox's words shown to a person: the guide (what to type to see each
/// outcome, in the console's help and after `sandbox init`) and the demo data's notes, keyed by what
/// they describe; a note someone changed in sandbox.json is shown as written.
public enum SandboxText: String, TextCatalogue {
    case inProcessHost, guidePartner, guideBrandDirect, guideStocks, guideUnlinkedAppid
    case guideConflict, guideAutoClaim, guideManualClaim, guideFaults, notePlenty
    case noteTotalBudget, noteDailyBudget, notePerUser, notePaused, noteAPIAssign
    case faultSystemError, faultRateLimited, faultTimeout, faultDrop, faultBadSignature
    case faultProbeSignature, faultStaleTimestamp, faultUnsigned, faultMalformedJSON, faultOversized
    case faultHTML502, faultControlChars, faultConfirmTimeout, faultConfirmDrop
    // The sandbox and demo commands
    case demoCreated, creatingDemo, flavorMustBe, demoNotUsable, cannotOpenDemo
    case sandboxCreated, startItWith, portMustBe, noSandboxJSON, addedBrandDirect
    case serving, servingPartner, servingBrands, stopped, compactFailed, claimedNow
    case alreadyClaimed, staysConfirming

    public static let english: [Self: String] = [
        .inProcessHost: "in-process sandbox",
        .guidePartner: "Partner mchid {mchid}, brand {brand}, appid {appid}, product coupon {productCoupon}.",
        .guideBrandDirect: "Brand {brand} can also call brand-direct (config-brand.json); both flavors share the stocks below.",
        .guideStocks: "Stocks:",
        .guideUnlinkedAppid: "Appid {appid} is not linked to the brand (invalid_request, 268578704).",
        .guideConflict: "Reusing a send_request_no with different fields gives request_no_conflict (268578927).",
        .guideAutoClaim: "A simulated user claims each token {seconds} s after it was issued (auto_claim_seconds): the coupon is CONFIRMING until `coupondesk confirm`; openids starting {neverPrefix} never claim, {autoPrefix} get EFFECTIVE coupons at once.",
        .guideManualClaim: "Tokens are claimed by `coupondesk sandbox claim DIR SEND_REQUEST_NO` (set auto_claim_seconds in sandbox.json to claim them automatically).",
        .guideFaults: "Fault openids (any openid starting with the prefix; they hit look-ups and confirms too unless \"calls\" says otherwise):",
        .notePlenty: "issued: generous budgets",
        .noteTotalBudget: "total budget 3: the 4th distinct send is refused (total_budget_exhausted)",
        .noteDailyBudget: "daily budget 2: the 3rd distinct send of a day (Asia/Shanghai) is refused (daily_budget_exhausted)",
        .notePerUser: "one per user: a 2nd send to the same openid is refused (user_limit_reached)",
        .notePaused: "PAUSED: every send is refused (stock_not_sending)",
        .noteAPIAssign: "API_ASSIGN: --coupon-code is required (any 1-40 of 0-9 A-Z a-z _ -)",
        .faultSystemError: "500 SYSTEM_ERROR, nothing committed (server_error after the client's retries)",
        .faultRateLimited: "429 RATELIMIT_EXCEEDED, nothing committed (rate_limited after the client's retries)",
        .faultTimeout: "committed, answer delayed past the client timeout (unknown/timeout; resend resolves)",
        .faultDrop: "committed, connection closed without an answer (unknown/network_error; resend resolves)",
        .faultBadSignature: "committed, answer signed wrongly (unknown/signature_invalid)",
        .faultProbeSignature: "committed, WECHATPAY/SIGNTEST/ probe signature (unknown/signature_invalid)",
        .faultStaleTimestamp: "committed, Wechatpay-Timestamp 10 minutes old (unknown/signature_invalid)",
        .faultUnsigned: "committed, no Wechatpay-* signature headers (unknown/signature_invalid)",
        .faultMalformedJSON: "committed, signed 200 whose body is not JSON (unknown/malformed_response)",
        .faultOversized: "committed, signed 200 with a 2 MiB body (unknown/malformed_response: bounded read)",
        .faultHTML502: "502 HTML page from a \"proxy\", no WeChat Pay headers, nothing committed (unknown/server_error)",
        .faultControlChars: "400 whose message carries terminal escape sequences (rejected; must be sanitised)",
        .faultConfirmTimeout: "sends, claims and look-ups work; the confirm commits, its answer is delayed past the client timeout (unknown; the same confirm again resolves)",
        .faultConfirmDrop: "sends, claims and look-ups work; the confirm commits, the connection is closed without an answer (unknown; the same confirm again resolves)",
        .demoCreated: "demo sandbox created in {path}",
        .creatingDemo: "creating the demo sandbox in {path} (first use; a few seconds)…",
        .flavorMustBe: "--flavor must be partner or brand, got {value}",
        .demoNotUsable: "the demo sandbox is not usable: {error}",
        .cannotOpenDemo: "cannot open the demo sandbox: {error}",
        .sandboxCreated: """
        Sandbox created in {path}
          sandbox.json  brands, stocks, faults (edit to taste)
          config.json        partner (服务商) client config: coupondesk --config {partnerConfig}
          config-brand.json  brand-direct (品牌直连) client config: coupondesk --config {brandConfig}
          keys               merchant_private_key.pem, brand_private_key.pem and wechatpay_private_key.pem are 0600
        """,
        .startItWith: "Start it with: coupondesk sandbox serve {path}",
        .portMustBe: "--port must be a number 0–65535, got {value}",
        .noSandboxJSON: "{path} holds no sandbox.json; create one with `coupondesk sandbox init {path}`",
        .addedBrandDirect: "sandbox {path}: added the brand-direct caller (brand_private_key.pem, config-brand.json)",
        .serving: "sandbox {path}: {callers}; Ctrl-C stops it",
        .servingPartner: "partner mchid {mchid}",
        .servingBrands: ", brand-direct brand_id {brands}",
        .stopped: "sandbox stopped ({signal})",
        .compactFailed: "coupondesk sandbox serve: {error} (the journal still holds every change)",
        .claimedNow: "claimed: coupon {coupon} of openid {openid}, stock {stock}, {state}",
        .alreadyClaimed: "already claimed: coupon {coupon} of openid {openid}, stock {stock}, {state}",
        .staysConfirming: "It stays CONFIRMING (the user sees it but cannot use it) until confirmed: coupondesk confirm {number}",
    ]

    public static let chinese: [Self: String] = [
        .inProcessHost: "进程内沙箱",
        .guidePartner: "服务商 mchid {mchid}，品牌 {brand}，appid {appid}，商品券 {productCoupon}。",
        .guideBrandDirect: "品牌 {brand} 也可以品牌直连方式调用（config-brand.json）；两种模式共用下面的批次。",
        .guideStocks: "批次：",
        .guideUnlinkedAppid: "Appid {appid} 未与该品牌关联（invalid_request，268578704）。",
        .guideConflict: "用不同字段重复使用同一 send_request_no 会得到 request_no_conflict（268578927）。",
        .guideAutoClaim: "模拟用户在 token 发放 {seconds} 秒后领取（auto_claim_seconds）：券在 `coupondesk confirm` 之前为 CONFIRMING；以 {neverPrefix} 开头的 openid 从不领取，以 {autoPrefix} 开头的立即得到 EFFECTIVE 的券。",
        .guideManualClaim: "用 `coupondesk sandbox claim DIR SEND_REQUEST_NO` 领取 token（在 sandbox.json 中设置 auto_claim_seconds 可自动领取）。",
        .guideFaults: "故障 openid（以下列前缀开头的任意 openid；除非 \"calls\" 另有说明，查询和确认也会受影响）：",
        .notePlenty: "发放成功：预算充足",
        .noteTotalBudget: "总预算 3：第 4 笔不同的发券被拒绝（total_budget_exhausted）",
        .noteDailyBudget: "单日预算 2：同一天（北京时间）第 3 笔不同的发券被拒绝（daily_budget_exhausted）",
        .notePerUser: "每人限领 1 张：给同一 openid 的第 2 笔被拒绝（user_limit_reached）",
        .notePaused: "已暂停（PAUSED）：每笔发券都被拒绝（stock_not_sending）",
        .noteAPIAssign: "API_ASSIGN：必须给出 --coupon-code（1-40 个 0-9 A-Z a-z _ -）",
        .faultSystemError: "500 SYSTEM_ERROR，未落库（客户端重试后为 server_error）",
        .faultRateLimited: "429 RATELIMIT_EXCEEDED，未落库（客户端重试后为 rate_limited）",
        .faultTimeout: "已落库，应答延迟超过客户端超时（unknown/timeout；重发可确定结果）",
        .faultDrop: "已落库，连接被关闭、没有应答（unknown/network_error；重发可确定结果）",
        .faultBadSignature: "已落库，应答签名错误（unknown/signature_invalid）",
        .faultProbeSignature: "已落库，WECHATPAY/SIGNTEST/ 探测签名（unknown/signature_invalid）",
        .faultStaleTimestamp: "已落库，Wechatpay-Timestamp 为 10 分钟前（unknown/signature_invalid）",
        .faultUnsigned: "已落库，没有 Wechatpay-* 签名头（unknown/signature_invalid）",
        .faultMalformedJSON: "已落库，签名正确的 200 但应答体不是 JSON（unknown/malformed_response）",
        .faultOversized: "已落库，签名正确的 200 但应答体有 2 MiB（unknown/malformed_response：限长读取）",
        .faultHTML502: "来自“代理”的 502 HTML 页面，没有微信支付头，未落库（unknown/server_error）",
        .faultControlChars: "400，message 中带终端转义序列（被拒绝；必须清理后显示）",
        .faultConfirmTimeout: "发券、领取和查询正常；确认已落库，应答延迟超过客户端超时（unknown；再次进行同一确认可确定结果）",
        .faultConfirmDrop: "发券、领取和查询正常；确认已落库，连接被关闭、没有应答（unknown；再次进行同一确认可确定结果）",
        .demoCreated: "已在 {path} 创建演示沙箱",
        .creatingDemo: "正在 {path} 创建演示沙箱（首次使用；需要几秒钟）…",
        .flavorMustBe: "--flavor 必须是 partner 或 brand，现为 {value}",
        .demoNotUsable: "演示沙箱不可用：{error}",
        .cannotOpenDemo: "无法打开演示沙箱：{error}",
        .sandboxCreated: """
        已在 {path} 创建沙箱
          sandbox.json       品牌、批次、故障（可随意修改）
          config.json        服务商（partner）客户端配置：coupondesk --config {partnerConfig}
          config-brand.json  品牌直连（brand-direct）客户端配置：coupondesk --config {brandConfig}
          keys               merchant_private_key.pem、brand_private_key.pem 和 wechatpay_private_key.pem 的权限为 0600
        """,
        .startItWith: "启动：coupondesk sandbox serve {path}",
        .portMustBe: "--port 必须是 0–65535 之间的数字，现为 {value}",
        .noSandboxJSON: "{path} 中没有 sandbox.json；请用 `coupondesk sandbox init {path}` 创建",
        .addedBrandDirect: "沙箱 {path}：已加上品牌直连调用方（brand_private_key.pem、config-brand.json）",
        .serving: "沙箱 {path}：{callers}；按 Ctrl-C 停止",
        .servingPartner: "服务商 mchid {mchid}",
        .servingBrands: "，品牌直连 brand_id {brands}",
        .stopped: "沙箱已停止（{signal}）",
        .compactFailed: "coupondesk sandbox serve：{error}（日志 state.journal 仍保存着每一项更改）",
        .claimedNow: "已领取：openid {openid} 的券 {coupon}，批次 {stock}，{state}",
        .alreadyClaimed: "早已领取：openid {openid} 的券 {coupon}，批次 {stock}，{state}",
        .staysConfirming: "在确认之前它一直是 CONFIRMING（用户能看到但不能使用）：coupondesk confirm {number}",
    ]
}
