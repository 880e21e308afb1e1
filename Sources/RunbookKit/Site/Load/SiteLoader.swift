import Foundation

/// Reads and checks a site description: the first stage of the pipeline.
///
/// Loading never stops at the first problem: it reports every syntax, shape and consistency
/// problem in the file together. The site is returned only when there is no error.
public struct SiteLoader: Sendable {
    var limits: InputLimits

    /// A loader with the standard input limits.
    public init() {
        self.init(limits: .standard)
    }

    init(limits: InputLimits) {
        self.limits = limits
    }

    /// What loading found: the site (nil when any error was found) and every diagnostic.
    public struct Result: Sendable {
        /// The site, only when no diagnostic is an error.
        public var site: SiteDescription?
        /// Where each key path of the file is, for diagnostics raised after loading.
        var sourceMap: SourceMap
        /// Every finding, warnings included, in the order of the file.
        public var diagnostics: [Diagnostic]
    }

    /// Loads a file, or standard input for `-`; an unreadable file is reported as a
    /// diagnostic, not thrown. Reading stops at the size limit. Diagnostics name the file
    /// `displayName`, or its path.
    public func load(file path: String, displayName: String? = nil) -> Result {
        let name = displayName ?? (path == "-" ? InputFile.standardInputName : path)
        switch InputFile.read(path, limit: limits.maximumBytes) {
        case .success(let data):
            return load(data, file: name)
        case .failure(let failure):
            let diagnostic: Diagnostic
            switch failure {
            case .unreadable(let reason):
                diagnostic = Diagnostic(
                    .unreadable, "cannot read \(path == "-" ? "standard input" : "the file"): \(reason)",
                    at: SourceLocation(file: name, line: 1, column: 1))
            case .tooLarge(let bytes):
                diagnostic = TextInput.tooLarge(bytes: bytes, limits: limits, file: name)
            }
            return Result(site: nil, sourceMap: SourceMap(file: name), diagnostics: [diagnostic])
        }
    }

    /// Loads YAML or JSON text; `file` is the name diagnostics carry.
    public func load(_ data: Data, file: String) -> Result {
        let (root, composeDiagnostics) = YAMLComposer(limits: limits).compose(data, file: file)
        guard let root else {
            return Result(site: nil, sourceMap: SourceMap(file: file), diagnostics: composeDiagnostics.sorted())
        }
        var checker = StructureChecker(file: file, maximumTextLength: SiteFormat.maximumTextLength)
        checker.check(root, against: .object(SiteFormat.root), at: YAMLPath())
        var diagnostics = composeDiagnostics + checker.diagnostics
        guard !diagnostics.hasErrors else {
            return Result(site: nil, sourceMap: checker.sourceMap, diagnostics: diagnostics.sorted())
        }
        let site = SiteDecoder.decode(root)
        diagnostics += SiteValidator(site: site, sourceMap: checker.sourceMap).validate()
        diagnostics.sort()
        return Result(site: diagnostics.hasErrors ? nil : site, sourceMap: checker.sourceMap, diagnostics: diagnostics)
    }
}
