import Foundation

/// A complete site that uses every part of the format, for checking templates.
///
/// With it, `runbook templates check` needs no site of the user's own. It lives in
/// `Templates/reference/site.yaml`.
public enum ReferenceSite {
    static let path = "Templates/reference/site.yaml"

    /// The reference site, loaded from the embedded file.
    public static var site: SiteDescription {
        let data = EmbeddedResources.data(at: path) ?? Data()
        guard let site = SiteLoader().load(data, file: path).site else {
            preconditionFailure("the embedded reference site does not validate; run the tests")
        }
        return site
    }
}
