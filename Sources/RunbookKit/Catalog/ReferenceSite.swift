import Foundation

/// A complete site that uses every part of the format, for checking templates without a
/// site of one's own (`runbook templates check`). It lives in `Templates/reference/site.yaml`.
public enum ReferenceSite {
    public static let path = "Templates/reference/site.yaml"

    public static var site: SiteDescription {
        let data = EmbeddedResources.data(at: path) ?? Data()
        guard let site = SiteLoader().load(data, file: path).site else {
            preconditionFailure("the embedded reference site does not validate; run the tests")
        }
        return site
    }
}
