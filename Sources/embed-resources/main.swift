// Build-time tool run by the EmbedResources plugin: it reads every file below the given
// folders (or the given files) and writes one Swift file that carries them, so the runbook
// binary needs no files beside it. Contents are stored as base64 so that no byte (CR,
// backslash, quotes) can change on the way through a string literal. It also writes a digest
// of every YAML file under Templates/ (the page shells are read apart), which tells a run whether the compiled catalog
// (CatalogArchive) was made from exactly these templates.
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

// FNV-1a over every template's path, length and bytes: not a defence against anyone, only a
// way to notice that the templates changed since the catalog archive was made.
func mix(_ digest: inout UInt64, _ bytes: some Sequence<UInt8>) {
    for byte in bytes {
        digest ^= UInt64(byte)
        digest = digest &* 0x0000_0100_0000_01b3
    }
}
var digest: UInt64 = 0xcbf2_9ce4_8422_2325
for (path, data) in entries where path.hasPrefix("Templates/") && path.hasSuffix(".yaml") {
    mix(&digest, path.utf8)
    mix(&digest, [0])
    mix(&digest, withUnsafeBytes(of: UInt64(data.count).littleEndian, Array.init))
    mix(&digest, data)
}

var source = """
    // Generated at build time by embed-resources from the package's data folders. Do not edit.

    extension EmbeddedResources {
        /// A digest of every YAML file under Templates/, as embedded below.
        static let templatesDigest: UInt64 = \(digest)

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
