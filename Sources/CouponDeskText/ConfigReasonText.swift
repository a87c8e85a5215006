/// Why a config value is refused, as the core words it in `ConfigError` (English there, so logs and
/// tests read one wording): each template here matches one of the core's reasons (`Texts.reword`),
/// fragments and names included, so the whole reason reads in the user's language.
public enum ConfigReasonText: String, TextCatalogue {
    case flavorInvalid, callerRequired, serialRequired, requiredInBrand, publicKeyOnly, noPlatformCertificates
    case foreignKeyInPartner, foreignKeyInFlavor, usesInstead, brandForPartner, toPartner, toBrand
    case brandIsCaller, noVerification, timeoutRange, languageValues
    case notAbsoluteURL, urlShape, plainHTTP, schemeHTTPS, controlCharacters, keyMaterial, wrongSerial, ownPublicKey
    case aString, aNumber, aListOfStrings, anObject
    case callerRule, serialRule, publicKeyIDRule
    case partner, brandDirect, merchantCertificate, brandCertificate, merchantPrivateKey, brandPrivateKey

    public static let english: [Self: String] = [
        .flavorInvalid: "must be \"partner\" (服务商, the default) or \"brand\" (品牌直连, brand-direct), got \"{value}\"",
        .callerRequired: "a brand-direct config (\"flavor\": \"brand\") names its caller, the brand's id (品牌ID), with \"brand_id\"",
        .serialRequired: "the serial number of the {certificate} whose key is private_key_file, in hex (品牌经营平台 → API安全)",
        .requiredInBrand: "required in a brand-direct config",
        .publicKeyOnly: "the {flavor} flavor verifies every response with the WeChat Pay public key only (PROTOCOL §7), and sends its PUB_KEY_ID_... as Wechatpay-Serial: set wechatpay_public_key_id and wechatpay_public_key_file (pub_key.pem)",
        .noPlatformCertificates: "a {flavor} config verifies responses with the WeChat Pay public key only (PROTOCOL §7), never platform certificates: remove platform_certificate_files and set wechatpay_public_key_id and wechatpay_public_key_file",
        .foreignKeyInPartner: "belongs to the {owner} flavor, and this config is partner (no \"flavor\" key means partner){more}",
        .foreignKeyInFlavor: "belongs to the {owner} flavor, and this config is {flavor} (\"flavor\": \"{value}\"){more}",
        .usesInstead: "; a {flavor} config uses \"{key}\" instead{more}",
        .brandForPartner: " (the brand a partner sends for is --brand-id or defaults.brand_id){more}",
        .toPartner: "; for a partner config remove \"flavor\" (or set it to \"partner\")",
        .toBrand: "; for a brand-direct config set \"flavor\": \"brand\"",
        .brandIsCaller: "in a {flavor} config the brand is the caller (\"{callerKey}\": \"{callerID}\"), so sends are always for it; remove defaults.brand_id ({other})",
        .noVerification: "no way to verify responses: set wechatpay_public_key_id and wechatpay_public_key_file (or platform_certificate_files)",
        .timeoutRange: "must be at least 1 and at most 300 seconds, got {value}",
        .languageValues: "must be one of {values}, got \"{value}\"",
        .notAbsoluteURL: "not an absolute URL such as https://api.mch.weixin.qq.com",
        .urlShape: "must be scheme://host[:port][/path], without query, fragment or credentials",
        .plainHTTP: "plain http is refused for {host}: signed requests and responses must travel over https (http is allowed only to localhost, 127.0.0.1 or ::1)",
        .schemeHTTPS: "scheme must be https, got {scheme}",
        .controlCharacters: "contains control characters",
        .keyMaterial: "holds key material, not a file path (not shown here); save the PEM text in a file only you can read (chmod 600) and give that file's path",
        .wrongSerial: "{serial} is not the serial of {file} ({actual}); use the certificate's serial",
        .ownPublicKey: "{file} is the public half of your own {privateKey}, not WeChat Pay's public key (pub_key.pem from the merchant platform)",
        .aString: "a string",
        .aNumber: "a number",
        .aListOfStrings: "a list of strings",
        .anObject: "an object { ... }",
        .callerRule: "1–32 characters of 0-9 A-Z a-z _ -",
        .serialRule: "the {certificate}'s serial number in hex (e.g. 5157F09EFDC096DE15EBE81A47057A72...), not decimal",
        .publicKeyIDRule: "PUB_KEY_ID_ followed by digits and letters, as shown in the merchant platform",
        .partner: "partner",
        .brandDirect: "brand-direct",
        .merchantCertificate: "merchant API certificate (商户API证书)",
        .brandCertificate: "brand API certificate (品牌API证书)",
        .merchantPrivateKey: "merchant private key",
        .brandPrivateKey: "brand API private key",
    ]
    public static let chinese: [Self: String] = [
        .flavorInvalid: "必须是 \"partner\"（服务商，默认）或 \"brand\"（品牌直连），现为 \"{value}\"",
        .callerRequired: "品牌直连配置（\"flavor\": \"brand\"）用 \"brand_id\" 指明调用方，即品牌的品牌ID",
        .serialRequired: "{certificate}（其私钥即 private_key_file）的序列号，十六进制（品牌经营平台 → API安全）",
        .requiredInBrand: "品牌直连配置中必填",
        .publicKeyOnly: "{flavor}模式只用微信支付公钥验证每个应答（PROTOCOL §7），并以其 PUB_KEY_ID_... 作为 Wechatpay-Serial 发送：请设置 wechatpay_public_key_id 和 wechatpay_public_key_file（pub_key.pem）",
        .noPlatformCertificates: "{flavor}配置只用微信支付公钥验证应答（PROTOCOL §7），从不使用平台证书：请删除 platform_certificate_files，并设置 wechatpay_public_key_id 和 wechatpay_public_key_file",
        .foreignKeyInPartner: "属于{owner}模式，而此配置是服务商模式（没有 \"flavor\" 键即为服务商）{more}",
        .foreignKeyInFlavor: "属于{owner}模式，而此配置是{flavor}模式（\"flavor\": \"{value}\"）{more}",
        .usesInstead: "；{flavor}配置改用 \"{key}\"{more}",
        .brandForPartner: "（服务商为哪个品牌发券，由 --brand-id 或 defaults.brand_id 指定）{more}",
        .toPartner: "；若要服务商配置，请删除 \"flavor\"（或设为 \"partner\"）",
        .toBrand: "；若要品牌直连配置，请设置 \"flavor\": \"brand\"",
        .brandIsCaller: "{flavor}配置中品牌就是调用方（\"{callerKey}\": \"{callerID}\"），发券总是为它；请删除 defaults.brand_id（{other}）",
        .noVerification: "无法验证应答：请设置 wechatpay_public_key_id 和 wechatpay_public_key_file（或 platform_certificate_files）",
        .timeoutRange: "必须在 1 到 300 秒之间，现为 {value}",
        .languageValues: "必须是 {values} 之一，现为 \"{value}\"",
        .notAbsoluteURL: "不是绝对 URL（例如 https://api.mch.weixin.qq.com）",
        .urlShape: "必须是 scheme://host[:port][/path] 的形式，不能带查询、片段或用户凭据",
        .plainHTTP: "{host} 不允许使用明文 http：签名的请求和应答必须经由 https 传输（http 只允许用于 localhost、127.0.0.1 或 ::1）",
        .schemeHTTPS: "协议必须是 https，现为 {scheme}",
        .controlCharacters: "含有控制字符",
        .keyMaterial: "填的是密钥内容而不是文件路径（此处不显示）；请把 PEM 文本存入只有你能读的文件（chmod 600），并填写该文件的路径",
        .wrongSerial: "{serial} 不是 {file} 的序列号（{actual}）；请使用该证书的序列号",
        .ownPublicKey: "{file} 是你自己的{privateKey}对应的公钥，不是微信支付公钥（商户平台下载的 pub_key.pem）",
        .aString: "字符串",
        .aNumber: "数字",
        .aListOfStrings: "字符串列表",
        .anObject: "对象 { ... }",
        .callerRule: "1–32 个字符，只能是 0-9 A-Z a-z _ -",
        .serialRule: "{certificate}的十六进制序列号（例如 5157F09EFDC096DE15EBE81A47057A72...），不是十进制",
        .publicKeyIDRule: "PUB_KEY_ID_ 后跟数字和字母，与商户平台上显示的一致",
        .partner: "服务商",
        .brandDirect: "品牌直连",
        .merchantCertificate: "商户API证书",
        .brandCertificate: "品牌API证书",
        .merchantPrivateKey: "商户私钥",
        .brandPrivateKey: "品牌API私钥",
    ]
}

/// A key or certificate file that cannot be used (`KeyError`), and the warning about a private key
/// others can read, as the core words them; matched by `Texts.reword` like `ConfigReasonText`.
public enum KeyFileText: String, TextCatalogue {
    case missing, unreadable, notPEM, wrongKind, notRSA, mismatchedPair, openssl, readableByOthers
    case privateKey, publicKey, certificate, privateKeyBecause, publicKeyBecause, certificateBecause
    case merchantPrivateKeyNeeded, publicKeyNeeded, certificateNeeded
    case pkcs8Private, pkcs1Private, encryptedPrivate, publicKeyFound, rsaPublicKey, x509Certificate
    case notAnRSAKey, tooShort

    public static let english: [Self: String] = [
        .missing: "{file}: file not found",
        .unreadable: "{file}: cannot read ({reason})",
        .notPEM: "{file}: not a PEM {expected} (expected a -----BEGIN ...----- block)",
        .wrongKind: "{file}: this is {found}, but {expected} is needed here",
        .notRSA: "{file}: not an RSA key usable for SHA256withRSA ({detail})",
        .mismatchedPair: "{privateFile} and {publicFile} do not form a key pair: a signature made with the private key does not verify with the public key",
        .openssl: "OpenSSL: {message}",
        .readableByOthers: "warning: {file} (private_key_file) is readable by other users (mode {mode}); run: chmod 600 {file}",
        .privateKey: "private key",
        .publicKey: "public key",
        .certificate: "certificate",
        .privateKeyBecause: "private key ({detail})",
        .publicKeyBecause: "public key ({detail})",
        .certificateBecause: "certificate ({detail})",
        .merchantPrivateKeyNeeded: "the merchant API private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)",
        .publicKeyNeeded: "a public key (BEGIN PUBLIC KEY)",
        .certificateNeeded: "a platform certificate (BEGIN CERTIFICATE)",
        .pkcs8Private: "a PKCS#8 private key",
        .pkcs1Private: "a PKCS#1 RSA private key",
        .encryptedPrivate: "a password-protected private key (decrypt it first: openssl pkey -in FILE -out plain.pem)",
        .publicKeyFound: "a public key",
        .rsaPublicKey: "a PKCS#1 RSA public key",
        .x509Certificate: "an X.509 certificate",
        .notAnRSAKey: "not an RSA key",
        .tooShort: "{bits}-bit key; WeChat Pay requires RSA-2048",
    ]
    public static let chinese: [Self: String] = [
        .missing: "{file}：文件不存在",
        .unreadable: "{file}：无法读取（{reason}）",
        .notPEM: "{file}：不是 PEM 格式的{expected}（应为 -----BEGIN ...----- 块）",
        .wrongKind: "{file}：这是{found}，但此处需要{expected}",
        .notRSA: "{file}：不是可用于 SHA256withRSA 的 RSA 密钥（{detail}）",
        .mismatchedPair: "{privateFile} 与 {publicFile} 不是一对密钥：用私钥做的签名无法用公钥验证",
        .openssl: "OpenSSL：{message}",
        .readableByOthers: "警告：{file}（private_key_file）其他用户可读（权限 {mode}）；请运行：chmod 600 {file}",
        .privateKey: "私钥",
        .publicKey: "公钥",
        .certificate: "证书",
        .privateKeyBecause: "私钥（{detail}）",
        .publicKeyBecause: "公钥（{detail}）",
        .certificateBecause: "证书（{detail}）",
        .merchantPrivateKeyNeeded: "商户API私钥（BEGIN PRIVATE KEY 或 BEGIN RSA PRIVATE KEY）",
        .publicKeyNeeded: "公钥（BEGIN PUBLIC KEY）",
        .certificateNeeded: "平台证书（BEGIN CERTIFICATE）",
        .pkcs8Private: "PKCS#8 私钥",
        .pkcs1Private: "PKCS#1 RSA 私钥",
        .encryptedPrivate: "有密码保护的私钥（请先解密：openssl pkey -in FILE -out plain.pem）",
        .publicKeyFound: "公钥",
        .rsaPublicKey: "PKCS#1 RSA 公钥",
        .x509Certificate: "X.509 证书",
        .notAnRSAKey: "不是 RSA 密钥",
        .tooShort: "{bits} 位密钥；微信支付要求 RSA-2048",
    ]
}
