import Testing
import CouponDeskText

struct LanguageResolutionTests {
    @Test func theConfigWinsOverTheLocale() {
        #expect(Language.resolve(configured: .en, environment: ["LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Language.resolve(configured: .zhHans, environment: ["LC_ALL": "C.UTF-8"]) == .zhHans)
    }

    @Test func lcAllWinsOverLcMessagesAndLang() {
        #expect(Language.resolve(configured: nil, environment: ["LC_ALL": "C.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Language.resolve(configured: nil, environment: ["LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"]) == .zhHans)
    }

    @Test func lcMessagesWinsOverLang() {
        #expect(Language.resolve(configured: nil, environment: ["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]) == .zhHans)
        #expect(Language.resolve(configured: nil, environment: ["LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
    }

    @Test func anEmptyVariableIsPassedOver() {
        #expect(Language.resolve(configured: nil, environment: ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"]) == .zhHans)
    }

    @Test func langAloneDecides() {
        #expect(Language.resolve(configured: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zhHans)
        #expect(Language.resolve(configured: nil, environment: ["LANG": "C.UTF-8"]) == .en)
    }

    @Test func nothingSetIsEnglish() {
        #expect(Language.resolve(configured: nil, environment: [:]) == .en)
    }

    /// Read from the text: a zh locale that is not installed still means Chinese.
    @Test func anyZhLocaleIsChinese() {
        for value in ["zh_CN.UTF-8", "zh_CN", "zh_SG.GB18030", "zh", "zh-Hans"] {
            #expect(Language.fromLocale(value) == .zhHans, "\(value)")
        }
        for value in ["C", "POSIX", "en_US.UTF-8", "ja_JP.UTF-8"] {
            #expect(Language.fromLocale(value) == .en, "\(value)")
        }
    }
}
