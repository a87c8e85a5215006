import Testing
@testable import CouponDeskText

/// Every catalogue: each key in both tables, with the same placeholders. A catalogue added to the
/// target is added here (`TableTests.catalogues`).
struct TableTests {
    struct Catalogue: CustomStringConvertible, Sendable {
        let name: String
        let missing: @Sendable () -> [String]
        let placeholderMismatches: @Sendable () -> [String]
        var description: String { name }

        init<K: TextCatalogue>(_ type: K.Type) {
            name = "\(K.self)"
            missing = {
                Language.allCases.flatMap { language in
                    K.allCases.filter { K.table(language)[$0] == nil }.map { "\(language.rawValue): \($0.rawValue)" }
                }
            }
            placeholderMismatches = {
                K.allCases.compactMap { key in
                    let english = Texts.placeholders(in: K.english[key] ?? "")
                    let chinese = Texts.placeholders(in: K.chinese[key] ?? "")
                    return english == chinese ? nil : "\(key.rawValue): en \(english.sorted()) zh \(chinese.sorted())"
                }
            }
        }
    }


    @Test(arguments: TextCatalogues.all)
    func everyKeyIsInBothTables(_ catalogue: Catalogue) {
        #expect(catalogue.missing() == [])
    }

    @Test(arguments: TextCatalogues.all)
    func bothTablesHaveTheSamePlaceholders(_ catalogue: Catalogue) {
        #expect(catalogue.placeholderMismatches() == [])
    }

    @Test func namedPlaceholdersAreFilled() {
        #expect(Texts.fill("{a} of {b}, {a}", ["a": "1", "b": "2"]) == "1 of 2, 1")
        #expect(Texts.fill("{a} {unknown} {", ["a": "x"]) == "x {unknown} {")
    }

    @Test func chineseTextsAreChinese() {
        #expect(Texts(.zhHans)(ConsoleText.formTitle) == " 发券 ")
        #expect(Texts(.en)(ConsoleText.formTitle) == " Send ")
    }

    @Test func machineValuesAreWordedByTheirRawStrings() {
        let zh = Texts(.zhHans)
        #expect(zh.category("total_budget_exhausted") == "总预算已用完")
        #expect(zh.outcome("issued") == "已发放")
        #expect(zh.fieldLabel("stock_id") == "批次 stock_id")
        #expect(zh.category("a_newer_category") == "a_newer_category")
    }
}

/// The catalogues the tables test walks.
enum TextCatalogues {
    static let all: [TableTests.Catalogue] = [
        .init(OutcomeName.self), .init(CategoryText.self), .init(FieldLabel.self), .init(FieldRule.self),
        .init(FieldProblemText.self), .init(CouponStateText.self), .init(FlavorText.self), .init(PolicyText.self),
        .init(ConsoleText.self), .init(StatusText.self), .init(DetailText.self), .init(KeyText.self),
        .init(SandboxText.self), .init(HelpText.self), .init(CLIText.self), .init(CLIErrorText.self), .init(DoctorText.self), .init(CoreErrorText.self),
        .init(RefusalText.self), .init(HistoryLogText.self), .init(NetworkText.self), .init(ConfigReasonText.self), .init(KeyFileText.self), .init(LookupRuleText.self),
        .init(BatchText.self),
    ]
}
