/// Lists as an English sentence says them: "A", "A and B", "A, B and C".
public enum EnglishList {
    /// The items joined with commas and a final "and", or the conjunction given.
    ///
    /// There is no serial comma, as the runbooks write it. An empty list gives an empty
    /// string: templates guard such text with `when`.
    public static func joined(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
        }
    }
}
