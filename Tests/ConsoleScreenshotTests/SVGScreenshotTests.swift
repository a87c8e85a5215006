@testable import Console
@testable import ConsoleScreenshot
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The README's pictures: a console frame drawn as SVG from the cell grid.
@Suite struct SVGScreenshotTests {
    /// The `<text>` elements of the grid (not the window's title) of an SVG document, parsed as XML:
    /// their characters and `x` positions.
    final class TextCollector: NSObject, XMLParserDelegate {
        struct Text { var content: String; var xs: [Double]; var attributes: [String: String] }
        var texts: [Text] = []
        var elements: [String: Int] = [:]
        private var current: Text?
        private var inGrid = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            elements[name, default: 0] += 1
            if name == "g" { inGrid = true }
            if name == "text" && inGrid {
                current = Text(content: "", xs: (attributes["x"] ?? "").split(separator: " ").compactMap { Double($0) },
                               attributes: attributes)
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current?.content += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "g" { inGrid = false }
            if name == "text", let text = current { texts.append(text); current = nil }
        }
    }

    /// Parses `svg`; fails the test when it is not well-formed XML.
    static func parse(_ svg: String) throws -> TextCollector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = TextCollector()
        parser.delegate = collector
        let parsed = parser.parse()
        try #require(parsed, "not well-formed XML: \(String(describing: parser.parserError))")
        return collector
    }

    static func render(_ grid: CellGrid) -> String { SVGScreenshot().render(grid, title: "test") }

    @Test func theConsolePictureIsWellFormedXMLWithTheConsolesTexts() throws {
        let model = ScreenshotScene.afterBudgetRefusal(language: .en)
        let svg = SVGScreenshot().render(ConsoleProgram.view(model, size: model.size), title: "coupondesk demo")
        let texts = try Self.parse(svg).texts.map(\.content)
        for expected in ["CouponDesk · partner · mchid 1900000001 · in-process sandbox", "DEMO", "brand_id", "120344",
                         "会员日 · 生日礼券", "✗ rejected: total budget exhausted (INVALID_REQUEST 268579001)",
                         "per-user limit reached", "timed out — outcome unknown, resend", "fault-timeout-7"] {
            #expect(texts.contains { $0.contains(expected) }, "no text holds \(expected)")
        }
    }

    @Test func theDetailPictureShowsTheBudgetRefusal() throws {
        let models = ScreenshotScene.models(language: .en)
        let detail = try #require(models.first { $0.name == "console-detail" }).model
        guard case .detail(let record, _) = detail.overlay else {
            Issue.record("the detail is not open")
            return
        }
        #expect(record.error?.category == .totalBudgetExhausted)
        let texts = try Self.parse(Self.render(ConsoleProgram.view(detail, size: detail.size))).texts.map(\.content)
        for expected in ["total budget exhausted (total_budget_exhausted)", "商品券批次总预算已发完，无法继续发放", "268579001"] {
            #expect(texts.contains { $0.contains(expected) }, "no text holds \(expected)")
        }
    }

    /// The Chinese pictures: the same scenes, with the console's Chinese words (the API names beside them).
    @Test func theChinesePicturesSpeakChinese() throws {
        let models = ScreenshotScene.models(language: .zhHans)
        let console = try #require(models.first { $0.name == "console" }).model
        let texts = try Self.parse(Self.render(ConsoleProgram.view(console, size: console.size))).texts.map(\.content)
        for expected in ["服务商 · 商户号 mchid 1900000001 · 进程内沙箱", "演示", "品牌 brand_id", "批次 stock_id",
                         "✗ 被拒绝：总预算已用完（INVALID_REQUEST 268579001）", "每人限领已达上限", "发送"] {
            #expect(texts.contains { $0.contains(expected) }, "no text holds \(expected)")
        }
        let detail = try #require(models.first { $0.name == "console-detail" }).model
        let detailTexts = try Self.parse(Self.render(ConsoleProgram.view(detail, size: detail.size))).texts.map(\.content)
        for expected in ["总预算已用完（total_budget_exhausted）", "商品券 product_coupon_id", "c：查看批次预算"] {
            #expect(detailTexts.contains { $0.contains(expected) }, "no text holds \(expected)")
        }
    }

    /// Every language has its pair of pictures in docs/, as the README shows them.
    @Test func everyLanguagesPicturesAreInDocs() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs")
        for language in ScreenshotLanguage.allCases {
            for (name, _) in ScreenshotScene.models(language: language) {
                let path = docs.appendingPathComponent("\(name).\(language.rawValue).svg").path
                #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            }
        }
    }

    @Test func aDoubleWidthCharacterTakesTwoCells() throws {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        grid.draw("A送给B", x: 0, y: 0, style: .plain)
        let text = try #require(Self.parse(Self.render(grid)).texts.first { $0.content == "A送给B" })
        let cell = SVGScreenshot().cellWidth
        #expect(text.xs == [0, 1, 3, 5].map { (Double($0) * cell * 100).rounded() / 100 })
    }

    @Test func coloursAndAttributesComeFromTheStyleThroughThePalette() throws {
        let theme = try #require(ShippedThemes.theme(named: "default"))
        var grid = CellGrid(size: Size(width: 20, height: 2))
        grid.draw("refused", x: 0, y: 0, style: theme[.rejected])     // red, bold
        grid.fill(x: 0, y: 1, width: 20, height: 1, style: theme[.title])
        grid.draw("title", x: 0, y: 1, style: theme[.title])           // black on cyan, bold
        let svg = Self.render(grid)
        let texts = try Self.parse(svg).texts
        let palette = TerminalPalette.tangoDark
        let refused = try #require(texts.first { $0.content == "refused" })
        #expect(refused.attributes["fill"] == palette.basic[1])
        #expect(refused.attributes["font-weight"] == "bold")
        #expect(texts.first { $0.content == "title" }?.attributes["fill"] == palette.basic[0])
        #expect(svg.contains("height=\"18\" fill=\"\(palette.basic[6])\""), "the title row's cyan background")
    }

    @Test func reverseVideoSwapsForegroundAndBackground() throws {
        var grid = CellGrid(size: Size(width: 4, height: 1))
        grid.draw("ok", x: 0, y: 0, style: Style(foreground: TerminalColor(index: 2), attributes: .reverse))
        let svg = Self.render(grid)
        let palette = TerminalPalette.tangoDark
        #expect(try Self.parse(svg).texts.first?.attributes["fill"] == palette.background)
        #expect(svg.contains("fill=\"\(palette.basic[2])\"/>"), "a green background")
    }

    @Test func boxDrawingCharactersAreStrokesNotText() throws {
        var grid = CellGrid(size: Size(width: 6, height: 3))
        ConsoleProgram.drawBox(x: 0, y: 0, width: 6, height: 3, style: .plain, into: &grid)
        let parsed = try Self.parse(Self.render(grid))
        #expect(parsed.texts.isEmpty)
        #expect(parsed.elements["path"] == 2, "the title bar, and the box in one stroke path")
    }

    @Test func markupCharactersInTheGridAreEscaped() throws {
        var grid = CellGrid(size: Size(width: 12, height: 1))
        grid.draw("a<b>&\"c\"", x: 0, y: 0, style: .plain)
        #expect(try Self.parse(Self.render(grid)).texts.map(\.content) == ["a<b>&\"c\""])
    }
}
