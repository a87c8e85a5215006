import Foundation
@testable import CouponSandbox
import Testing

/// The sandbox's per-request randomness, drawn from OpenSSL a block at a time.
@Suite struct SandboxRandomTests {
    @Test func drawsAcrossSeveralBlocksAreTheLengthAskedAndNeverRepeat() throws {
        var seen = Set<[UInt8]>()
        var total = 0
        while total < 3 * SandboxRandom.blockSize {
            let count = 1 + seen.count % 40
            let bytes = SandboxRandom.bytes(count)
            #expect(bytes.count == count)
            if count >= 16 { #expect(seen.insert(bytes).inserted, "a draw of \(count) bytes came twice") }
            total += count
        }
    }

    @Test func aDrawLargerThanTheBlockComesStraightFromOpenSSL() throws {
        let bytes = SandboxRandom.bytes(SandboxRandom.blockSize * 2)
        #expect(bytes.count == SandboxRandom.blockSize * 2)
        #expect(Set(bytes).count > 200, "random bytes take most of the 256 values")
    }

    @Test func alphanumericTextIsTheLengthAskedAndUsesTheWholeAlphabet() throws {
        var characters = Set<Character>()
        for _ in 0..<200 {
            let text = SandboxRandom.alphanumeric(32)
            #expect(text.count == 32)
            #expect(text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0) })
            characters.formUnion(text)
        }
        #expect(characters.count == 62)
    }

    @Test func responseNoncesRequestIDsAndTokensNeverRepeat() throws {
        var nonces = Set<String>(), ids = Set<String>(), tokens = Set<String>()
        for _ in 0..<500 {
            nonces.insert(SandboxRandom.alphanumeric(32))
            ids.insert(SandboxEngine.requestIDPrefix())
            tokens.insert(SandboxEngine.newToken())
        }
        #expect(nonces.count == 500 && ids.count == 500 && tokens.count == 500)
    }
}
