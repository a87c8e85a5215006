// The english table of HelpText (see HelpText.swift).
extension HelpText {
    static let englishTable: [HelpText: String] = [
        .optionHelp: "show this help",
        .optionConfig: "config file (default: $COUPONDESK_CONFIG, else $XDG_CONFIG_HOME/coupondesk/config.json)",
        .optionHistory: "history log (default: history_file of the config, else $XDG_DATA_HOME/coupondesk/history.jsonl)",
        .optionVersion: "print the version and the git commit it was built from",
        .optionBrandIdSend: "the brand to send for; required with a partner config, and with a brand-direct config (\"flavor\": \"brand\") optional: the config's brand_id (if given it must be that)",
        .optionBrandIdLookup: "the brand (partner config; default: the config's defaults.brand_id); with a brand-direct config the caller, which it must be if given",
        .optionAppidLookup: "the AppID the openid belongs to (default: the config's defaults.appid)",
        .optionTheme: "default, light, high-contrast, mono, a user theme name, or a .json path",
        .optionFlavorDemo: "partner (the default: 服务商) or brand (品牌直连, brand-direct)",
        .optionJsonDoctor: "print one JSON object (each check's id, status, finding, advice, details) instead of the report",
        .optionHistoryLog: "the history log (default: the config's history_file, else $XDG_DATA_HOME/coupondesk/history.jsonl)",
        .optionConfigOfHistory: "the config file whose history_file to use (default: $COUPONDESK_CONFIG, else $XDG_CONFIG_HOME/coupondesk/config.json)",
        .topIntro: "CouponDesk {version} — pre-send WeChat Pay product coupons (商品券) to users, and keep a history of every send.",
        .topUsage: "Usage:",
        .topCommands: "Commands:",
        .topNone: "(none)",
        .topFooter: """
        Run `coupondesk COMMAND --help` for a command's options and examples.
        With no config file, `coupondesk` opens the console on the built-in demo sandbox.

        Exit codes of send/resend: 0 issued, 3 rejected by WeChat Pay, 4 outcome unknown (resend it),
        64 invalid input (nothing sent), 78 configuration error (nothing sent).
        """,
        .helpUsage: "Usage: {usage}",
        .helpOptions: "Options:",
        .helpRequired: " (required)",
        .consoleSummary: "The console: fill a form, send, browse the history (the demo when no config exists)",
        .consoleDiscussion: """
        Keys: Tab/Shift-Tab move, Ctrl-S sends, Ctrl-N starts the next send, F1 or ? lists every key,
        F10, Ctrl-Q or Ctrl-C quit. User themes: $XDG_CONFIG_HOME/coupondesk/themes/NAME.json
        (~/.config/coupondesk/themes/). NO_COLOR forces the mono theme.
        """,
        .consoleHistory: "history log (default: the config's history_file, else $XDG_DATA_HOME/coupondesk/history.jsonl)",
        .demoSendSummary: "Send once on the built-in demo sandbox (no credentials, no network): every outcome on demand",
        .demoSendDiscussion: """
        The demo sandbox lives in $XDG_DATA_HOME/coupondesk/demo (~/.local/share/coupondesk/demo), is
        created on first use, and keeps its own history.jsonl there. Exit codes as `send`: 0 issued,
        3 rejected, 4 unknown, 64 invalid input.

        Stocks: {stockPlenty} issued · {stockTotalBudget} total budget 3 · {stockDailyBudget} daily budget 2 ·
        {stockPerUser} one per user · {stockPaused} paused · {stockAPIAssign} API_ASSIGN (needs --coupon-code)
        Faults by openid prefix: fault-system-error-, fault-rate-limited-, fault-timeout-, fault-drop-,
        fault-bad-signature-, fault-probe-signature-, fault-stale-timestamp-, fault-unsigned-,
        fault-malformed-json-, fault-oversized-, fault-html-502-, fault-control-chars-

        --flavor brand sends brand-direct (品牌直连): the brand-direct path and scheme, signed with the
        demo's brand key, recorded with "flavor": "brand". Both flavors share the demo's stocks and history.

        Examples:
          coupondesk demo send --openid o-alice
          coupondesk demo send --openid o-carol --flavor brand
          coupondesk demo send --openid o-bob --stock-id {stockTotalBudget}
          coupondesk demo send --openid fault-timeout-1 --json
        """,
        .demoSendOpenid: "the user's openid; fault-...- prefixes trigger faults (see README)",
        .demoSendBrandId: "brand (default: the demo brand {brand}; with --flavor brand it is the caller and, if given, must be it)",
        .demoSendProductCouponId: "product coupon (default {productCoupon})",
        .demoSendStockId: "stock (default {stockPlenty}; see the list below)",
        .demoSendAppid: "AppID (default {appid})",
        .demoSendCouponCode: "coupon code (only for the API_ASSIGN stock {stockAPIAssign})",
        .demoSendAttach: "free text echoed by WeChat Pay, at most 150 characters",
        .demoSendSendRequestNo: "reuse a number to resend (resolves an unknown outcome); default: a fresh one",
        .demoSendJson: "print the history record of the send as one JSON object",
        .demoResendSummary: "Resend an unknown demo send with the same send_request_no and the identical request",
        .demoResendDiscussion: """
        Like `coupondesk resend`, on the demo's history: only a send whose newest record is unknown
        (or pending, or rate limited) is resent, with the request rebuilt from its record, in the
        record's flavor (partner or brand-direct).

        Example:
          coupondesk demo send --openid fault-drop-1      # unknown: the connection was dropped
          coupondesk demo resend CD20261128141200123_a1B2c3D4
        """,
        .demoResendJson: "print the history record of the resend as one JSON object",
        .demoDoctorSummary: "The doctor's checks on the built-in demo sandbox (in-process: no network)",
        .demoDoctorDiscussion: """
        Checks the demo's config (config.json, or config-brand.json with --flavor brand), keys, history
        and the terminal, and makes the signed read-only call against the demo's sandbox. Exit codes as
        `coupondesk doctor`.
        """,
        .demoSummary: "The console on the built-in demo sandbox: nothing real is sent",
        .demoDiscussion: """
        The demo sandbox lives in $XDG_DATA_HOME/coupondesk/demo (~/.local/share/coupondesk/demo) and is
        created on first use. Stocks: 1000000013001 issues; 1000000013002 has a total budget of 3;
        1000000013003 a daily budget of 2; 1000000013004 allows one coupon per user; 1000000013005 is
        paused; 1000000013006 needs a coupon_code. Openids starting fault-timeout-, fault-drop-,
        fault-system-error-, fault-bad-signature-, ... give unknown outcomes that `r` resends.
        --flavor brand opens it as the brand-direct caller (品牌直连, brand 120344): the brand-direct path
        and scheme, brand_id fixed to the caller; both flavors share the demo's stocks and history.
        """,
        .demoHistory: "history log (default: the demo's own, under $XDG_DATA_HOME/coupondesk/demo)",
        .sendSummary: "Pre-send a product coupon to one user and record it in the history",
        .sendDiscussion: """
        Exit codes: 0 issued, 3 rejected by WeChat Pay, 4 outcome unknown (resend it with the same
        number), 64 invalid input (nothing sent), 78 configuration error (nothing sent).

        Example (partner config):
          coupondesk send --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --brand-id 120344 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        Example (brand-direct config: the brand is the caller):
          coupondesk send --config brand.json --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        """,
        .sendOpenid: "the user's openid under the AppID",
        .sendProductCouponId: "the product coupon (商品券) id",
        .sendStockId: "the stock (批次) id; must belong to the product coupon",
        .sendAppid: "AppID bound to the partner",
        .sendCouponCode: "only for API_ASSIGN stocks: at most 40 of 0-9 A-Z a-z _ -",
        .sendAttach: "at most 150 characters, echoed back by queries and callbacks",
        .sendSendRequestNo: "6–40 of 0-9 A-Z a-z _ -; generated when not given",
        .sendJson: "print exactly one JSON object (the history record) on stdout",
        .resendSummary: "Resend an unknown, interrupted or rate-limited send with the same send_request_no",
        .resendDiscussion: """
        Allowed only when the newest record of SEND_REQUEST_NO is unknown, pending (interrupted), or
        rate_limited. The request is rebuilt from that record, field for field, in the record's flavor,
        so the body is identical; a config of another flavor (or, brand-direct, another brand) is
        refused (exit 64), since only the same request through the same door resolves a send.
        Exit codes as for send.
        """,
        .resendJson: "print exactly one JSON object (the new history record) on stdout",
        .historyListSummary: "List past sends, newest first: one line per send_request_no with its current state.",
        .historyListDiscussion: """
        Examples:
          coupondesk history list
          coupondesk history list --outcome unknown          # sends to resolve with `resend`
          coupondesk history list --search oUpF8u --json --limit 500

        A send whose newest record is `pending` was interrupted (a crash or kill mid-send) and shows as
        unknown; resend it to learn its outcome. Unreadable lines of the log are skipped and reported on
        stderr with their byte offsets; the log is never rewritten.
        """,
        .historyListLimit: "show at most N sends (default 50; 1e6 style allowed; a number beyond the log shows all)",
        .historyListSearch: "only sends whose openid, stock_id, send_request_no, token, Request-ID or error text contains TEXT (case-insensitive)",
        .historyListJson: "print each send's state record, as logged, one JSON object per line (JSON Lines)",
        .historyListOutcome: "only sends whose state is issued, rejected or unknown (unknown includes interrupted sends)",
        .historyShowSummary: "Show every record of one send (pending, attempts, resends, confirms), oldest first; the last send record is its state.",
        .historyShowDiscussion: """
        Confirms of the send's coupon (`coupondesk confirm`) are shown among its records, with their
        out_request_no; they never change the send's own state.

        Example:
          coupondesk history show 20261128X7K2M9QF4T
        """,
        .historyShowJson: "print each record, as logged, one JSON object per line (JSON Lines)",
        .historyExportSummary: "Export every record of the log (oldest first) as CSV (RFC 4180, with a header row) or a JSON array.",
        .historyExportDiscussion: """
        Examples:
          coupondesk history export --format csv --output sends.csv
          coupondesk history export --format json | jq '.[] | select(.outcome == "unknown")'

        CSV cells that a spreadsheet would run as a formula (starting with = + - @) get a leading '.
        """,
        .historyExportOutput: "write to FILE (created 0600, replaced if it exists) instead of stdout",
        .historyExportFormat: "csv: one row per record; json: an array of the records as logged",
        .checkSummary: "Look a send up: was its token claimed (the coupon, its state), and the stock's budget and per-user limit",
        .checkDiscussion: """
        The send's openid, appid, brand, product coupon and stock come from its history record. Two
        look-ups answer: the user's coupons in the stock (every page) — the one whose send_request_no is
        this send's is the claimed coupon — and the stock (state, total and daily budget used, per-user
        limit). A coupon stays CONFIRMING (visible, not usable) until confirmed: `coupondesk confirm`.
        Exit codes: 0 the look-ups answered (claimed or not), 3 WeChat Pay refused a look-up, 4 a
        look-up's outcome is unknown (network, verification; run it again), 64 the number is not in the
        history, 78 configuration error.

        Example:
          coupondesk check CD20261128041200123_Ab3dE5fG
          coupondesk check CD20261128041200123_Ab3dE5fG --json | jq .claimed
        """,
        .checkJson: "print one JSON object: send_request_no, claimed, coupon and stock as returned, user_coupons_in_stock",
        .couponsSummary: "List a user's product coupons (every page), marking those claimed from a send in the history",
        .couponsDiscussion: """
        Pages are followed to the end; after {maxPages} pages the list stops, saying so on
        stderr (exit 1): narrow it with --stock-id, --product-coupon-id or --state. A coupon marked * was
        claimed from a send in the history: `coupondesk check` that send, `coupondesk confirm` it.
        Exit codes: 0 answered, 1 the list stopped early, 3 WeChat Pay refused, 4 outcome unknown
        (network, verification), 64 bad input, 78 configuration error.

        Example:
          coupondesk coupons --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --state CONFIRMING
        """,
        .couponsOpenid: "the user's openid under the AppID",
        .couponsStockId: "only coupons of this stock",
        .couponsProductCouponId: "only coupons of this product coupon",
        .couponsJson: "print each coupon as returned, one JSON object per line (JSON Lines)",
        .couponsState: "only coupons in this state: {states}",
        .stockSummary: "Show a stock's state, code mode and budget: total and today used/max (remaining), per-user limit",
        .stockDiscussion: """
        STOCK_ID defaults to the config's defaults.stock_id. "today" is the day in Asia/Shanghai, as
        WeChat Pay counts daily budgets (they reset at 00:00 CST).
        Exit codes: 0 answered, 3 WeChat Pay refused (e.g. no such stock), 4 outcome unknown, 64 bad
        input, 78 configuration error.

        Example:
          coupondesk stock 1000000013001 --product-coupon-id 1000000013
        """,
        .stockProductCouponId: "the product coupon the stock belongs to (default: the config's defaults.product_coupon_id)",
        .stockJson: "print the stock as returned (one JSON object)",
        .stockHistory: "accepted like every look-up command's; the stock look-up reads no history",
        .confirmSummary: "Confirm a claimed coupon (CONFIRMING → EFFECTIVE), with a write-ahead record and the same number on every retry",
        .confirmDiscussion: """
        A claimed coupon stays CONFIRMING — the user sees it but cannot use it — until the brand confirms
        it. The coupon is looked up first: a coupon that is not CONFIRMING is refused here (exit 64,
        naming its state), and one already EFFECTIVE prints "already confirmed" (exit 0); nothing is
        sent. Otherwise a pending record is written, the confirm is sent (retried with the same
        out_request_no on 5xx, 429 and network failures), and its result recorded in the history under
        the send (`history show`); the send's own state does not change.
        An uncertain confirm (timeout, lost connection) is recorded as unknown: run the same command
        again — it repeats that confirm with the same out_request_no, never a new one.
        Exit codes: 0 confirmed (or already), 3 refused by WeChat Pay, 4 outcome unknown (run it again),
        64 bad input, not claimed yet, or not CONFIRMING (nothing sent), 78 configuration error.

        Examples:
          coupondesk confirm CD20261128041200123_Ab3dE5fG
          coupondesk confirm --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --coupon-code 800123456789012345 \\
            --stock-id 1000000013001 --product-coupon-id 1000000013 --appid wx233544546545989
        """,
        .confirmOutRequestNo: "the confirm's number (6–40 of 0-9 A-Z a-z _ -); generated when not given",
        .confirmOpenid: "with --coupon-code, instead of SEND_REQUEST_NO: a coupon sent by another system",
        .confirmCouponCode: "the coupon to confirm (with --openid)",
        .confirmStockId: "the coupon's stock (with --openid; default: the config's defaults.stock_id)",
        .confirmProductCouponId: "the coupon's product coupon (with --openid; default: the config's defaults)",
        .confirmJson: "print one JSON object: send_request_no, outcome, out_request_no, coupon as returned, record",
        .sandboxInitSummary: "Create a local WeChat Pay sandbox: fresh RSA-2048 keys, demo stocks and faults, and client configs for both flavors",
        .sandboxInitDiscussion: """
        Creates DIR (if needed) with merchant_private_key.pem (0600), merchant_public_key.pem,
        brand_private_key.pem (0600), brand_public_key.pem, wechatpay_private_key.pem (0600),
        wechatpay_public_key.pem, sandbox.json (brands, stocks, faults — edit it to taste), and two
        client configs: config.json (partner, 服务商) and config-brand.json (brand-direct, 品牌直连).
        The sandbox serves both flavors at once, on the same stocks.
        Then run `coupondesk sandbox serve DIR` and send against it.

        Example:
          coupondesk sandbox init /tmp/sbx && coupondesk sandbox serve /tmp/sbx &
          coupondesk send --config /tmp/sbx/config.json --openid o-demo-1 --brand-id 120344 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
          coupondesk send --config /tmp/sbx/config-brand.json --openid o-demo-2 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        """,
        .sandboxServeSummary: "Serve a sandbox created by `sandbox init` over HTTP on 127.0.0.1 (libmicrohttpd)",
        .sandboxServeDiscussion: """
        Prints `listening on http://127.0.0.1:PORT` as its first line, points base_url in DIR/config.json
        and DIR/config-brand.json at that address, and serves until SIGINT (Ctrl-C) or SIGTERM. Both
        flavors are served at once: the partner path /v3/marketing/partner/product-coupon/... and the
        brand-direct path /brand/marketing/product-coupon/..., sharing budgets, limits, idempotency and
        faults. The look-ups and the confirm (the user's coupons, one coupon, the stock, confirm) are
        served too; tokens are claimed by `sandbox claim` or after "auto_claim_seconds". Counts,
        idempotency records, claims and confirms persist in DIR/state.json and the journal beside it,
        DIR/state.journal: each answer is durable (fsynced, concurrent requests sharing one fsync)
        before it leaves, so a restart — even after a crash — continues where it stopped. The journal
        is folded into state.json at start and stop. A sandbox made before the brand flavor gains its
        brand key and config-brand.json.
        """,
        .sandboxServePort: "port to listen on (default: sandbox.json's port; 0 = any free port)",
        .sandboxClaimSummary: "Let a simulated user claim a pre-sent token now: the sandbox creates the user's coupon (CONFIRMING)",
        .sandboxClaimDiscussion: """
        The coupon is CONFIRMING (visible to the user, not usable) until the brand confirms it:
        `coupondesk confirm SEND_REQUEST_NO`. Openids starting auto-confirm- get an EFFECTIVE coupon at
        once. A token claimed before gives its coupon back (exit 0, "already claimed"). Works on a
        sandbox that `sandbox serve` is serving (the state file is shared and locked).
        With "auto_claim_seconds" in sandbox.json (the demo's is 5) every token is claimed that long
        after it was issued, except for openids starting never-claims-.
        Exit codes: 0 claimed, 64 no issued pre-send with that number, 78 no sandbox in DIR.

        Example:
          coupondesk sandbox claim /tmp/sbx CD20261128041200123_Ab3dE5fG
        """,
        .doctorSummary: "Check the config, keys, network, clock and terminal: each line ✓ / ⚠ / ✗ with what to do",
        .doctorDiscussion: """
        Checks, in order: the config loads; the flavor's keys (partner 服务商 / brand-direct 品牌直连);
        the private key file's permissions; the private key; the key pair and serial against the
        API certificate (merchant_certificate_file / brand_certificate_file, when given); each
        certificate's expiry (⚠ under 30 days, ✗ expired); the verification mode (platform
        certificates only: ⚠, new merchants get the WeChat Pay public key); the PUB_KEY_ID_ format and
        the public key file; DNS, TCP, TLS (https) and an HTTP answer from the base_url host, with
        timings; the clock against the server's Date header (⚠ over 60 s, ✗ at 300 s); one signed
        read-only call — the stock of the config's defaults — whose answer must verify with the
        configured key; the history file writable; the locale, TERM and colours.

        Nothing is sent that changes anything, and no secret is printed.
        Exit codes: 0 nothing failed (warnings allowed), 1 a check failed, 78 the config file is
        missing, unreadable or not JSON. `coupondesk demo doctor` checks the built-in demo.

        Example:
          coupondesk doctor --config /tmp/sbx/config.json
        """,
        .completionsSummary: "Print a shell completion script (bash, zsh or fish) for coupondesk's commands and options",
        .completionsDiscussion: "Install (for every user; or source it from your shell's startup file):\n{install}\nRegenerate the scripts after an update: they list the commands of the version that wrote them.",
        .manSummary: "Print the man page (roff): every command, option, exit status, file and environment variable",
        .manDiscussion: """
        Read it with `coupondesk man | man -l -`, or install it:
          coupondesk man > /usr/local/share/man/man1/coupondesk.1
        """,
        .batchSummary: "Pre-send a coupon to every user of a CSV file, at a held rate; rerun to resume",
        .batchDiscussion: """
        FILE is CSV (RFC 4180, UTF-8, a header row). Column openid is required; optional columns attach,
        coupon_code, and per row brand_id, product_coupon_id, stock_id, appid, send_request_no override the
        options. The whole file is checked before anything is sent: every bad row is named by its line
        and the rule it breaks (the rules of send), and then nothing is sent (exit 64).

        Numbers: a row without its own send_request_no gets {batch_id}_{line:06} (the header is line 1).
        The batch id is derived from the file's bytes, so running the same file again is the same batch:
        rows already issued or refused are counted as done and not sent; unknown, interrupted and
        rate-limited rows are sent again with their own numbers, which resolves them without a second
        coupon. Do not edit the file between runs (an edited file is a new batch with new numbers); to go
        on with an edited file, give --batch-id with the first run's id.

        Rate: WeChat Pay allows 500 requests per second per partner (mchid) or brand — one limit shared
        with everything else you run with that caller (the console, scripts, other batches). --rate is this
        batch's share (default 100/s, at most 500). Sends start one per worker at most, never in a burst;
        a 429 slows the whole batch down, and it speeds up again gradually.

        Progress goes to stderr. Ctrl-C (or SIGTERM) starts no more rows and lets the sends in flight
        finish, prints the summary and exits 130; a second Ctrl-C abandons the sends in flight (their
        pending records remain). Run the same command again to finish the batch.

        Exit codes: 0 every row issued, 3 some rows refused and none unknown, 4 some row unknown (run the
        batch again), 64 invalid input (nothing sent), 78 configuration error (nothing sent), 130
        interrupted.

        Example:
          coupondesk batch compensation.csv --stock-id 1000000013001 --rate 200 --output results.csv
        """,
        .batchStockId: "the stock (批次) id of rows without a stock_id column (default: the config's defaults.stock_id)",
        .batchProductCouponId: "the product coupon (商品券) id of rows without one (default: the config's defaults)",
        .batchBrandId: "the brand of rows without a brand_id column; with a partner config default: the config's defaults.brand_id; with a brand-direct config the config's brand_id (if given it must be that)",
        .batchAppid: "AppID of rows without an appid column (default: the config's defaults.appid)",
        .batchRate: "sends per second across all workers, at most 500 (default 100)",
        .batchConcurrency: "sends in flight at once (default 16)",
        .batchBatchId: "the batch's id, the start of its numbers {batch_id}_{line:06} (default: b + 12 hex digits of the file's SHA-256)",
        .batchOutput: "write the input columns plus send_request_no, outcome, category, token, request_id",
        .batchAllowDuplicates: "allow the same openid twice for the same stock (else such a file is refused)",
        .batchRetryRejected: "send rows an earlier run saw refused again (e.g. after the budget was raised)",
        .batchDryRun: "check the file and the history, print what would be sent, send nothing",
        .batchJson: "print each row's history record as one JSON line on stdout",
    ]
}
