/// Trimming in Swift itself. Foundation's `trimmingCharacters(in:)` bridges through NSString,
/// which copies the whole text to UTF-16 and back: on a rendered page that was a sixth of a
/// run. These look only at the ends and copy once.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (line breaks stay), as Foundation's
    /// `.whitespaces`.
    func trimmingWhitespace() -> String {
        trimming { $0.isWhitespace && !$0.isNewline }
    }

    /// Without leading and trailing line breaks, as Foundation's `.newlines`.
    func trimmingNewlines() -> String {
        trimming(\.isNewline)
    }

    /// Without leading and trailing white space of any kind, line breaks included.
    func trimmingWhitespaceAndNewlines() -> String {
        trimming(\.isWhitespace)
    }

    private func trimming(_ drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }
}
