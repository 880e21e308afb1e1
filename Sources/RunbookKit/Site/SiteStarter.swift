import Foundation

/// The commented starter site description that `runbook init` writes.
public enum SiteStarter {
    /// Where the starter lives in the package, so a documentation team can edit it.
    public static let path = "Templates/starter/site.yaml"

    public static var text: String {
        EmbeddedResources.data(at: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
