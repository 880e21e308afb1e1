/// The stable identifier of a kind of finding, such as `site.duplicate-address`.
///
/// Identifiers never change once published: users filter on them, suppress them and search
/// for them. `DiagnosticID.all` lists every one the library can report.
public struct DiagnosticID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The identifier as users write it: `stage.what`, lower case with hyphens.
    public let rawValue: String
    /// What the rule checks, in one line (for `runbook rules` and the README).
    public let summary: String
    /// The severity a finding of this rule has unless warnings are raised to errors.
    public let defaultSeverity: Severity

    init(_ rawValue: String, _ severity: Severity = .error, _ summary: String) {
        self.rawValue = rawValue
        self.summary = summary
        self.defaultSeverity = severity
    }

    /// The raw value, as messages print it in brackets.
    public var description: String { rawValue }

    /// Two identifiers are equal when their raw values are: the summary is documentation.
    public static func == (lhs: DiagnosticID, rhs: DiagnosticID) -> Bool { lhs.rawValue == rhs.rawValue }
    /// Hashes the raw value only, to agree with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Reads an identifier from its raw value.
    ///
    /// One the library does not know is kept, as an error, so a report from a newer version
    /// still decodes.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = DiagnosticID.all.first { $0.rawValue == raw } ?? DiagnosticID(raw, .error, "")
    }

    /// Writes the raw value alone.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

// MARK: - Reading the file

extension DiagnosticID {
    /// The file cannot be read at all: missing, a folder, no permission.
    ///
    /// Callers tell it apart from a file that reads but is wrong.
    public static let unreadable = DiagnosticID("input.unreadable", .error, "The file cannot be read.")
    static let notUTF8 = DiagnosticID("input.not-utf8", .error, "The file is not UTF-8 text.")
    static let binary = DiagnosticID("input.binary", .error, "The file holds NUL bytes: it is not a text file.")
    static let tooLarge = DiagnosticID("input.too-large", .error, "The file is larger than the input limit.")
    static let empty = DiagnosticID("input.empty", .error, "The file holds no document (it is empty or only comments).")
    static let syntax = DiagnosticID("input.syntax", .error, "The file is not well-formed YAML or JSON.")
    static let multipleDocuments = DiagnosticID("input.multiple-documents", .error, "The file holds more than one YAML document.")
    static let tooDeep = DiagnosticID("input.too-deep", .error, "Nesting is deeper than the input limit.")
    static let aliasLimit = DiagnosticID("input.alias-limit", .error, "Aliases expand to more nodes than the input limit.")
    static let tooManyValues = DiagnosticID(
        "input.too-many-values", .error, "The document holds more values than the input limit, without aliases repeating them.")
    static let undefinedAlias = DiagnosticID("input.undefined-alias", .error, "An alias names an anchor that is not defined before it.")
    static let tooManyItems = DiagnosticID("input.too-many-items", .error, "A list or mapping is longer than the input limit.")
    static let unsupportedTag = DiagnosticID("input.unsupported-tag", .error, "A YAML tag other than !!str is used.")
    static let complexKey = DiagnosticID("input.complex-key", .error, "A mapping key is not a plain value.")
}

// MARK: - The shape of the site description

extension DiagnosticID {
    static let duplicateKey = DiagnosticID("schema.duplicate-key", .error, "A key appears twice in one mapping.")
    static let unknownKey = DiagnosticID("schema.unknown-key", .error, "A key the format does not define.")
    static let typeMismatch = DiagnosticID("schema.type-mismatch", .error, "A value of the wrong type (text, number, list, mapping).")
    static let missingKey = DiagnosticID("schema.missing-key", .error, "A required key is missing.")
    static let invalidChoice = DiagnosticID("schema.invalid-choice", .error, "A value that is not one of the allowed choices.")
    static let outOfRange = DiagnosticID("schema.out-of-range", .error, "A number outside its allowed range.")
    static let listLength = DiagnosticID("schema.list-length", .error, "A list with too few or too many entries.")
    static let secret = DiagnosticID("schema.secret", .error, "A key that would hold a secret: runbooks never carry passwords.")
    static let textTooLong = DiagnosticID(
        "schema.text-too-long", .error, "A text value or key longer than the format's limit (256 characters).")
    static let controlCharacter = DiagnosticID(
        "schema.control-character", .error, "Text holds a tab, a carriage return, another control character or a Unicode noncharacter.")
    static let placeholder = DiagnosticID("schema.placeholder", .error, "A placeholder from `runbook init` that is not filled in yet.")
}

// MARK: - Networks and addresses

extension DiagnosticID {
    static let invalidAddress = DiagnosticID("site.invalid-address", .error, "Not a valid IPv4 address.")
    static let invalidSubnet = DiagnosticID("site.invalid-subnet", .error, "Not a valid subnet (CIDR, or address and contiguous mask).")
    static let addressOutsideSubnet = DiagnosticID("site.address-outside-subnet", .error, "An address lies outside its network's subnet.")
    static let reservedAddress = DiagnosticID("site.reserved-address", .error, "An address is its subnet's network or broadcast address.")
    static let duplicateAddress = DiagnosticID("site.duplicate-address", .error, "An address is used twice in the site.")
    static let addressNotPublic = DiagnosticID(
        "site.address-not-public", .error, "A clustered address is not on a public (client access) network.")
    static let overlappingNetworks = DiagnosticID(
        "site.overlapping-networks", .error, "Two networks share addresses; each network, the heartbeat above all, needs a subnet of its own.")
    static let gatewayOutsideSubnet = DiagnosticID("site.gateway-outside-subnet", .error, "A gateway lies outside its network's subnet.")
    static let specialRange = DiagnosticID(
        "site.special-range", .error, "A subnet or DNS server in a range no network can use: loopback, link-local, multicast, reserved.")
    static let unknownNetwork = DiagnosticID("site.unknown-network", .error, "A node has an address on a network the site does not declare.")
    static let missingNodeAddress = DiagnosticID("site.missing-node-address", .error, "A node has no address on one of the site's networks.")
    static let noPublicNetwork = DiagnosticID("site.no-public-network", .error, "No network has the public (client access) role.")
    static let duplicateNetwork = DiagnosticID("site.duplicate-network", .error, "Two networks have the same name.")
    static let noHeartbeatNetwork = DiagnosticID(
        "site.no-heartbeat-network", .warning, "No dedicated heartbeat network: cluster traffic shares the public network.")
    static let singleDNSServer = DiagnosticID("site.single-dns-server", .warning, "The public network names only one DNS server.")
    static let gatewayOnPrivateNetwork = DiagnosticID(
        "site.gateway-on-private-network", .warning, "A heartbeat or storage network has a default gateway.")
}

// MARK: - Names, domain and servers

extension DiagnosticID {
    static let invalidName = DiagnosticID(
        "site.invalid-name", .error, "A computer or cluster name with characters DNS and NetBIOS do not allow.")
    static let nameTooLong = DiagnosticID("site.name-too-long", .error, "A computer or cluster name longer than 15 characters.")
    static let duplicateName = DiagnosticID("site.duplicate-name", .error, "A name is used for two computers or cluster objects.")
    static let invalidDomain = DiagnosticID("site.invalid-domain", .error, "The domain's DNS or NetBIOS name is not valid.")
    static let tooFewNodes = DiagnosticID("site.too-few-nodes", .error, "A failover cluster needs at least two nodes.")
    static let tooManyGroups = DiagnosticID(
        "site.too-many-groups", .error, "The computers form more groups than a runbook can hold (500), each a procedure of its own.")
    static let tooManyNodes = DiagnosticID(
        "site.too-many-nodes", .error, "More than 64 nodes, Microsoft's limit for a Windows Server failover cluster.")
    static let windowsVersionMismatch = DiagnosticID(
        "site.windows-version-mismatch", .error, "Cluster nodes run different Windows Server versions.")
    static let windowsVersionUnsupported = DiagnosticID(
        "site.windows-version-unsupported", .error, "A node runs a Windows Server version older than 2016.")
    static let windowsEdition = DiagnosticID(
        "site.windows-edition", .error, "A node runs a Windows Server edition without failover clustering.")
    static let windowsEditionMismatch = DiagnosticID(
        "site.windows-edition-mismatch", .error, "Cluster nodes run different Windows Server editions (Standard and Datacenter).")
    static let nodeDomainMismatch = DiagnosticID("site.node-domain-mismatch", .error, "A node is joined to a domain other than the site's.")
    static let invalidAccount = DiagnosticID("site.invalid-account", .error, "An account is not written DOMAIN\\user or user@domain.")
    static let accountWrongDomain = DiagnosticID("site.account-wrong-domain", .error, "An account belongs to a domain other than the site's.")
    static let invalidDate = DiagnosticID("site.invalid-date", .error, "The document date is not a real date written YYYY-MM-DD.")
}

// MARK: - Shared storage and the cluster

extension DiagnosticID {
    static let invalidSize = DiagnosticID("site.invalid-size", .error, "A size is not a number with a unit (MB, GB, TB).")
    static let invalidDiskPath = DiagnosticID(
        "site.invalid-disk-path", .error, "A disk path is neither a drive letter nor an absolute mount path.")
    static let duplicateDrive = DiagnosticID("site.duplicate-drive", .error, "Two disks share a drive letter or mount path, or a name.")
    static let unknownDisk = DiagnosticID("site.unknown-disk", .error, "A reference to a disk that shared storage does not list.")
    static let missingQuorumDisk = DiagnosticID(
        "site.missing-quorum-disk", .error, "A disk witness needs a quorum disk of the shared storage.")
    static let invalidWitnessShare = DiagnosticID("site.invalid-witness-share", .error, "A file share witness path is not \\\\server\\share.")
    static let noWitness = DiagnosticID("site.no-witness", .warning, "The cluster has no quorum witness.")
    static let smallQuorumDisk = DiagnosticID(
        "site.small-quorum-disk", .warning, "The quorum disk is smaller than the 512 MB Microsoft recommends.")
    static let unusedDisk = DiagnosticID(
        "site.unused-disk", .warning, "A shared disk is neither the witness nor given to the SQL Server instance.")
}

// MARK: - SQL Server

extension DiagnosticID {
    static let sqlEditionNoClustering = DiagnosticID(
        "sql.edition-no-clustering", .error, "The SQL Server edition cannot be a failover cluster instance (Express, Web).")
    static let sqlStandardNodeLimit = DiagnosticID(
        "sql.standard-node-limit", .error, "SQL Server Standard supports failover cluster instances of at most two nodes.")
    static let sqlVersionUnsupported = DiagnosticID("sql.version-unsupported", .error, "A SQL Server version older than 2016.")
    static let sqlMissingDataDisk = DiagnosticID("sql.missing-data-disk", .error, "The failover cluster instance is given no SQL data disk.")
    static let sqlDirectoryOffInstanceDisks = DiagnosticID(
        "sql.directory-off-instance-disks", .error, "A data directory is not on a shared disk given to the instance.")
    static let sqlInvalidInstanceName = DiagnosticID(
        "sql.invalid-instance-name", .error, "The SQL Server instance name breaks SQL Server's naming rules.")
    static let sqlInvalidGroupName = DiagnosticID("sql.invalid-group-name", .error, "The cluster resource group name holds < > \" ' or &.")
    static let sqlWitnessDiskInInstance = DiagnosticID(
        "sql.witness-disk-in-instance", .error, "The quorum witness disk is also given to the SQL Server instance.")
    static let sqlExternalOnNode = DiagnosticID("sql.external-on-node", .error, "The external SQL Server is one of the cluster nodes.")
    static let sqlDeveloperEdition = DiagnosticID(
        "sql.developer-edition", .warning, "SQL Server Developer edition is not licensed for production.")
    static let sqlSetupFileValue = DiagnosticID(
        "sql.setup-file-value", .error,
        "A value SQL Server setup's configuration file cannot hold: a double quote or a line break, or a semicolon in the public network's name.")
}

// MARK: - XProtect

extension DiagnosticID {
    static let builtinServiceAccount = DiagnosticID(
        "xprotect.builtin-service-account", .error, "The management server account is a built-in account, not a named domain account.")
    static let administratorServiceAccount = DiagnosticID(
        "xprotect.administrator-service-account", .warning, "The management server runs as the domain's Administrator account.")
    static let failoverPolicy = DiagnosticID("xprotect.failover-policy", .error, "The failover policy is outside what Windows allows.")
    static let invalidThumbprint = DiagnosticID(
        "xprotect.invalid-thumbprint", .error, "The IDP certificate thumbprint is not 40 hexadecimal characters.")
    static let duplicateService = DiagnosticID("xprotect.duplicate-service", .error, "A registered service is listed twice.")
    static let invalidServicePath = DiagnosticID("xprotect.invalid-service-path", .error, "A registered service path does not start with /.")
    static let duplicateComputer = DiagnosticID("xprotect.duplicate-computer", .error, "An XProtect computer is listed twice in one role.")
    static let componentOnNode = DiagnosticID(
        "xprotect.component-on-node", .warning, "A recording server or other component runs on a cluster node.")
    static let invalidVersion = DiagnosticID("xprotect.invalid-version", .error, "The XProtect version is not written like 2024 R2.")
    static let versionOrder = DiagnosticID(
        "xprotect.version-order", .error,
        "A version goes backwards: the upgrade version is not newer than the installed one, or the existing system is newer than the version the cluster installs."
    )
    static let systemUnstated = DiagnosticID(
        "xprotect.system-unstated", .error,
        "The site lists computers with XProtect components but does not say whether they belong to a new system or to one that runs today.")
    static let existingSystem = DiagnosticID(
        "xprotect.existing-system", .error, "The existing system's management server or SQL Server is a computer the cluster takes over.")
    static let additionalNodeDatabase = DiagnosticID(
        "xprotect.additional-node-database", .error,
        "A node after the first would create a new database instead of using the existing one (additional-node-database: create-new).")
}

// MARK: - Templates and the plan

extension DiagnosticID {
    static let templateMarkup = DiagnosticID("template.markup", .error, "Template text with malformed inline markup.")
    static let templateUnknownParameter = DiagnosticID(
        "template.unknown-parameter", .error, "A template refers to a site value that does not exist.")
    static let templateDuplicateID = DiagnosticID(
        "template.duplicate-id", .error, "Two procedures, or two steps of one procedure, share an id.")
    static let templateExpression = DiagnosticID("template.expression", .error, "A when or foreach expression that cannot be read.")
    static let templateDuration = DiagnosticID("template.duration", .error, "A duration not written like 5m, 1h30m or 45s.")
    static let templateUnknownComputer = DiagnosticID(
        "template.unknown-computer", .error, "A procedure runs on a computer the site does not have.")
    static let templateMissingRequirement = DiagnosticID(
        "template.missing-requirement", .error, "A step requires a capability that no step provides.")
    static let templateCycle = DiagnosticID("template.cycle", .error, "Procedures that require each other in a cycle.")
    static let templateOrder = DiagnosticID("template.order", .error, "A step is written before the step of its procedure that it requires.")
    static let templateUnusedCapability = DiagnosticID(
        "template.unused-capability", .warning, "A capability is provided but nothing requires it.")
    static let templateNoRunbook = DiagnosticID(
        "template.no-runbook", .error, "The template folder holds no runbook (a folder with runbook.yaml).")
    static let templateTableShape = DiagnosticID(
        "template.table-shape", .error, "A table row with more or fewer cells than the table has columns.")
    static let templateShell = DiagnosticID(
        "template.shell", .error, "A page shell with an unknown placeholder, or without one it needs.")
    static let templateStatement = DiagnosticID(
        "template.statement", .error, "An expects, effects or ends statement that is not one the state model knows.")
    static let templateExpectation = DiagnosticID(
        "template.expectation", .error, "A step expects a state of the site that the steps before it do not leave.")
    static let templateInvariant = DiagnosticID(
        "template.invariant", .error, "A step leaves the site in a state that must never exist (two management servers, a second database...).")
    static let templateEndState = DiagnosticID(
        "template.end-state", .error, "A runbook does not end in the state its runbook.yaml says it must.")
    static let templateInclude = DiagnosticID(
        "template.include", .error, "A procedure file includes a template that does not exist or is itself an include.")
}

// MARK: - Writing the runbooks

extension DiagnosticID {
    /// The DocBook 5 schema is not installed, so DocBook cannot be checked and is not written.
    ///
    /// The other formats still can be.
    public static let docbookSchemaUnavailable = DiagnosticID(
        "output.schema-unavailable", .error, "The DocBook 5 schema is not installed (Debian package docbook5-xml).")
    /// No PDF engine: WeasyPrint is not installed.
    public static let pdfEngineUnavailable = DiagnosticID(
        "output.pdf-engine-unavailable", .error, "WeasyPrint, which lays out the PDF, is not installed (Debian package weasyprint).")
    /// `RUNBOOK_PDF_TIMEOUT` is set to something that is not a number of seconds above 0.
    public static let pdfTimeoutInvalid = DiagnosticID(
        "output.pdf-timeout-invalid", .error, "RUNBOOK_PDF_TIMEOUT is not a whole number of seconds above 0.")
    /// SOURCE_DATE_EPOCH is set to something that is not a day this tool can print.
    public static let sourceDateInvalid = DiagnosticID(
        "output.source-date-invalid", .error, "SOURCE_DATE_EPOCH is not a whole number of seconds from 1970 to the end of 9999.")
    /// A runbook too large to lay out as PDF, refused before WeasyPrint starts.
    public static let pdfTooLarge = DiagnosticID(
        "output.pdf-too-large", .error, "A runbook is too large to lay out as PDF (more than 4 MiB of HTML, about 900 pages).")
    /// WeasyPrint ran but gave no PDF.
    public static let pdfFailed = DiagnosticID("output.pdf-failed", .error, "WeasyPrint could not lay out a runbook as PDF.")
    /// No layout engine for the pictures: Graphviz is not installed.
    public static let layoutEngineUnavailable = DiagnosticID(
        "output.layout-engine-unavailable", .error, "Graphviz, which lays out the pictures, is not installed (Debian package graphviz).")
    /// Graphviz ran but gave no picture.
    public static let layoutFailed = DiagnosticID("output.layout-failed", .error, "Graphviz could not lay out a picture of a runbook.")
    /// A generated DocBook file fails the schema.
    ///
    /// It is a bug in a renderer or in a page shell, not a mistake in the site.
    public static let docbookInvalid = DiagnosticID(
        "output.invalid-docbook", .error, "A generated DocBook file fails the DocBook 5 schema; nothing is written.")
    /// A folder or file the run may not write, or a disk that is full.
    public static let outputUnwritable = DiagnosticID(
        "output.unwritable", .error, "An output file or folder cannot be written.")
    /// Two sites would write files of the same name, in one run or one after the other.
    public static let outputNameClash = DiagnosticID(
        "output.name-clash", .error,
        "Two sites of one run would write files of the same name, or a site would replace the runbooks another site wrote into the folder.")
    static let unknownRunbook = DiagnosticID(
        "output.unknown-runbook", .error, "--runbook names a runbook the site's plan does not have.")
    static let unknownHandout = DiagnosticID(
        "output.unknown-handout", .error, "--for or --role names a computer or role that has no procedure in the runbooks chosen.")
    static let emptyHandout = DiagnosticID(
        "output.empty-handout", .warning, "A runbook has no procedure for the handout asked for, so no handout of it is written.")
}

extension DiagnosticID {
    /// Every identifier the library reports, by stage from reading a file to writing the runbooks.
    ///
    /// `runbook rules` lists them in this order.
    public static let all: [DiagnosticID] = [
        unreadable, notUTF8, binary, tooLarge, empty, syntax, multipleDocuments, tooDeep, aliasLimit, tooManyValues,
        undefinedAlias, tooManyItems, unsupportedTag, complexKey,
        duplicateKey, unknownKey, typeMismatch, missingKey, invalidChoice, outOfRange, listLength, secret,
        textTooLong, controlCharacter, placeholder,
        invalidAddress, invalidSubnet, addressOutsideSubnet, reservedAddress, duplicateAddress, addressNotPublic,
        overlappingNetworks, gatewayOutsideSubnet, specialRange, unknownNetwork, missingNodeAddress, noPublicNetwork,
        duplicateNetwork, noHeartbeatNetwork, singleDNSServer, gatewayOnPrivateNetwork,
        invalidName, nameTooLong, duplicateName, invalidDomain, tooFewNodes, tooManyNodes, tooManyGroups, windowsVersionMismatch,
        windowsVersionUnsupported, windowsEdition, windowsEditionMismatch, nodeDomainMismatch, invalidAccount, accountWrongDomain,
        invalidDate,
        invalidSize, invalidDiskPath, duplicateDrive, unknownDisk, missingQuorumDisk, invalidWitnessShare,
        noWitness, smallQuorumDisk, unusedDisk,
        sqlEditionNoClustering, sqlStandardNodeLimit, sqlVersionUnsupported, sqlMissingDataDisk,
        sqlDirectoryOffInstanceDisks, sqlInvalidInstanceName, sqlInvalidGroupName, sqlWitnessDiskInInstance,
        sqlExternalOnNode, sqlDeveloperEdition, sqlSetupFileValue,
        builtinServiceAccount, administratorServiceAccount, failoverPolicy, invalidThumbprint, duplicateService,
        invalidServicePath, duplicateComputer, componentOnNode, invalidVersion, versionOrder, systemUnstated, existingSystem,
        additionalNodeDatabase,
        templateMarkup, templateUnknownParameter, templateDuplicateID, templateExpression, templateDuration,
        templateUnknownComputer, templateMissingRequirement, templateCycle, templateOrder, templateUnusedCapability,
        templateNoRunbook, templateTableShape, templateShell, templateInclude, templateStatement, templateExpectation,
        templateInvariant, templateEndState,
        docbookSchemaUnavailable, pdfEngineUnavailable, pdfTimeoutInvalid, sourceDateInvalid, pdfTooLarge, pdfFailed, layoutEngineUnavailable,
        layoutFailed,
        docbookInvalid,
        outputUnwritable,
        outputNameClash, unknownRunbook, unknownHandout,
        emptyHandout,
    ]
}
