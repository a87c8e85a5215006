/// The keymap's words: where bindings apply, the hint bar's short words, and the help overlay's lines.
/// Keys themselves (Ctrl-S, Esc, j) are written as on the keyboard in every language.
public enum KeyText: String, TextCatalogue {
    // Contexts
    case contextHelp, contextDetail, contextCheck, contextConfirmPrompt, contextFilter, contextHistory, contextForm
    case contextTextEditing, contextGlobal
    // Hint bar words
    case hintSend, hintNext, hintMove, hintHelp, hintQuit, hintDetail, hintFilter, hintCheck, hintResend, hintCopy
    case hintKeep, hintClear, hintClose, hintConfirm, hintAgain, hintYesConfirm, hintNo, hintScroll
    // Help lines
    case helpSend, helpNextSend, helpFocusNext, helpFocusPrevious, helpToggleHelp, helpCycleTheme, helpQuit
    case helpFieldNext, helpFieldPrevious
    case helpCursorLeft, helpCursorRight, helpCursorHome, helpCursorEnd, helpWordLeft, helpWordRight
    case helpDeleteBackward, helpDeleteForward, helpKillToEnd, helpKillToStart, helpKillWordBackward
    case helpKillWordForward, helpYank
    case helpMoveDown, helpMoveUp, helpPageDown, helpPageUp, helpMoveFirst, helpMoveLast, helpOpenDetail
    case helpStartFilter, helpOpenCheck, helpClearFilter, helpResend, helpCopyToken
    case helpAcceptFilter, helpCloseDetail, helpResendDetail, helpCopyTokenDetail, helpOpenCheckDetail
    case helpScrollDown, helpScrollUp
    case helpConfirmCoupon, helpCheckAgain, helpCloseCheck, helpAnswerYes, helpAnswerNo, helpCloseHelp

    public static let english: [Self: String] = [
        .contextHelp: "Help", .contextDetail: "Detail", .contextCheck: "Check panel",
        .contextConfirmPrompt: "Confirm prompt (in the check panel)", .contextFilter: "Filter line",
        .contextHistory: "History pane", .contextForm: "Form",
        .contextTextEditing: "Editing text (form fields and filter)", .contextGlobal: "Anywhere",
        .hintSend: "send", .hintNext: "next", .hintMove: "move", .hintHelp: "help", .hintQuit: "quit",
        .hintDetail: "detail", .hintFilter: "filter", .hintCheck: "check", .hintResend: "resend", .hintCopy: "copy",
        .hintKeep: "keep", .hintClear: "clear", .hintClose: "close", .hintConfirm: "confirm", .hintAgain: "again",
        .hintYesConfirm: "yes, confirm", .hintNo: "no", .hintScroll: "scroll",
        .helpSend: "send the form (refused with the reason if a field is invalid)",
        .helpNextSend: "next send: fresh send_request_no, keep brand/coupon/stock/appid, cursor in openid",
        .helpFocusNext: "next field, then the history pane",
        .helpFocusPrevious: "previous field / pane",
        .helpToggleHelp: "show or hide this help",
        .helpCycleTheme: "try the next theme (for this session; --theme or config \"theme\" keeps one)",
        .helpQuit: "quit and restore the terminal",
        .helpFieldNext: "next field", .helpFieldPrevious: "previous field",
        .helpCursorLeft: "cursor left", .helpCursorRight: "cursor right",
        .helpCursorHome: "start of field", .helpCursorEnd: "end of field",
        .helpWordLeft: "word left", .helpWordRight: "word right",
        .helpDeleteBackward: "delete the character before the cursor",
        .helpDeleteForward: "delete the character under the cursor",
        .helpKillToEnd: "cut to end of field", .helpKillToStart: "cut to start of field",
        .helpKillWordBackward: "cut the word before the cursor", .helpKillWordForward: "cut the word after the cursor",
        .helpYank: "paste the last cut text",
        .helpMoveDown: "next (older) send", .helpMoveUp: "previous (newer) send",
        .helpPageDown: "page down", .helpPageUp: "page up",
        .helpMoveFirst: "newest send", .helpMoveLast: "oldest send",
        .helpOpenDetail: "open the detail of the selected send",
        .helpStartFilter: "filter the history as you type",
        .helpOpenCheck: "check the send: was it claimed, the coupon's state, the stock's budget (and confirm it there)",
        .helpClearFilter: "clear the filter",
        .helpResend: "resend an unknown, interrupted or rate-limited send with the same send_request_no",
        .helpCopyToken: "copy the token to the clipboard (OSC 52)",
        .helpAcceptFilter: "keep the filter and browse the matches",
        .helpCloseDetail: "close the detail",
        .helpResendDetail: "resend (unknown, interrupted or rate-limited sends only)",
        .helpCopyTokenDetail: "copy the token (OSC 52)",
        .helpOpenCheckDetail: "check this send: claimed or not, the coupon's state, the stock's budget",
        .helpScrollDown: "scroll down", .helpScrollUp: "scroll up",
        .helpConfirmCoupon: "confirm the claimed coupon (CONFIRMING → EFFECTIVE), after a y/n prompt",
        .helpCheckAgain: "look the send up again",
        .helpCloseCheck: "close the check panel",
        .helpAnswerYes: "confirm the coupon now", .helpAnswerNo: "do not confirm",
        .helpCloseHelp: "close the help",
    ]

    public static let chinese: [Self: String] = [
        .contextHelp: "帮助", .contextDetail: "详情", .contextCheck: "查询面板",
        .contextConfirmPrompt: "确认提示（在查询面板中）", .contextFilter: "筛选框",
        .contextHistory: "发券记录", .contextForm: "表单",
        .contextTextEditing: "编辑文字（表单字段和筛选框）", .contextGlobal: "任何地方",
        .hintSend: "发送", .hintNext: "下一笔", .hintMove: "移动", .hintHelp: "帮助", .hintQuit: "退出",
        .hintDetail: "详情", .hintFilter: "筛选", .hintCheck: "查询", .hintResend: "重发", .hintCopy: "复制",
        .hintKeep: "保留", .hintClear: "清除", .hintClose: "关闭", .hintConfirm: "确认", .hintAgain: "再查",
        .hintYesConfirm: "确认", .hintNo: "取消", .hintScroll: "滚动",
        .helpSend: "发送表单（有字段无效时不发送，并说明原因）",
        .helpNextSend: "下一笔：新的 send_request_no，保留品牌/商品券/批次/appid，光标移到 openid",
        .helpFocusNext: "下一个字段，然后是发券记录",
        .helpFocusPrevious: "上一个字段 / 窗格",
        .helpToggleHelp: "显示或隐藏本帮助",
        .helpCycleTheme: "试用下一个主题（仅本次；--theme 或配置中的 \"theme\" 可固定）",
        .helpQuit: "退出并恢复终端",
        .helpFieldNext: "下一个字段", .helpFieldPrevious: "上一个字段",
        .helpCursorLeft: "光标左移", .helpCursorRight: "光标右移",
        .helpCursorHome: "移到字段开头", .helpCursorEnd: "移到字段末尾",
        .helpWordLeft: "左移一个词", .helpWordRight: "右移一个词",
        .helpDeleteBackward: "删除光标前的字符",
        .helpDeleteForward: "删除光标处的字符",
        .helpKillToEnd: "剪切到字段末尾", .helpKillToStart: "剪切到字段开头",
        .helpKillWordBackward: "剪切光标前的词", .helpKillWordForward: "剪切光标后的词",
        .helpYank: "粘贴最近剪切的文字",
        .helpMoveDown: "下一笔（更早）", .helpMoveUp: "上一笔（更新）",
        .helpPageDown: "向下翻页", .helpPageUp: "向上翻页",
        .helpMoveFirst: "最新一笔", .helpMoveLast: "最早一笔",
        .helpOpenDetail: "打开所选记录的详情",
        .helpStartFilter: "边输入边筛选发券记录",
        .helpOpenCheck: "查询该笔：是否已领取、券的状态、批次预算（并可在那里确认）",
        .helpClearFilter: "清除筛选",
        .helpResend: "用同一 send_request_no 重发结果未知、已中断或被限频的一笔",
        .helpCopyToken: "将 token 复制到剪贴板（OSC 52）",
        .helpAcceptFilter: "保留筛选并浏览匹配的记录",
        .helpCloseDetail: "关闭详情",
        .helpResendDetail: "重发（仅限结果未知、已中断或被限频的）",
        .helpCopyTokenDetail: "复制 token（OSC 52）",
        .helpOpenCheckDetail: "查询该笔：是否已领取、券的状态、批次预算",
        .helpScrollDown: "向下滚动", .helpScrollUp: "向上滚动",
        .helpConfirmCoupon: "确认已领取的券（CONFIRMING → EFFECTIVE），先问 y/n",
        .helpCheckAgain: "重新查询该笔",
        .helpCloseCheck: "关闭查询面板",
        .helpAnswerYes: "现在确认该券", .helpAnswerNo: "不确认",
        .helpCloseHelp: "关闭帮助",
    ]
}
