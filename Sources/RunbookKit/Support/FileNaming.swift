import Foundation

/// File names from names people typed.
///
/// The plan names the files it hands to tools (the runbooks tell the reader to copy them), and
/// the renderers name the runbooks, so both stages take their names from here.
enum FileNaming {
    /// Lower-case ASCII letters and digits joined by single hyphens, at most 60 characters:
    /// no separator, no dot, nothing a shell or another file system treats specially. Other
    /// scripts and accented letters are first written in ASCII by ICU's transliteration
    /// ("Hafen Süd" is `hafen-sud`, "Ærø" is `aero`), not by a table of our own.
    static func slug(_ text: String, fallback: String) -> String {
        // ICU builds its transliterator anew for every call: ASCII text, the usual case, skips it.
        let ascii =
            text.utf8.allSatisfy { $0 < 0x80 } ? text : text.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? text
        var slug = ""
        for scalar in ascii.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        slug = String(slug.prefix(60))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? fallback : slug
    }

    /// The first part of every file of a site: its `document.site` as a slug.
    static func site(_ siteName: String) -> String { slug(siteName, fallback: "site") }

    /// The SQL Server setup configuration file that installs the failover cluster instance on
    /// the first node (`ACTION="InstallFailoverCluster"`): `<site>-sql-install.ini`.
    /// - Parameter siteName: the site's `document.site`, as the user wrote it.
    static func sqlInstallFile(siteName: String) -> String { site(siteName) + "-sql-install.ini" }

    /// The SQL Server setup configuration file that adds every other node to the instance
    /// (`ACTION="AddNode"`): `<site>-sql-add-node.ini`.
    /// - Parameter siteName: the site's `document.site`, as the user wrote it.
    static func sqlAddNodeFile(siteName: String) -> String { site(siteName) + "-sql-add-node.ini" }
}
