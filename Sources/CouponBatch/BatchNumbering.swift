import COpenSSL
import Foundation
import WeChatPayCore

/// A row's send_request_no, deterministic so that running the same file again is the same batch and
/// every row keeps its number across runs (the only way a rerun can resolve instead of resend).
public enum BatchNumbering {
    /// Digits of the line in a number: `{batch_id}_{line:06}`.
    static let lineDigits = 6
    /// The longest batch id whose numbers stay within the 40-character rule up to line 9,999,999.
    public static let maxBatchIDLength = 40 - 1 - 7

    /// `{batchID}_{line:06}`.
    public static func number(batchID: String, line: Int) -> String {
        let digits = String(line)
        return batchID + "_" + String(repeating: "0", count: max(0, lineDigits - digits.count)) + digits
    }

    /// `b` and the first 12 hex digits of the SHA-256 of the file's bytes: the same file, the same
    /// batch; a different file (even one edited by a character), a different batch.
    public static func defaultBatchID(of data: Data) -> String {
        "b" + sha256Hex(data).prefix(12)
    }

    /// Why `id` cannot be a batch id, or nil.
    public static func batchIDProblem(_ id: String) -> String? {
        let scalars = id.unicodeScalars
        guard !scalars.isEmpty, scalars.count <= maxBatchIDLength,
              scalars.allSatisfy({ PreSendField.sendRequestNo.problem(with: String(repeating: String($0), count: 6)) == nil }) else {
            return BatchProblem(line: nil, .badBatchID(id)).message
        }
        return nil
    }

    static func sha256Hex(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1 && length == 32, "SHA-256 failed")
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
