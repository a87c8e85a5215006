@testable import Console
import Foundation
import Testing
import WeChatPayCore

/// The console in the brand-direct flavor (PROTOCOL §7): the title says the flavor and the caller, the
/// form's brand_id is the caller (shown, not editable), and the history says each send's flavor.
@Suite struct BrandFlavorConsoleTests {
    static let brandProfile = Profile(flavor: .brand, callerID: "120344", baseURLHost: "api.mch.weixin.qq.com", isDemo: false)

    static func brandModel(width: Int = 80, height: Int = 24, records: [SendRecord] = []) -> ConsoleModel {
        let environment = ConsoleEnvironment(profile: brandProfile, theme: Fixture.theme)
        var model = ConsoleModel(environment: environment, size: Size(width: width, height: height), defaults: Fixture.defaults,
                                 freshNumbers: Fixture.numbers())
        model.loadHistory(records)
        return model
    }

    static func brandRecord(_ outcome: Outcome = .issued, number: String = "CDBRAND00001") -> SendRecord {
        var request = Fixture.request(openid: "oBrand0001", number: number)
        request.brandID = "120344"
        return SendRecord(time: "2026-11-28T14:15:00.000+08:00", operator: "alice", mode: "live", flavor: .brand,
                          request: request, outcome: outcome, token: outcome == .issued ? "TOKENBRAND" : nil,
                          error: outcome == .unknown ? SendError(category: .timeout) : nil, attempts: 1)
    }

    @Test(arguments: ViewTests.sizes)
    func theTitleSaysBrandDirectAndTheBrand(size: Size) {
        let title = Self.brandModel(width: size.width, height: size.height).frame().lines[0]
        #expect(title.contains("brand-direct · brand 120344"))
        #expect(!title.contains("mchid"))
    }

    @Test func thePartnerTitleSaysPartnerAndTheMchid() {
        var model = Fixture.model(demo: false)
        model.loadHistory([])
        #expect(model.frame().lines[0].contains("partner · mchid 1900000001"))
    }

    @Test func theFormsBrandIDIsTheCallerWhateverTheDefaultsSay() {
        let model = Self.brandModel()
        #expect(model.text(.brandID) == "120344")
        #expect(model.request.brandID == "120344")
        let row = model.frame().lines[Layout(size: model.size).fieldTop]
        #expect(row.contains("120344") && row.contains("the caller"))
    }

    @Test func tabNeverStopsOnTheCallersBrandID() {
        var model = Self.brandModel()
        var visited: [Focus] = []
        for _ in 0..<(PreSendField.allCases.count + 1) {
            _ = model.apply(.key(.tab))
            visited.append(model.focus)
        }
        #expect(!visited.contains(.field(.brandID)))
        // ↑ stops at the first field the operator may edit; Shift-Tab wraps to the history.
        model.focus = .field(.productCouponID)
        _ = model.apply(.key(.up))
        #expect(model.focus == .field(.productCouponID))
        _ = model.apply(.key(.backTab))
        #expect(model.focus == .history)
    }

    @Test func typingIntoTheCallersBrandIDChangesNothingAndSaysWhy() {
        var model = Self.brandModel()
        model.focus = .field(.brandID)
        model.type("9")
        _ = model.apply(.key(.control("u")))
        #expect(model.text(.brandID) == "120344")
        #expect(model.status?.text.contains("caller") == true)
    }

    @Test func aPartnerFormKeepsBrandIDEditable() {
        var model = Fixture.model()
        model.focus = .field(.brandID)
        model.type("9")
        #expect(model.text(.brandID) == "BRAND0019")
    }

    @Test func ctrlSSendsForTheCaller() {
        var model = Self.brandModel()
        model.type("oBrandUser1")
        let effects = model.apply(.key(.control("s")))
        guard case .send(let request)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(request.brandID == "120344")
        #expect(model.history.row(0)?.record.flavor == .brand)
    }

    @Test func eachHistoryRowSaysItsFlavor() {
        let model = Self.brandModel(records: [Self.brandRecord(), Fixture.issued()])
        let screen = model.frame().lines
        let brandRow = screen.first { $0.contains("oBrand0001") } ?? ""
        let partnerRow = screen.first { $0.contains("oUser0001") } ?? ""
        #expect(brandRow.contains("✓ B "))
        #expect(partnerRow.contains("✓ P "))
    }

    @Test func theDetailSaysTheFlavorAndThatTheBrandWasTheCaller() {
        let brand = OverlayView.detailLines(Self.brandRecord(), inFlight: false)
        #expect(brand.contains { $0.key == "flavor" && $0.value.contains("brand-direct") && $0.value.contains("120344") })
        let partner = OverlayView.detailLines(Fixture.issued(), inFlight: false)
        #expect(partner.contains { $0.key == "flavor" && $0.value.hasPrefix("partner") })
    }

    @Test func rRefusesToResendABrandSendFromAPartnerConsole() {
        var model = Fixture.model(demo: false)
        model.loadHistory([Self.brandRecord(.unknown)])
        model.focus = .history
        #expect(model.apply(.key(.character("r"))).isEmpty)
        #expect(model.status?.text.contains("brand-direct") == true)
    }

    @Test func rResendsABrandSendFromTheSameBrandsConsole() {
        var model = Self.brandModel(records: [Self.brandRecord(.unknown)])
        model.focus = .history
        #expect(model.apply(.key(.character("r"))) == [.send(Self.brandRecord(.unknown).request)])
    }

    @Test func rRefusesToResendAnotherBrandsSend() {
        var other = Self.brandRecord(.unknown)
        other.request.brandID = "999999"
        var model = Self.brandModel(records: [other])
        model.focus = .history
        #expect(model.apply(.key(.character("r"))).isEmpty)
        #expect(model.status?.text.contains("999999") == true)
    }
}
