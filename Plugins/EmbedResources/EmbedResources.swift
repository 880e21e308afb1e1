import Foundation
import PackagePlugin

/// Embeds the package's `Templates/` folder into the target that uses this plugin.
///
/// Every file is declared as an input, so editing, adding or removing a template rebuilds
/// the embedded copy with a plain `swift build`.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["Templates"]
        var inputs: [URL] = []
        for folder in folders {
            let base = root.appending(path: folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
            else { continue }
            for case let url as URL in walker where !url.hasDirectoryPath {
                inputs.append(url)
            }
        }
        // Folders themselves are inputs too, so that a file added or removed is noticed.
        inputs += folders.map { root.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources+Files.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(folders.joined(separator: ", "))",
                executable: try context.tool(named: "embed-resources").url,
                arguments: [output.path, root.path] + folders,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
