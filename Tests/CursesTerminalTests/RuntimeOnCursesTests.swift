import Console
@testable import CursesTerminal
import Foundation
import WeChatPayCore
import XCTest

/// The whole loop — keys in, update, view, blit — on a virtual ncurses screen with fake services.
final class RuntimeOnCursesTests: XCTestCase {
    final class Sent: @unchecked Sendable {
        let lock = NSLock()
        var requests: [PreSendRequest] = []
        func add(_ r: PreSendRequest) { lock.lock(); requests.append(r); lock.unlock() }
        var all: [PreSendRequest] { lock.lock(); defer { lock.unlock() }; return requests }
    }

    func testTypingAFormAndCtrlSSendsAndShowsTheToken() throws {
        try MainActor.assumeIsolated {
        let terminal = try VirtualTerminal()
        let sent = Sent()
        let answered = DispatchSemaphore(value: 0)
        let services = ConsoleServices(
            send: { request in
                sent.add(request)
                try? await Task.sleep(nanoseconds: 150_000_000)   // the screen must keep drawing meanwhile
                defer { answered.signal() }
                return SendRecord(time: "2026-11-28T10:00:00.000+08:00", operator: nil, mode: "demo", request: request,
                                  outcome: .issued, token: "TOKEN-FROM-FAKE-0001", httpStatus: 200, requestID: "R-0", attempts: 1)
            },
            loadHistory: { _ in EmptyHistory() },
            newSendRequestNo: { "CDFIXED0001" })
        let environment = ConsoleEnvironment(profile: Profile(mchid: "1900000001", baseURLHost: "example.test", isDemo: true),
                                             theme: ShippedThemes.theme(named: "default")!)
        let model = ConsoleModel(environment: environment, size: terminal.screen.size,
                                 defaults: FormDefaults(brandID: "B1", productCouponID: "P1", stockID: "S1", appid: "wx1"),
                                 freshNumbers: FreshNumbers(["CDFIXED0001"]))
        let runtime = ConsoleRuntime(model: model, terminal: terminal.screen, services: services)

        terminal.send("oTypedUser\t\t张三的券\u{13}")
        // Quit only after the result is on screen; the loop must stay live while the send sleeps.
        let writer = terminal.inputWrite
        let quitter = Thread {
            // Quit a little after the answer (time for the loop to draw it), or give up after 20 s.
            _ = answered.wait(timeout: .now() + 20)
            usleep(300_000)
            var ctrlQ: UInt8 = 0x11
            _ = write(writer, &ctrlQ, 1)
        }
        quitter.start()
        let started = Date()
        runtime.run()
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.4)
        let rows = terminal.rows()
        terminal.close()

        XCTAssertEqual(sent.all, [PreSendRequest(openid: "oTypedUser", brandID: "B1", productCouponID: "P1", stockID: "S1",
                                                 appid: "wx1", sendRequestNo: "CDFIXED0001", attach: "张三的券")])
        XCTAssertTrue(rows.contains { $0.contains("issued") && $0.contains("TOKEN-FROM-FAKE-0001") }, rows.joined(separator: "\n"))
        XCTAssertTrue(rows.contains { $0.contains("attach") && $0.contains("张三的券") })
    }
    }
}
