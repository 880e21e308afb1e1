import Foundation

/// The commented starter site description that `runbook init` writes.
public enum SiteStarter {
    /// Where the starter lives in the package, so a documentation team can edit it.
    static let path = "Templates/starter/site.yaml"

    /// The starter's text, with a `<PLACEHOLDER>` wherever the consultant must fill something in.
    public static var text: String {
        EmbeddedResources.data(at: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
