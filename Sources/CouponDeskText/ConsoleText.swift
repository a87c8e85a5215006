/// The console's frame: title, form, history pane, the too-small notice and the hint bar's words.
/// (Status lines are `StatusText`, the detail and check panel `DetailText`, the keys `KeyText`.)
public enum ConsoleText: String, TextCatalogue {
    // Too small
    case tooSmall, tooSmallNeeds, tooSmallAdvice, tooSmallTerse, tooSmallNeedsTerse, tooSmallQuitTerse
    // Title
    case titleOperator, titleDemoBadge, titleProduct
    // Form
    case formTitle, callerFixedNote, lengthNow, ruleLine, selectedSend
    // History pane
    case historyTitleOne, historyTitleMany, historyFilter, historyLoading
    case historyLoadingAll, historyEmpty, historyFinding, historyNoMatch, historyRange
    case rowSending, rowRejected, rowUnknown, rowSendingNumber, rowSendingElsewhere, rowInterrupted
    // Overlays' frame
    case overlayRange

    public static let english: [Self: String] = [
        .tooSmall: "Terminal too small: {width}x{height}.",
        .tooSmallNeeds: "CouponDesk needs at least {minWidth}x{minHeight}.",
        .tooSmallAdvice: "Enlarge the window, or press F10 to quit.",
        .tooSmallTerse: "Too small: {width}x{height}",
        .tooSmallNeedsTerse: "needs {minWidth}x{minHeight}",
        .tooSmallQuitTerse: "F10 quits",
        .titleOperator: "operator {name} ",
        .titleDemoBadge: " DEMO ",
        .titleProduct: " CouponDesk · {caller} · {host}",
        .formTitle: " Send ",
        .callerFixedNote: " (the caller: {flavor}, fixed)",
        .lengthNow: "  ({count} now)",
        .ruleLine: "{field}: {rule}{count}",
        .selectedSend: "Selected {number} — Enter shows every field",
        .historyTitleOne: " History · {count} send ",
        .historyTitleMany: " History · {count} sends ",
        .historyFilter: " filter: ",
        .historyLoading: " {spinner} loading ",
        .historyLoadingAll: "Loading the history…",
        .historyEmpty: "No sends yet. Fill the form above and press Ctrl-S.",
        .historyFinding: "Finding the sends that match “{filter}”…",
        .historyNoMatch: "No sends match “{filter}”. Esc clears the filter.",
        .historyRange: " {first}–{last} of {count} ",
        .rowSending: "sending…",
        .rowRejected: "rejected",
        .rowUnknown: "outcome unknown — r resends",
        .rowSendingNumber: "sending {number}…",
        .rowSendingElsewhere: "sending elsewhere (pid {pid})",
        .rowInterrupted: "interrupted — outcome unknown · r resends",
        .overlayRange: " {first}–{last} of {count} ",
    ]

    public static let chinese: [Self: String] = [
        .tooSmall: "终端窗口太小：{width}x{height}。",
        .tooSmallNeeds: "CouponDesk 至少需要 {minWidth}x{minHeight}。",
        .tooSmallAdvice: "请放大窗口，或按 F10 退出。",
        .tooSmallTerse: "窗口太小：{width}x{height}",
        .tooSmallNeedsTerse: "至少 {minWidth}x{minHeight}",
        .tooSmallQuitTerse: "F10 退出",
        .titleOperator: "操作员 {name} ",
        .titleDemoBadge: " 演示 ",
        .titleProduct: " CouponDesk · {caller} · {host}",
        .formTitle: " 发券 ",
        .callerFixedNote: "（调用方：{flavor}，固定）",
        .lengthNow: "（现为 {count} 个）",
        .ruleLine: "{field}：{rule}{count}",
        .selectedSend: "已选中 {number} — 按 Enter 查看全部字段",
        .historyTitleOne: " 发券记录 · {count} 笔 ",
        .historyTitleMany: " 发券记录 · {count} 笔 ",
        .historyFilter: " 筛选：",
        .historyLoading: " {spinner} 加载中 ",
        .historyLoadingAll: "正在加载发券记录…",
        .historyEmpty: "还没有发券记录。填好上面的表单，按 Ctrl-S 发送。",
        .historyFinding: "正在查找与“{filter}”匹配的记录…",
        .historyNoMatch: "没有与“{filter}”匹配的记录。按 Esc 清除筛选。",
        .historyRange: " 第 {first}–{last} 笔，共 {count} 笔 ",
        .rowSending: "发送中…",
        .rowRejected: "被拒绝",
        .rowUnknown: "结果未知 — 按 r 重发",
        .rowSendingNumber: "正在发送 {number}…",
        .rowSendingElsewhere: "另一进程正在发送（pid {pid}）",
        .rowInterrupted: "已中断 — 结果未知 · 按 r 重发",
        .overlayRange: " {first}–{last} / {count} ",
    ]
}
