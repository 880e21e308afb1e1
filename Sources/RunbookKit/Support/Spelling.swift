/// "Did you mean" suggestions for misspelled keys and choices.
enum Spelling {
    /// The candidate closest to `word`, if it is close enough to be what the user meant.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lower }) { return exact }
        let normalized = normalize(word)
        if let same = candidates.first(where: { normalize($0) == normalized }) { return same }
        let scored = candidates.map { ($0, distance(lower, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(1, min(3, best.0.count / 3))
        if best.1 <= allowed { return best.0 }
        // A word that holds the candidate whole or is held by it: "addresses" for "address".
        return candidates.first { lower.count >= 4 && ($0.lowercased().hasPrefix(lower) || lower.hasPrefix($0.lowercased())) }
    }

    /// Lower case without separators, so that `windowsVersion` and `windows_version` match.
    static func normalize(_ word: String) -> String {
        word.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
