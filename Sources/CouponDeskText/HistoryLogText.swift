/// What the history log says to a person: it cannot be opened, written or read, it shrank while read,
/// another process wrote a number's record first, its permissions were (or could not be) tightened,
/// lines that could not be read. The log itself is
/// a machine interface and never changes with the language; these are its notices and errors.
public enum HistoryLogText: String, TextCatalogue {
    case cannotOpen, cannotWrite, cannotRead, shrank, raced, tightened, notTightened, oneUnreadable, manyUnreadable

    public static let english: [Self: String] = [
        .cannotOpen: "history {path}: cannot open ({reason})",
        .cannotWrite: "history {path}: cannot write ({reason})",
        .cannotRead: "history {path}: cannot read ({reason})",
        .shrank: "history {path}: the log shrank while it was read (truncated or rotated in place?); what was read may be incomplete, run the command again",
        .raced: "history {path}: another process wrote a record of {number} after it was looked up here; not sent, look it up again",
        .tightened: "history {path}: its permissions were {mode}, readable by others; tightened to 0600",
        .notTightened: "history {path}: its permissions are {mode}, readable by others, and could not be tightened to 0600 ({reason}); run chmod 600 on it",
        .oneUnreadable: "1 unreadable line at byte {offsets}",
        .manyUnreadable: "{count} unreadable lines at bytes {offsets}",
    ]
    public static let chinese: [Self: String] = [
        .cannotOpen: "发券记录 {path}：无法打开（{reason}）",
        .cannotWrite: "发券记录 {path}：无法写入（{reason}）",
        .cannotRead: "发券记录 {path}：无法读取（{reason}）",
        .shrank: "发券记录 {path}：读取期间文件变短了（被截断或原地轮转？）；读到的内容可能不完整，请重新运行该命令",
        .raced: "发券记录 {path}：在此处查看之后，另一个进程写入了 {number} 的记录；未发送，请重新查看",
        .tightened: "发券记录 {path}：原权限为 {mode}，其他用户可读；已收紧为 0600",
        .notTightened: "发券记录 {path}：权限为 {mode}，其他用户可读，且无法收紧为 0600（{reason}）；请对它执行 chmod 600",
        .oneUnreadable: "1 行无法读取，位于字节 {offsets}",
        .manyUnreadable: "{count} 行无法读取，位于字节 {offsets}",
    ]
}
