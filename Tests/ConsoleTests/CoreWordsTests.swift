@testable import Console
import CouponDeskText
import Testing
import WeChatPayCore

/// The text tables name the core's machine values by their raw strings (the text target knows no
/// core): every value the core has must have its words, in both languages, so a category, field,
/// outcome or problem added to the core cannot reach a screen as a raw value.
@Suite struct CoreWordsTests {
    @Test func everyErrorCategoryHasItsReason() {
        for category in ErrorCategory.allCases {
            #expect(CategoryText(rawValue: category.rawValue) != nil, "\(category)")
        }
    }

    @Test func everyOutcomeHasItsName() {
        for raw in Outcome.allCases.map(\.rawValue) + ConfirmOutcome.allCases.map(\.rawValue) {
            #expect(OutcomeName(rawValue: raw) != nil, "\(raw)")
        }
    }

    @Test func everyFieldHasItsLabelAndEveryProblemItsWords() {
        for field in PreSendField.allCases { #expect(FieldLabel(rawValue: field.rawValue) != nil, "\(field)") }
        for kind in FieldProblem.Kind.allCases { #expect(FieldProblemText(rawValue: kind.rawValue) != nil, "\(kind)") }
    }

    @Test func everyFlavorAndCouponStateHasItsWords() {
        for flavor in APIFlavor.allCases { #expect(FlavorText(rawValue: flavor.rawValue) != nil, "\(flavor)") }
        for state in CouponState.known { #expect(CouponStateText(rawValue: state.rawValue) != nil, "\(state)") }
    }

    /// A field problem in Chinese names the field with its label and the API name beside it.
    @Test func aFieldProblemInChineseKeepsTheAPIName() throws {
        let problem = try #require(PreSendField.sendRequestNo.fieldProblem(with: "ab"))
        #expect(Texts(.zhHans).problem(problem) == "发券单号 send_request_no：6–40 个字符，只能是 0-9 A-Z a-z _ -，现为 2 个")
        #expect(problem.description == "send_request_no: 6–40 characters of 0-9 A-Z a-z _ -, got 2")
    }
}
