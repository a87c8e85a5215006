// The Chinese table of HelpText (see HelpText.swift).
extension HelpText {
    static let chineseTable: [HelpText: String] = [
        .optionHelp: "显示本帮助",
        .optionConfig: "配置文件（默认：$COUPONDESK_CONFIG，否则 $XDG_CONFIG_HOME/coupondesk/config.json）",
        .optionHistory: "发券记录文件（默认：配置中的 history_file，否则 $XDG_DATA_HOME/coupondesk/history.jsonl）",
        .optionVersion: "显示版本号及构建时的 git 提交",
        .optionBrandIdSend: "要发券的品牌；服务商配置必填；品牌直连配置（\"flavor\": \"brand\"）选填：即配置的 brand_id（如给出必须一致）",
        .optionBrandIdLookup: "品牌（服务商配置；默认：配置的 defaults.brand_id）；品牌直连配置下就是调用方，如给出必须一致",
        .optionAppidLookup: "openid 所属的 AppID（默认：配置的 defaults.appid）",
        .optionTheme: "default、light、high-contrast、mono、用户主题名，或 .json 文件路径",
        .optionFlavorDemo: "partner（默认：服务商）或 brand（品牌直连）",
        .optionJsonDoctor: "输出一个 JSON 对象（每项检查的 id、status、finding、advice、details），代替报告",
        .optionHistoryLog: "发券记录文件（默认：配置中的 history_file，否则 $XDG_DATA_HOME/coupondesk/history.jsonl）",
        .optionConfigOfHistory: "使用其 history_file 的配置文件（默认：$COUPONDESK_CONFIG，否则 $XDG_CONFIG_HOME/coupondesk/config.json）",
        .topIntro: "CouponDesk {version} — 向用户预发放微信支付商品券，并记录每一笔发券。",
        .topUsage: "用法：",
        .topCommands: "命令：",
        .topNone: "（无）",
        .topFooter: """
        运行 `coupondesk COMMAND --help` 查看某个命令的选项和示例。
        没有配置文件时，`coupondesk` 在内置演示沙箱上打开控制台。

        send/resend 的退出码：0 已发放，3 被微信支付拒绝，4 结果未知（请重发），
        64 输入有误（未发送），78 配置错误（未发送）。
        """,
        .helpUsage: "用法：{usage}",
        .helpOptions: "选项：",
        .helpRequired: "（必填）",
        .consoleSummary: "控制台：填表、发券、浏览发券记录（没有配置文件时进入演示）",
        .consoleDiscussion: """
        按键：Tab/Shift-Tab 移动，Ctrl-S 发送，Ctrl-N 开始下一笔，F1 或 ? 列出全部按键，
        F10、Ctrl-Q 或 Ctrl-C 退出。用户主题：$XDG_CONFIG_HOME/coupondesk/themes/NAME.json
        （~/.config/coupondesk/themes/）。设置 NO_COLOR 时强制使用 mono 主题。
        """,
        .consoleHistory: "发券记录文件（默认：配置中的 history_file，否则 $XDG_DATA_HOME/coupondesk/history.jsonl）",
        .demoSendSummary: "在内置演示沙箱上发一次券（无需证书、不联网）：各种结果随时可见",
        .demoSendDiscussion: """
        演示沙箱位于 $XDG_DATA_HOME/coupondesk/demo（~/.local/share/coupondesk/demo），首次使用时
        创建，并在其中保存自己的 history.jsonl。退出码同 `send`：0 已发放，3 被拒绝，4 结果未知，
        64 输入有误。

        批次：{stockPlenty} 正常发放 · {stockTotalBudget} 总预算 3 · {stockDailyBudget} 单日预算 2 ·
        {stockPerUser} 每人限领 1 张 · {stockPaused} 已暂停 · {stockAPIAssign} API_ASSIGN（需要 --coupon-code）
        按 openid 前缀触发的故障：fault-system-error-、fault-rate-limited-、fault-timeout-、fault-drop-、
        fault-bad-signature-、fault-probe-signature-、fault-stale-timestamp-、fault-unsigned-、
        fault-malformed-json-、fault-oversized-、fault-html-502-、fault-control-chars-

        --flavor brand 以品牌直连方式发券：使用品牌直连的路径和签名方式，用演示的品牌密钥签名，
        记录中为 "flavor": "brand"。两种模式共用演示的批次和发券记录。

        示例：
          coupondesk demo send --openid o-alice
          coupondesk demo send --openid o-carol --flavor brand
          coupondesk demo send --openid o-bob --stock-id {stockTotalBudget}
          coupondesk demo send --openid fault-timeout-1 --json
        """,
        .demoSendOpenid: "用户的 openid；以 fault-...- 开头会触发故障（见 README）",
        .demoSendBrandId: "品牌（默认：演示品牌 {brand}；--flavor brand 时即为调用方，如给出必须一致）",
        .demoSendProductCouponId: "商品券（默认 {productCoupon}）",
        .demoSendStockId: "批次（默认 {stockPlenty}；见下方列表）",
        .demoSendAppid: "AppID（默认 {appid}）",
        .demoSendCouponCode: "券码（仅用于 API_ASSIGN 批次 {stockAPIAssign}）",
        .demoSendAttach: "附加信息，由微信支付原样带回，最多 150 个字符",
        .demoSendSendRequestNo: "重用某个单号即为重发（用于确定结果未知的一笔）；默认：新单号",
        .demoSendJson: "将该笔的发券记录输出为一个 JSON 对象",
        .demoResendSummary: "用同一 send_request_no 和完全相同的请求重发一笔结果未知的演示发券",
        .demoResendDiscussion: """
        与 `coupondesk resend` 相同，作用于演示的发券记录：只重发最新记录为结果未知（或待定、
        或被限频）的一笔，请求按记录重建，使用记录中的接入模式（服务商或品牌直连）。

        示例：
          coupondesk demo send --openid fault-drop-1      # 结果未知：连接被断开
          coupondesk demo resend CD20261128141200123_a1B2c3D4
        """,
        .demoResendJson: "将重发的发券记录输出为一个 JSON 对象",
        .demoDoctorSummary: "对内置演示沙箱运行 doctor 的检查（进程内：不联网）",
        .demoDoctorDiscussion: """
        检查演示的配置（config.json；--flavor brand 时为 config-brand.json）、密钥、发券记录
        和终端，并对演示沙箱进行一次签名的只读调用。退出码同 `coupondesk doctor`。
        """,
        .demoSummary: "在内置演示沙箱上打开控制台：不会真实发券",
        .demoDiscussion: """
        演示沙箱位于 $XDG_DATA_HOME/coupondesk/demo（~/.local/share/coupondesk/demo），首次使用时
        创建。批次：1000000013001 正常发放；1000000013002 总预算 3；1000000013003 单日预算 2；
        1000000013004 每人限领 1 张；1000000013005 已暂停；1000000013006 需要 coupon_code。以
        fault-timeout-、fault-drop-、fault-system-error-、fault-bad-signature- 等开头的 openid 会得到
        结果未知，可按 `r` 重发。
        --flavor brand 以品牌直连调用方（品牌直连，品牌 120344）打开：使用品牌直连的路径和签名方式，
        brand_id 固定为调用方；两种模式共用演示的批次和发券记录。
        """,
        .demoHistory: "发券记录文件（默认：演示自己的，在 $XDG_DATA_HOME/coupondesk/demo 下）",
        .sendSummary: "向一位用户预发放一张商品券，并记入发券记录",
        .sendDiscussion: """
        退出码：0 已发放，3 被微信支付拒绝，4 结果未知（用同一单号重发），64 输入有误（未发送），
        78 配置错误（未发送）。

        示例（服务商配置）：
          coupondesk send --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --brand-id 120344 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        示例（品牌直连配置：品牌即调用方）：
          coupondesk send --config brand.json --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        """,
        .sendOpenid: "用户在该 AppID 下的 openid",
        .sendProductCouponId: "商品券 id",
        .sendStockId: "批次 id；必须属于该商品券",
        .sendAppid: "与服务商绑定的 AppID",
        .sendCouponCode: "仅用于 API_ASSIGN 批次：最多 40 个 0-9 A-Z a-z _ -",
        .sendAttach: "附加信息，最多 150 个字符，查询和回调时原样带回",
        .sendSendRequestNo: "6–40 个 0-9 A-Z a-z _ -；不给出时自动生成",
        .sendJson: "在 stdout 上只输出一个 JSON 对象（发券记录）",
        .resendSummary: "用同一 send_request_no 重发结果未知、被中断或被限频的一笔",
        .resendDiscussion: """
        只有当 SEND_REQUEST_NO 的最新记录为 unknown、pending（被中断）或 rate_limited 时才允许。
        请求按该记录逐字段重建，使用记录中的接入模式，因此请求体完全相同；其他接入模式的配置（或品牌
        直连下其他品牌的配置）会被拒绝（退出码 64），因为只有经同一入口发出的同一请求才能确定结果。
        退出码同 send。
        """,
        .resendJson: "在 stdout 上只输出一个 JSON 对象（新的发券记录）",
        .historyListSummary: "列出过去的发券，从新到旧：每个 send_request_no 一行，显示其当前状态。",
        .historyListDiscussion: """
        示例：
          coupondesk history list
          coupondesk history list --outcome unknown          # 需要用 `resend` 确定结果的发券
          coupondesk history list --search oUpF8u --json --limit 500

        最新记录为 `pending` 的一笔是被中断的（发送中崩溃或被杀掉），显示为结果未知；重发即可得知
        其结果。记录文件中无法读取的行会被跳过，并在 stderr 上报告其字节偏移；记录文件从不被改写。
        """,
        .historyListLimit: "最多显示 N 笔（默认 50；可写作 1e6；超过记录数则全部显示）",
        .historyListSearch: "只显示 openid、stock_id、send_request_no、token、Request-ID 或错误信息中含有 TEXT 的发券",
        .historyListJson: "原样输出每笔的状态记录，每行一个 JSON 对象（JSON Lines）",
        .historyListOutcome: "只显示状态为 issued、rejected 或 unknown 的发券（unknown 包括被中断的）",
        .historyShowSummary: "显示一笔发券的所有记录（待定、尝试、重发、确认），从旧到新；最后一条发券记录即其状态。",
        .historyShowDiscussion: """
        该笔券的确认（`coupondesk confirm`）也列在其记录中，带有 out_request_no；它们不会改变
        该笔发券本身的状态。

        示例：
          coupondesk history show 20261128X7K2M9QF4T
        """,
        .historyShowJson: "原样输出每条记录，每行一个 JSON 对象（JSON Lines）",
        .historyExportSummary: "导出记录文件中的所有记录（从旧到新），格式为 CSV（RFC 4180，带表头）或 JSON 数组。",
        .historyExportDiscussion: """
        示例：
          coupondesk history export --format csv --output sends.csv
          coupondesk history export --format json | jq '.[] | select(.outcome == "unknown")'

        电子表格会当作公式执行的 CSV 单元格（以 = + - @ 开头）会加上前导 '。
        """,
        .historyExportOutput: "写入 FILE（以 0600 创建，已存在则替换），而不是 stdout",
        .historyExportFormat: "csv：每条记录一行；json：原样记录组成的数组",
        .checkSummary: "查询一笔发券：token 是否已被领取（券及其状态），以及批次的预算和每人限领",
        .checkDiscussion: """
        该笔的 openid、appid、品牌、商品券和批次取自发券记录。两次查询：该用户在此批次中的券
        （读完所有页）——send_request_no 与该笔相同的就是领取到的券——以及批次（状态、总预算和单日预算
        已用量、每人限领）。券在确认之前一直是 CONFIRMING（可见、不可用）：用 `coupondesk confirm` 确认。
        退出码：0 查询有应答（无论是否已领取），3 微信支付拒绝了查询，4 查询结果未知（网络、验签；请再次
        运行），64 发券记录中没有该单号，78 配置错误。

        示例：
          coupondesk check CD20261128041200123_Ab3dE5fG
          coupondesk check CD20261128041200123_Ab3dE5fG --json | jq .claimed
        """,
        .checkJson: "输出一个 JSON 对象：send_request_no、claimed、原样返回的 coupon 和 stock、user_coupons_in_stock",
        .couponsSummary: "列出用户的商品券（读完所有页），标出由发券记录中某笔领取的券",
        .couponsDiscussion: """
        会一直翻页到最后；读到 {maxPages} 页时停止，并在 stderr 上说明（退出码 1）：请用
        --stock-id、--product-coupon-id 或 --state 缩小范围。标有 * 的券是由发券记录中的某笔领取的：
        可对该笔运行 `coupondesk check`，或用 `coupondesk confirm` 确认它。
        退出码：0 有应答，1 列表提前停止，3 被微信支付拒绝，4 结果未知（网络、验签），64 输入有误，
        78 配置错误。

        示例：
          coupondesk coupons --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --state CONFIRMING
        """,
        .couponsOpenid: "用户在该 AppID 下的 openid",
        .couponsStockId: "只列出此批次的券",
        .couponsProductCouponId: "只列出此商品券的券",
        .couponsJson: "每张券原样输出，每行一个 JSON 对象（JSON Lines）",
        .couponsState: "只列出此状态的券：{states}",
        .stockSummary: "查看批次的状态、券码模式和预算：总预算与今日的已用/上限（剩余）、每人限领",
        .stockDiscussion: """
        STOCK_ID 默认为配置的 defaults.stock_id。"today" 指北京时间（Asia/Shanghai）的当天，
        与微信支付计算单日预算的方式一致（每天 00:00 重置）。
        退出码：0 有应答，3 被微信支付拒绝（例如批次不存在），4 结果未知，64 输入有误，78 配置错误。

        示例：
          coupondesk stock 1000000013001 --product-coupon-id 1000000013
        """,
        .stockProductCouponId: "批次所属的商品券（默认：配置的 defaults.product_coupon_id）",
        .stockJson: "原样输出批次（一个 JSON 对象）",
        .stockHistory: "与其他查询命令一样接受此选项；查询批次不读发券记录",
        .confirmSummary: "确认已领取的券（CONFIRMING → EFFECTIVE）：先写预记录，每次重试都用同一单号",
        .confirmDiscussion: """
        已领取的券在品牌确认之前一直是 CONFIRMING——用户能看到但不能使用。先查询该券：不是
        CONFIRMING 的券在此被拒绝（退出码 64，并说明其状态），已是 EFFECTIVE 的券输出 "already confirmed"
        （退出码 0）；都不会发出请求。否则先写入待定记录，再发送确认（遇 5xx、429 和网络故障时用同一
        out_request_no 重试），结果记入该笔发券的记录下（`history show`）；该笔发券本身的状态不变。
        结果不确定的确认（超时、连接中断）记为 unknown：再次运行同一命令——它会用同一 out_request_no
        重复那次确认，绝不会换新单号。
        退出码：0 已确认（或早已确认），3 被微信支付拒绝，4 结果未知（请再次运行），64 输入有误、尚未
        领取或不是 CONFIRMING（未发送），78 配置错误。

        示例：
          coupondesk confirm CD20261128041200123_Ab3dE5fG
          coupondesk confirm --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --coupon-code 800123456789012345 \\
            --stock-id 1000000013001 --product-coupon-id 1000000013 --appid wx233544546545989
        """,
        .confirmOutRequestNo: "确认单号（6–40 个 0-9 A-Z a-z _ -）；不给出时自动生成",
        .confirmOpenid: "与 --coupon-code 一起代替 SEND_REQUEST_NO：确认由其他系统发放的券",
        .confirmCouponCode: "要确认的券码（与 --openid 一起使用）",
        .confirmStockId: "券所属批次（与 --openid 一起；默认：配置的 defaults.stock_id）",
        .confirmProductCouponId: "券所属商品券（与 --openid 一起；默认：配置的 defaults）",
        .confirmJson: "输出一个 JSON 对象：send_request_no、outcome、out_request_no、原样返回的 coupon、record",
        .sandboxInitSummary: "创建本地微信支付沙箱：新的 RSA-2048 密钥、演示批次和故障，以及两种接入模式的客户端配置",
        .sandboxInitDiscussion: """
        创建 DIR（如需要），其中有 merchant_private_key.pem（0600）、merchant_public_key.pem、
        brand_private_key.pem（0600）、brand_public_key.pem、wechatpay_private_key.pem（0600）、
        wechatpay_public_key.pem、sandbox.json（品牌、批次、故障——可随意修改），以及两个客户端配置：
        config.json（partner，服务商）和 config-brand.json（brand-direct，品牌直连）。
        沙箱同时支持两种接入模式，共用同一批次。
        然后运行 `coupondesk sandbox serve DIR` 并对其发券。

        示例：
          coupondesk sandbox init /tmp/sbx && coupondesk sandbox serve /tmp/sbx &
          coupondesk send --config /tmp/sbx/config.json --openid o-demo-1 --brand-id 120344 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
          coupondesk send --config /tmp/sbx/config-brand.json --openid o-demo-2 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        """,
        .sandboxServeSummary: "在 127.0.0.1 上通过 HTTP（libmicrohttpd）提供由 `sandbox init` 创建的沙箱",
        .sandboxServeDiscussion: """
        第一行输出 `listening on http://127.0.0.1:PORT`，将 DIR/config.json 和
        DIR/config-brand.json 中的 base_url 指向该地址，并一直服务到 SIGINT（Ctrl-C）或 SIGTERM。同时支持
        两种接入模式：服务商路径 /v3/marketing/partner/product-coupon/... 和品牌直连路径
        /brand/marketing/product-coupon/...，共用预算、限领、幂等和故障。也提供查询和确认（用户的券、
        单张券、批次、确认）；token 由 `sandbox claim` 领取，或在 "auto_claim_seconds" 之后自动领取。
        计数、幂等记录、领取和确认都保存在 DIR/state.json 及其旁边的日志 DIR/state.journal 中：每个应答
        在发出之前都已落盘（fsync，并发请求共用一次 fsync），所以重启后——即使是崩溃之后——也从停下的
        地方继续。日志在启动和停止时并入 state.json。在品牌直连模式
        出现之前创建的沙箱会补上品牌密钥和 config-brand.json。
        """,
        .sandboxServePort: "监听端口（默认：sandbox.json 中的 port；0 = 任意空闲端口）",
        .sandboxClaimSummary: "让模拟用户立即领取一个已预发放的 token：沙箱为该用户创建券（CONFIRMING）",
        .sandboxClaimDiscussion: """
        券在品牌确认之前一直是 CONFIRMING（用户可见、不可用）：用
        `coupondesk confirm SEND_REQUEST_NO` 确认。以 auto-confirm- 开头的 openid 会立即得到 EFFECTIVE
        的券。已领取过的 token 返回原来的券（退出码 0，"already claimed"）。可用于正在由 `sandbox serve`
        提供服务的沙箱（状态文件共享并加锁）。
        sandbox.json 中设置了 "auto_claim_seconds"（演示的为 5）时，每个 token 在发放后经过该秒数即被领取，
        以 never-claims- 开头的 openid 除外。
        退出码：0 已领取，64 没有该单号的已发放预发券，78 DIR 中没有沙箱。

        示例：
          coupondesk sandbox claim /tmp/sbx CD20261128041200123_Ab3dE5fG
        """,
        .doctorSummary: "检查配置、密钥、网络、时钟和终端：每行 ✓ / ⚠ / ✗，并说明该怎么做",
        .doctorDiscussion: """
        依次检查：配置能否加载；接入模式对应的密钥（partner 服务商 / brand-direct 品牌直连）；
        私钥文件权限；私钥；密钥对和证书序列号与 API 证书是否一致（给出 merchant_certificate_file /
        brand_certificate_file 时）；各证书的有效期（不足 30 天 ⚠，已过期 ✗）；验签方式（只有平台证书：
        ⚠，新商户只能获得微信支付公钥）；PUB_KEY_ID_ 格式和公钥文件；到 base_url 主机的 DNS、TCP、TLS
        （https）及 HTTP 应答，附耗时；本机时钟与服务器 Date 头的偏差（超过 60 秒 ⚠，300 秒及以上 ✗）；
        一次签名的只读调用——查询配置 defaults 中的批次——其应答必须能用配置的公钥验签；发券记录文件
        可写；locale、TERM 和颜色。

        不会发出任何改变数据的请求，也不会输出任何密钥。
        退出码：0 没有失败项（允许有警告），1 有检查失败，78 配置文件不存在、不可读或不是 JSON。
        `coupondesk demo doctor` 检查内置演示。

        示例：
          coupondesk doctor --config /tmp/sbx/config.json
        """,
        .completionsSummary: "输出 coupondesk 命令和选项的 shell 补全脚本（bash、zsh 或 fish）",
        .completionsDiscussion: "安装（为所有用户；或在 shell 的启动文件中 source）：\n{install}\n更新后请重新生成脚本：脚本只列出生成它的那个版本的命令。",
        .manSummary: "输出 man 手册页（roff）：所有命令、选项、退出码、文件和环境变量",
        .manDiscussion: """
        用 `coupondesk man | man -l -` 阅读，或安装：
          coupondesk man > /usr/local/share/man/man1/coupondesk.1
        """,
        .batchSummary: "按 CSV 文件给每个用户预发放一张券，速率受控；再次运行即可续跑",
        .batchDiscussion: """
        FILE 为 CSV（RFC 4180，UTF-8，首行为表头）。openid 列必填；可选列 attach、coupon_code，
        以及逐行覆盖选项的 brand_id、product_coupon_id、stock_id、appid、send_request_no。发送之前先检查
        整个文件：每个有问题的行都会给出行号和违反的规则（与 send 相同的规则），只要有问题就一张都不发
        （退出码 64）。

        单号：没有自带 send_request_no 的行使用 {batch_id}_{line:06}（表头是第 1 行）。批次号由文件内容
        算出，所以再次运行同一个文件就是同一批：已发放或已被拒绝的行算作完成，不再发送；结果未知、
        中断和被限流的行用各自原来的单号重发，这样既能查清结果，又不会多发一张券。两次运行之间不要
        修改文件（改过的文件是新的一批，单号也是新的）；如果要用改过的文件继续，请用 --batch-id 指定
        第一次运行的批次号。

        速率：微信支付对每个服务商（mchid）或品牌每秒最多 500 个请求——这个上限与您用同一调用方运行的
        所有其他程序（控制台、脚本、其他批量任务）共用。--rate 是本批次所占的份额（默认 100/秒，最多
        500）。启动时每个并发最多先发一个，绝不突发；遇到 429 时整批放慢，之后再逐步恢复。

        进度输出到 stderr。Ctrl-C（或 SIGTERM）后不再开始新的行，等正在发送的请求完成，输出汇总并以
        130 退出；再按一次 Ctrl-C 则放弃正在发送的请求（它们的 pending 记录会保留）。再次运行同一条命令
        即可完成这一批。

        退出码：0 每一行都已发放，3 有行被拒绝且没有结果未知的行，4 有结果未知的行（请再次运行），
        64 输入无效（一张都没发），78 配置错误（一张都没发），130 被中断。

        示例：
          coupondesk batch compensation.csv --stock-id 1000000013001 --rate 200 --output results.csv
        """,
        .batchStockId: "没有 stock_id 列的行所用的批次 stock_id（默认：配置的 defaults.stock_id）",
        .batchProductCouponId: "没有 product_coupon_id 列的行所用的商品券 id（默认：配置的 defaults）",
        .batchBrandId: "没有 brand_id 列的行所用的品牌；服务商配置默认取配置的 defaults.brand_id；品牌直连配置取配置的 brand_id（如果指定，必须与之相同）",
        .batchAppid: "没有 appid 列的行所用的 AppID（默认：配置的 defaults.appid）",
        .batchRate: "所有并发合计每秒发送数，最多 500（默认 100）",
        .batchConcurrency: "同时在途的发送数（默认 16）",
        .batchBatchId: "批次号，即单号 {batch_id}_{line:06} 的开头（默认：b + 文件 SHA-256 的前 12 位十六进制）",
        .batchOutput: "写出输入的各列，再加上 send_request_no、outcome、category、token、request_id",
        .batchAllowDuplicates: "允许同一 openid 在同一批次中出现两次（否则这样的文件会被拒绝）",
        .batchRetryRejected: "重新发送以前运行中被拒绝的行（例如预算提高之后）",
        .batchDryRun: "只检查文件和发券记录，列出将要发送的内容，不发送",
        .batchJson: "每行的发券记录以一行 JSON 输出到 stdout",
    ]
}
