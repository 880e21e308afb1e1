// Build-time tool run by the EmbedResources plugin: it reads every file below the given
// folders (or the given files) and writes one Swift file that carries them, so the runbook
// binary needs no files beside it. Contents are stored as base64 so that no byte (CR,
// backslash, quotes) can change on the way through a string literal.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: embed-resources OUTPUT ROOT FOLDER-OR-FILE...\n".utf8))
    exit(64)
}
let output = URL(fileURLWithPath: arguments[1])
let root = URL(fileURLWithPath: arguments[2], isDirectory: true)
let folders = arguments.dropFirst(3)

var entries: [(String, Data)] = []
for folder in folders {
    let base = root.appendingPathComponent(folder, isDirectory: true)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isFolder) else { continue }
    if !isFolder.boolValue {
        entries.append((folder, try Data(contentsOf: base)))
        continue
    }
    guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
    else { continue }
    for case let url as URL in walker {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
        let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        entries.append((relative, try Data(contentsOf: url)))
    }
}
entries.sort { $0.0 < $1.0 }

var source = """
    // Generated at build time by embed-resources from the package's data folders. Do not edit.

    extension EmbeddedResources {
        /// Every embedded file: its path relative to the package root, and its bytes in base64.
        static let base64Files: [(path: String, base64: String)] = [

    """
for (path, data) in entries {
    let escapedPath = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    source += "        (\"\(escapedPath)\", \"\(data.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"

let existing = try? Data(contentsOf: output)
if existing != Data(source.utf8) {
    try Data(source.utf8).write(to: output, options: .atomic)
}
