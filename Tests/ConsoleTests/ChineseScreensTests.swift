@testable import Console
import CouponDeskText
import Foundation
import Testing
import WeChatPayCore

/// Every console screen rendered headless in zh-Hans at 80x24 and 60x19: no untranslated key
/// (`⟦…⟧`), no English sentence of the tables or written in code, and no row wider than the terminal.
@Suite struct ChineseScreensTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 60, height: 19)]

    static func model(_ size: Size, records: [SendRecord] = [], language: Language = .zhHans) -> ConsoleModel {
        var environment = Fixture.environment(demo: true)
        environment.language = language
        environment.profile.operatorName = "小王"
        var model = ConsoleModel(environment: environment, size: size, defaults: Fixture.defaults, freshNumbers: Fixture.numbers())
        if !records.isEmpty { model.loadHistory(records) }
        return model
    }

    static let records = [Fixture.issued(), Fixture.rejected(), Fixture.unknown(), Fixture.pending("CDREQ000004"),
                          Fixture.rejected("CDREQ000005", category: .userLimitReached)]

    /// English sentences of every console catalogue (long enough to be sentences, with any
    /// placeholder cut out): none may appear on a Chinese screen.
    static let englishSentences: [String] = {
        // A piece the Chinese table says the same way (`CouponDesk ·`) is not English left over.
        func pieces<K: TextCatalogue>(_ type: K.Type) -> [String] {
            let chinese = K.chinese.values.joined(separator: "\n")
            return K.english.values.flatMap { $0.split(whereSeparator: { $0 == "{" || $0 == "}" }).map(String.init) }
                .filter { !chinese.contains($0) }
        }
        let all = pieces(ConsoleText.self) + pieces(StatusText.self) + pieces(DetailText.self) + pieces(KeyText.self)
            + pieces(CategoryText.self) + pieces(FieldRule.self) + pieces(FieldProblemText.self) + pieces(CouponStateText.self)
        return all.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 12 && $0.contains(" ") }
    }()

    /// Three English words in a row (`not yet in`) is a sentence someone forgot; API names have `_`
    /// and ids have digits, so they do not count.
    static func englishRun(in line: String) -> String? {
        let words = line.split(whereSeparator: { !$0.isLetter && !$0.isNumber && !"_-./".contains($0) })
        var run: [Substring] = []
        for word in words {
            let english = word.count >= 2 && word.allSatisfy { $0.isASCII && $0.isLetter }
            if english { run.append(word) } else { run = [] }
            if run.count >= 3 { return run.joined(separator: " ") }
        }
        return nil
    }

    /// Checks one frame; `what` names it in a failure.
    static func expectChinese(_ grid: CellGrid, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for y in 0..<grid.height {
            let line = grid.text(row: y)
            #expect(CharacterWidth.of(line) == grid.width, "\(what) row \(y) is \(CharacterWidth.of(line)) cells: \(line)",
                    sourceLocation: sourceLocation)
            #expect(!line.contains("⟦"), "\(what) row \(y) shows a key: \(line)", sourceLocation: sourceLocation)
            if let run = englishRun(in: line) {
                Issue.record("\(what) row \(y) has English \"\(run)\": \(line)", sourceLocation: sourceLocation)
            }
            for sentence in englishSentences where line.contains(sentence) {
                Issue.record("\(what) row \(y) has the English \"\(sentence)\"", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: sizes) func theFormIsChinese(size: Size) {
        var model = Self.model(size)
        Self.expectChinese(model.frame(), "opening form")
        #expect(model.frame().screen.contains("发券"))
        #expect(model.frame().screen.contains("批次 stock_id"), "the API name stays beside the label")
        for _ in 0..<8 {
            Self.expectChinese(model.frame(), "form focus \(model.focus)")
            _ = model.apply(.key(.tab))
        }
        var empty = Self.model(size)
        _ = empty.apply(.key(.control("s")))
        #expect(empty.status?.text.hasPrefix("未发送") == true)
        Self.expectChinese(empty.frame(), "form refused")
        empty.type("a b\u{FFFD}")
        Self.expectChinese(empty.frame(), "form with a problem")
    }

    @Test(arguments: sizes) func theHistoryPaneIsChinese(size: Size) {
        var model = Self.model(size, records: Self.records)
        model.focus = .history
        for row in 0..<Self.records.count {
            Self.expectChinese(model.frame(), "history row \(row)")
            _ = model.apply(.key(.character("j")))
        }
        _ = model.apply(.key(.character("/")))
        model.type("没有这个")
        _ = model.apply(.key(.enter))
        Self.expectChinese(model.frame(), "history filter")
        var empty = Self.model(size)
        empty.loadHistory([])
        #expect(empty.frame().screen.contains("还没有发券记录"))
        Self.expectChinese(empty.frame(), "empty history")
    }

    @Test(arguments: sizes) func theDetailIsChinese(size: Size) {
        for (index, record) in Self.records.enumerated() {
            var model = Self.model(size, records: Self.records)
            model.focus = .history
            for _ in 0..<index { _ = model.apply(.key(.character("j"))) }
            _ = model.apply(.key(.enter))
            #expect(model.frame().screen.contains("结果"), "detail of \(record.request.sendRequestNo)")
            for page in 0..<6 {
                Self.expectChinese(model.frame(), "detail \(index) page \(page)")
                _ = model.apply(.key(.character("j")))
            }
        }
    }

    @Test(arguments: sizes) func theHelpIsChinese(size: Size) {
        var model = Self.model(size)
        _ = model.apply(.key(.function(1)))
        #expect(model.frame().screen.contains("按键"))
        for page in 0..<80 {
            Self.expectChinese(model.frame(), "help line \(page)")
            _ = model.apply(.key(.down))
        }
    }

    /// The history's first send checked (`c`), and `answer` delivered to its panel.
    static func checked(_ size: Size, answer: SendCheck) throws -> ConsoleModel {
        var model = Self.model(size, records: Self.records)
        model.focus = .history
        _ = model.apply(.key(.character("c")))
        expectChinese(model.frame(), "check waiting")
        guard case .check(let panel) = model.overlay else { throw CheckNotOpen() }
        _ = model.apply(.checkFinished(generation: panel.generation, answer))
        return model
    }

    struct CheckNotOpen: Error {}

    @Test(arguments: sizes) func theCheckPanelIsChinese(size: Size) throws {
        var model = try Self.checked(size, answer: CheckFixture.check([CheckFixture.coupon("CONFIRMING")]))
        #expect(model.frame().screen.contains("已领取"))
        Self.expectChinese(model.frame(), "check answered")
        _ = model.apply(.key(.character("C")))
        Self.expectChinese(model.frame(), "confirm prompt")
        _ = model.apply(.key(.character("n")))
        Self.expectChinese(model.frame(), "not confirmed")
        var unclaimed = try Self.checked(size, answer: CheckFixture.check([]))
        _ = unclaimed.apply(.key(.character("C")))
        Self.expectChinese(unclaimed.frame(), "unclaimed")
        // Look-ups without an answer: the reason and WeChat Pay's words, in Chinese where they are ours.
        let timeout = LookupFailure.unknown(SendError(category: .timeout), requestID: nil)
        let failed = try Self.checked(size, answer: SendCheck(sendRequestNo: "CDREQ000001", coupons: .failure(timeout), stock: .failure(timeout)))
        #expect(failed.frame().screen.contains("请求超时"))
        Self.expectChinese(failed.frame(), "look-ups failed")
    }

    @Test(arguments: sizes) func theStatusLinesAreChinese(size: Size) {
        var model = Self.model(size, records: Self.records)
        let results = [Fixture.issued("CDTEST000001"), Fixture.rejected("CDTEST000001"), Fixture.unknown("CDTEST000001")]
        for record in results {
            model.status = ConsoleProgram.resultLine(record, text: model.words)
            Self.expectChinese(model.frame(), "result \(record.outcome)")
        }
        model.focus = .history
        for key in [Key.character("r"), .character("y"), .character("j"), .character("r"), .function(2)] {
            _ = model.apply(.key(key))
            Self.expectChinese(model.frame(), "after \(key)")
        }
        _ = model.apply(.key(.invalidInput([0xA0])))
        Self.expectChinese(model.frame(), "invalid input")
    }

    @Test func theTooSmallNoticeIsChinese() {
        let model = Self.model(Size(width: 50, height: 12))
        let screen = model.frame()
        #expect(screen.screen.contains("终端窗口太小"))
        Self.expectChinese(screen, "too small")
    }

    /// The same model in English says it in English: the language is the only difference.
    @Test func theSameModelInEnglishIsEnglish() {
        let model = Self.model(Size(width: 80, height: 24), language: .en)
        #expect(model.frame().screen.contains(" Send "))
        #expect(!model.frame().screen.contains("发券"))
    }
}
