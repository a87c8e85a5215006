/// The demo's and the sandbox's words shown to a person (the guide in the console's help, the host).
public enum SandboxText: String, TextCatalogue {
    case inProcessHost

    public static let english: [Self: String] = [
        .inProcessHost: "in-process sandbox",
    ]
    public static let chinese: [Self: String] = [
        .inProcessHost: "进程内沙箱",
    ]
}
