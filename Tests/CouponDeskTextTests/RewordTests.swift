import CouponDeskText
import Testing

/// `Texts.reword`: English the core keeps (in the log, in its errors) shown in the reader's language.
@Suite struct RewordTests {
    @Test func aMatchingTextTakesTheTranslationWithItsValues() {
        #expect(Texts(.zhHans).reword("must be at least 1 and at most 300 seconds, got 0", ConfigReasonText.self) == "必须在 1 到 300 秒之间，现为 0")
    }

    @Test func englishIsLeftAsItIs() {
        let english = "must be at least 1 and at most 300 seconds, got 0"
        #expect(Texts.english.reword(english, ConfigReasonText.self) == english)
    }

    @Test func aTextThatMatchesNoTemplateIsLeftAsItIs() {
        #expect(Texts(.zhHans).reword("something the core never says", ConfigReasonText.self) == "something the core never says")
    }

    @Test func aValueThatIsItselfAPhraseIsTranslatedToo() {
        #expect(Texts(.zhHans).reword("k.pem: this is a PKCS#8 private key, but a public key (BEGIN PUBLIC KEY) is needed here", KeyFileText.self)
                == "k.pem：这是PKCS#8 私钥，但此处需要公钥（BEGIN PUBLIC KEY）")
    }

    @Test func aReasonBuiltOfFragmentsIsTranslatedPieceByPiece() {
        let english = "belongs to the brand-direct flavor, and this config is partner (no \"flavor\" key means partner); a partner config uses \"mchid\" instead; for a brand-direct config set \"flavor\": \"brand\""
        #expect(Texts(.zhHans).reword(english, ConfigReasonText.self)
                == "属于品牌直连模式，而此配置是服务商模式（没有 \"flavor\" 键即为服务商）；服务商配置改用 \"mchid\"；若要品牌直连配置，请设置 \"flavor\": \"brand\"")
    }
}

extension RewordTests {
    @Test func aLookUpFieldsRuleIsTranslated() {
        #expect(Texts(.zhHans).reword("appid: at most 128 characters, got 130", LookupRuleText.self) == "appid：最多 128 个字符，现为 130 个")
    }
}
