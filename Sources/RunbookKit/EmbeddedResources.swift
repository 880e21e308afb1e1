import Foundation

/// The package's `Templates/` folder, compiled into the library by the EmbedResources plugin
/// so that an installed `runbook` needs no files beside it.
enum EmbeddedResources {
    /// The bytes of an embedded file, by its path relative to the package (`Templates/...`).
    static func data(at path: String) -> Data? {
        base64Files.first { $0.path == path }.flatMap { Data(base64Encoded: $0.base64) }
    }

    /// The paths of every embedded file below a folder, sorted.
    static func paths(under folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return base64Files.map(\.path).filter { $0.hasPrefix(prefix) }
    }
}
