/// The consistency rules a careful senior engineer checks in a site description.
///
/// Every rule reports through `report` with a stable `DiagnosticID` and a path in the user's
/// file; the `SourceMap` turns the path into a file:line:column. Rules live in extensions
/// by concern: addresses, names and accounts, servers, storage, SQL Server, XProtect.
struct SiteValidator {
    let site: SiteDescription
    let sourceMap: SourceMap
    private(set) var diagnostics: [Diagnostic] = []
    /// False once the domain's own names are found invalid, to spare the consequences.
    var domainIsValid = true
    /// Accounts in another domain, and how many are written in the site's NetBIOS domain.
    var foreignAccounts: [ForeignAccount] = []
    var accountsInNetbios = 0

    init(site: SiteDescription, sourceMap: SourceMap) {
        self.site = site
        self.sourceMap = sourceMap
    }

    func validate() -> [Diagnostic] {
        var validator = self
        validator.checkNetworks()
        validator.checkNodeAddresses()
        validator.checkClusteredAddresses()
        validator.checkDuplicateAddresses()
        validator.checkNames()
        validator.checkDomainAndAccounts()
        validator.checkServers()
        validator.checkStorage()
        validator.checkWitness()
        validator.checkSQLServer()
        validator.checkXProtect()
        validator.checkDocument()
        validator.reportForeignAccounts()
        return validator.diagnostics
    }

    mutating func report(
        _ id: DiagnosticID, _ message: String, at path: YAMLPath,
        notes: [Diagnostic.Note] = [], suggestion: String? = nil
    ) {
        diagnostics.append(Diagnostic(id, message, at: sourceMap[path], notes: notes, suggestion: suggestion))
    }

    func note(_ message: String, at path: YAMLPath) -> Diagnostic.Note {
        Diagnostic.Note(message, at: sourceMap[path])
    }

    /// The SQL Server failover cluster instance, when the site has one.
    var failoverInstance: SQLFailoverInstance? {
        if case .failoverInstance(let fci) = site.sqlServer { return fci }
        return nil
    }

    mutating func checkDocument() {
        if let date = site.document.date, !Self.isRealDate(date) {
            report(.invalidDate, "document.date '\(date)' is not a real date written YYYY-MM-DD", at: "document.date")
        }
    }

    static func isRealDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
