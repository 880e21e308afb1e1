/// Bounds on what one input file may ask of us, so that no file can make the tool hang or
/// exhaust memory. Each is named in the message that reports it; docs/limits-and-conformance.md lists them.
struct InputLimits: Sendable, Hashable {
    /// Largest file read, in bytes. A site with thousands of computers stays far below it.
    var maximumBytes: Int
    /// Deepest nesting of lists and mappings.
    var maximumDepth: Int
    /// Most entries in one list or mapping.
    var maximumItems: Int
    /// Most nodes the document may have once every alias is expanded.
    var maximumExpandedNodes: Int

    init(maximumBytes: Int, maximumDepth: Int, maximumItems: Int, maximumExpandedNodes: Int) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumItems = maximumItems
        self.maximumExpandedNodes = maximumExpandedNodes
    }

    static let standard = InputLimits(
        maximumBytes: 8 * 1024 * 1024,
        maximumDepth: 64,
        maximumItems: 10_000,
        maximumExpandedNodes: 1_000_000
    )
}
