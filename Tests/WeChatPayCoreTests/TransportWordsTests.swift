import CouponDeskTestSupport
import CouponDeskText
import Foundation
import Testing
@testable import WeChatPayCore

/// A network failure's detail is written into the record in English (the log is a machine
/// interface) and shown in the user's language: the real libcurl failures, as the interpreter
/// records them, are reworded into Chinese with no English sentence left.
@Suite struct TransportWordsTests {
    /// The message a failed attempt leaves in its record.
    static func recorded(_ error: TransportError) throws -> String {
        let result = ResponseInterpreter(verifier: try Fixture.verifier()).interpret(error)
        return try #require(result.error?.message)
    }

    static func expectChinese(_ english: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let chinese = Texts(.zhHans).errorMessage(english)
        #expect(chinese != english, "not reworded: \(english)", sourceLocation: sourceLocation)
        // Three lowercase English words in a row is a sentence left untranslated.
        var run = 0
        for word in chinese.split(whereSeparator: { !$0.isLetter }) {
            run = word.count >= 2 && word.allSatisfy({ $0.isASCII && $0.isLowercase }) ? run + 1 : 0
            #expect(run < 3, "English in \(chinese)", sourceLocation: sourceLocation)
        }
        #expect(Texts.english.errorMessage(english) == english, sourceLocation: sourceLocation)
    }

    @Test func aTimeoutIsWordedInChinese() async throws {
        let server = try LoopbackServer(); defer { server.stop() }
        let transport = CurlTransport(connectTimeout: 1, totalTimeout: 1.5)
        do { _ = try await transport.send(server.request("/slow/5")); Issue.record("answered") } catch {
            let message = try Self.recorded(error)
            #expect(message.hasPrefix("timed out: no complete response within"), "\(message)")
            Self.expectChinese(message)
            #expect(Texts(.zhHans).errorMessage(message) == "超时：1.5 s 内未收到完整应答")
        }
    }

    @Test func aDroppedConnectionIsWordedInChinese() async throws {
        let server = try LoopbackServer(); defer { server.stop() }
        let transport = CurlTransport(connectTimeout: 2, totalTimeout: 5)
        do { _ = try await transport.send(server.request("/drop")); Issue.record("answered") } catch {
            Self.expectChinese(try Self.recorded(error))
        }
    }

    @Test func nothingListeningIsWordedInChinese() async throws {
        let transport = CurlTransport(connectTimeout: 2, totalTimeout: 5)
        let request = HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:1/x")!, canonicalURL: "/x", headers: [:], body: Data())
        do { _ = try await transport.send(request); Issue.record("answered") } catch {
            let message = try Self.recorded(error)
            Self.expectChinese(message)
            #expect(Texts(.zhHans).errorMessage(message) == "无法连接到 127.0.0.1（连接被拒绝）")
        }
    }

    @Test func anOversizedResponseIsWordedInChinese() throws {
        Self.expectChinese(try Self.recorded(.responseTooLarge(1 << 20)))
    }

    @Test func weChatPaysOwnMessageIsLeftAsItWasWritten() {
        #expect(Texts(.zhHans).errorMessage("批次已暂停") == "批次已暂停")
        #expect(Texts(.zhHans).errorMessage("PARAM_ERROR: stock_id invalid") == "PARAM_ERROR: stock_id invalid")
    }
}
