import WeChatPayCore

/// A merchant, a "WeChat Pay" and a brand key pair for the whole test process: RSA generation is the
/// slow part of making a sandbox, and the tests are about the engine, not the keys. A failed
/// generation fails the tests that ask for the key; it never stops the test process.
public enum TestKeys {
    private static let generated = (0..<3).map { _ in Result { try RSAPrivateKey.generate() } }

    public static var merchant: RSAPrivateKey { get throws { try generated[0].get() } }
    public static var wechatpay: RSAPrivateKey { get throws { try generated[1].get() } }
    public static var brand: RSAPrivateKey { get throws { try generated[2].get() } }
}
