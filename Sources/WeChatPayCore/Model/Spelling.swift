/// "Did you mean ...?" for mistyped names: config keys, command-line options, commands.
public enum Spelling {
    /// The candidate closest to `word` by edit distance, if close enough to be a plausible typo.
    public static func nearest(_ word: String, among candidates: [String]) -> String? {
        guard let best = candidates.map({ ($0, editDistance(word, $0)) }).min(by: { $0.1 < $1.1 }),
              best.1 <= max(2, best.0.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance over Characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
