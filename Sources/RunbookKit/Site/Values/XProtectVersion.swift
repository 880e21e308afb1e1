/// An XProtect release as Milestone names it, a year and a release of that year: `2024 R2`.
/// Releases order by year, then by release.
struct XProtectVersion: Comparable, Hashable, Sendable {
    var year: Int
    var release: Int

    /// Nil for text not written like `2024 R2` (a year from 2017, then R1, R2 or R3).
    init?(_ text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), year >= 2017,
            ["R1", "R2", "R3"].contains(parts[1]), let release = Int(parts[1].dropFirst())
        else { return nil }
        self.year = year
        self.release = release
    }

    /// The first release that signs users in through an external identity provider (Milestone,
    /// "External IDP": XProtect 2022 R3 and later).
    static let firstWithExternalIDP = XProtectVersion(year: 2022, release: 3)

    init(year: Int, release: Int) {
        self.year = year
        self.release = release
    }

    static func < (a: XProtectVersion, b: XProtectVersion) -> Bool { (a.year, a.release) < (b.year, b.release) }
}
