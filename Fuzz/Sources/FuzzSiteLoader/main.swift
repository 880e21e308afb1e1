import CLibFuzzer
import Foundation
import RunbookKit

/// The built-in catalog, read once.
let catalog = TemplateCatalog.load().catalog!

/// One input: any bytes as a site description. Whatever the loader accepts goes on through
/// the planner and the Markdown and HTML renderers (DocBook validation is too slow to fuzz).
func fuzzOne(_ data: Data) {
    let result = SiteLoader().load(data, file: "fuzz.yaml")
    for diagnostic in result.diagnostics {
        // Every finding points into the file it read.
        precondition(diagnostic.location.map { $0.line >= 1 && $0.column >= 1 } ?? true, "\(diagnostic)")
    }
    guard let site = result.site, let plan = Planner(catalog: catalog).plan(site).plan else { return }
    let (files, _) = RunbookGenerator().generate(plan, formats: [.markdown, .html])
    precondition(!files.isEmpty)
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        fuzzOne(count == 0 ? Data() : Data(bytes: bytes!, count: count))
        return 0
    })
