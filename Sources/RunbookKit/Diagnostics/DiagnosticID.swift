/// The stable identifier of a kind of finding, such as `site.duplicate-address`.
///
/// Identifiers never change once published: users filter on them, suppress them and search
/// for them. `allCases` lists every one the library can report, in the order `runbook rules`
/// prints them: by stage, from reading a file to writing the runbooks. Each case's summary
/// and severity are in one switch, so a new identifier does not build until it has both.
public enum DiagnosticID: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    // MARK: - Reading the file

    /// The file cannot be read at all: missing, a folder, no permission.
    ///
    /// Callers tell it apart from a file that reads but is wrong.
    case unreadable = "input.unreadable"
    case notUTF8 = "input.not-utf8"
    case binary = "input.binary"
    case tooLarge = "input.too-large"
    case empty = "input.empty"
    case syntax = "input.syntax"
    case multipleDocuments = "input.multiple-documents"
    case tooDeep = "input.too-deep"
    case aliasLimit = "input.alias-limit"
    case tooManyValues = "input.too-many-values"
    case undefinedAlias = "input.undefined-alias"
    case tooManyItems = "input.too-many-items"
    case unsupportedTag = "input.unsupported-tag"
    case complexKey = "input.complex-key"

    // MARK: - The shape of the site description

    case duplicateKey = "schema.duplicate-key"
    case unknownKey = "schema.unknown-key"
    case typeMismatch = "schema.type-mismatch"
    case missingKey = "schema.missing-key"
    case invalidChoice = "schema.invalid-choice"
    case outOfRange = "schema.out-of-range"
    case listLength = "schema.list-length"
    case secret = "schema.secret"
    case textTooLong = "schema.text-too-long"
    case controlCharacter = "schema.control-character"
    case placeholder = "schema.placeholder"

    // MARK: - Networks and addresses

    case invalidAddress = "site.invalid-address"
    case invalidSubnet = "site.invalid-subnet"
    case addressOutsideSubnet = "site.address-outside-subnet"
    case reservedAddress = "site.reserved-address"
    case duplicateAddress = "site.duplicate-address"
    case addressNotPublic = "site.address-not-public"
    case overlappingNetworks = "site.overlapping-networks"
    case gatewayOutsideSubnet = "site.gateway-outside-subnet"
    case specialRange = "site.special-range"
    case unknownNetwork = "site.unknown-network"
    case missingNodeAddress = "site.missing-node-address"
    case noPublicNetwork = "site.no-public-network"
    case duplicateNetwork = "site.duplicate-network"
    case noHeartbeatNetwork = "site.no-heartbeat-network"
    case singleDNSServer = "site.single-dns-server"
    case gatewayOnPrivateNetwork = "site.gateway-on-private-network"

    // MARK: - Names, domain and servers

    case invalidName = "site.invalid-name"
    case nameTooLong = "site.name-too-long"
    case duplicateName = "site.duplicate-name"
    case invalidDomain = "site.invalid-domain"
    case tooFewNodes = "site.too-few-nodes"
    case tooManyNodes = "site.too-many-nodes"
    case tooManyGroups = "site.too-many-groups"
    case windowsVersionMismatch = "site.windows-version-mismatch"
    case windowsVersionUnsupported = "site.windows-version-unsupported"
    case windowsEdition = "site.windows-edition"
    case windowsEditionMismatch = "site.windows-edition-mismatch"
    case nodeDomainMismatch = "site.node-domain-mismatch"
    case invalidAccount = "site.invalid-account"
    case accountWrongDomain = "site.account-wrong-domain"
    case invalidDate = "site.invalid-date"

    // MARK: - Shared storage and the cluster

    case invalidSize = "site.invalid-size"
    case invalidDiskPath = "site.invalid-disk-path"
    case duplicateDrive = "site.duplicate-drive"
    case unknownDisk = "site.unknown-disk"
    case missingQuorumDisk = "site.missing-quorum-disk"
    case invalidWitnessShare = "site.invalid-witness-share"
    case noWitness = "site.no-witness"
    case smallQuorumDisk = "site.small-quorum-disk"
    case unusedDisk = "site.unused-disk"

    // MARK: - SQL Server

    case sqlEditionNoClustering = "sql.edition-no-clustering"
    case sqlStandardNodeLimit = "sql.standard-node-limit"
    case sqlVersionUnsupported = "sql.version-unsupported"
    case sqlMissingDataDisk = "sql.missing-data-disk"
    case sqlDirectoryOffInstanceDisks = "sql.directory-off-instance-disks"
    case sqlInvalidInstanceName = "sql.invalid-instance-name"
    case sqlInvalidGroupName = "sql.invalid-group-name"
    case sqlWitnessDiskInInstance = "sql.witness-disk-in-instance"
    case sqlExternalOnNode = "sql.external-on-node"
    case sqlDeveloperEdition = "sql.developer-edition"
    case sqlSetupFileValue = "sql.setup-file-value"

    // MARK: - XProtect

    case builtinServiceAccount = "xprotect.builtin-service-account"
    case administratorServiceAccount = "xprotect.administrator-service-account"
    case failoverPolicy = "xprotect.failover-policy"
    case invalidThumbprint = "xprotect.invalid-thumbprint"
    case duplicateService = "xprotect.duplicate-service"
    case invalidServicePath = "xprotect.invalid-service-path"
    case duplicateComputer = "xprotect.duplicate-computer"
    case componentOnNode = "xprotect.component-on-node"
    case invalidVersion = "xprotect.invalid-version"
    case versionOrder = "xprotect.version-order"
    case systemUnstated = "xprotect.system-unstated"
    case existingSystem = "xprotect.existing-system"
    case additionalNodeDatabase = "xprotect.additional-node-database"

    // MARK: - Templates and the plan

    case templateMarkup = "template.markup"
    case templateUnknownParameter = "template.unknown-parameter"
    case templateDuplicateID = "template.duplicate-id"
    case templateExpression = "template.expression"
    case templateDuration = "template.duration"
    case templateUnknownComputer = "template.unknown-computer"
    case templateMissingRequirement = "template.missing-requirement"
    case templateCycle = "template.cycle"
    case templateOrder = "template.order"
    case templateUnusedCapability = "template.unused-capability"
    case templateNoRunbook = "template.no-runbook"
    case templateTableShape = "template.table-shape"
    case templateShell = "template.shell"
    case templateInclude = "template.include"
    case templateStatement = "template.statement"
    case templateExpectation = "template.expectation"
    case templateInvariant = "template.invariant"
    case templateEndState = "template.end-state"
    case templateStartsFrom = "template.starts-from"

    // MARK: - Writing the runbooks

    /// The DocBook 5 schema is not installed, so DocBook cannot be checked and is not written.
    ///
    /// The other formats still can be.
    case docbookSchemaUnavailable = "output.schema-unavailable"
    /// No PDF engine: WeasyPrint is not installed.
    case pdfEngineUnavailable = "output.pdf-engine-unavailable"
    /// `RUNBOOK_PDF_TIMEOUT` is set to something that is not a number of seconds above 0.
    case pdfTimeoutInvalid = "output.pdf-timeout-invalid"
    /// SOURCE_DATE_EPOCH is set to something that is not a day this tool can print.
    case sourceDateInvalid = "output.source-date-invalid"
    /// A runbook too large to lay out as PDF, refused before WeasyPrint starts.
    case pdfTooLarge = "output.pdf-too-large"
    /// WeasyPrint ran but gave no PDF.
    case pdfFailed = "output.pdf-failed"
    /// No layout engine for the pictures: Graphviz is not installed.
    case layoutEngineUnavailable = "output.layout-engine-unavailable"
    /// Graphviz ran but gave no picture.
    case layoutFailed = "output.layout-failed"
    /// A generated DocBook file fails the schema.
    ///
    /// It is a bug in a renderer or in a page shell, not a mistake in the site.
    case docbookInvalid = "output.invalid-docbook"
    /// A folder or file the run may not write, or a disk that is full.
    case outputUnwritable = "output.unwritable"
    /// Two sites would write files of the same name, in one run or one after the other.
    case outputNameClash = "output.name-clash"
    case unknownRunbook = "output.unknown-runbook"
    case unknownHandout = "output.unknown-handout"
    case emptyHandout = "output.empty-handout"

    /// The raw value, as messages print it in brackets.
    public var description: String { rawValue }

    /// What the rule checks, in one line (for `runbook rules`).
    public var summary: String { rule.summary }

    /// The severity a finding of this rule has unless warnings are raised to errors.
    public var defaultSeverity: Severity { rule.severity }

    private var rule: (severity: Severity, summary: String) {
        switch self {
        case .unreadable: (.error, "The file cannot be read.")
        case .notUTF8: (.error, "The file is not UTF-8 text.")
        case .binary: (.error, "The file holds NUL bytes: it is not a text file.")
        case .tooLarge: (.error, "The file is larger than the input limit.")
        case .empty: (.error, "The file holds no document (it is empty or only comments).")
        case .syntax: (.error, "The file is not well-formed YAML or JSON.")
        case .multipleDocuments: (.error, "The file holds more than one YAML document.")
        case .tooDeep: (.error, "Nesting is deeper than the input limit.")
        case .aliasLimit: (.error, "Aliases expand to more nodes than the input limit.")
        case .tooManyValues: (.error, "The document holds more values than the input limit, without aliases repeating them.")
        case .undefinedAlias: (.error, "An alias names an anchor that is not defined before it.")
        case .tooManyItems: (.error, "A list or mapping is longer than the input limit.")
        case .unsupportedTag: (.error, "A YAML tag other than !!str is used.")
        case .complexKey: (.error, "A mapping key is not a plain value.")
        case .duplicateKey: (.error, "A key appears twice in one mapping.")
        case .unknownKey: (.error, "A key the format does not define.")
        case .typeMismatch: (.error, "A value of the wrong type (text, number, list, mapping).")
        case .missingKey: (.error, "A required key is missing.")
        case .invalidChoice: (.error, "A value that is not one of the allowed choices.")
        case .outOfRange: (.error, "A number outside its allowed range.")
        case .listLength: (.error, "A list with too few or too many entries.")
        case .secret: (.error, "A key that would hold a secret: runbooks never carry passwords.")
        case .textTooLong: (.error, "A text value or key longer than the format's limit (256 characters).")
        case .controlCharacter: (.error, "Text holds a tab, a carriage return, another control character or a Unicode noncharacter.")
        case .placeholder: (.error, "A placeholder from `runbook init` that is not filled in yet.")
        case .invalidAddress: (.error, "Not a valid IPv4 address.")
        case .invalidSubnet: (.error, "Not a valid subnet (CIDR, or address and contiguous mask).")
        case .addressOutsideSubnet: (.error, "An address lies outside its network's subnet.")
        case .reservedAddress: (.error, "An address is its subnet's network or broadcast address.")
        case .duplicateAddress: (.error, "An address is used twice in the site.")
        case .addressNotPublic: (.error, "A clustered address is not on a public (client access) network.")
        case .overlappingNetworks: (.error, "Two networks share addresses; each network, the heartbeat above all, needs a subnet of its own.")
        case .gatewayOutsideSubnet: (.error, "A gateway lies outside its network's subnet.")
        case .specialRange: (.error, "A subnet or DNS server in a range no network can use: loopback, link-local, multicast, reserved.")
        case .unknownNetwork: (.error, "A node has an address on a network the site does not declare.")
        case .missingNodeAddress: (.error, "A node has no address on one of the site's networks.")
        case .noPublicNetwork: (.error, "No network has the public (client access) role.")
        case .duplicateNetwork: (.error, "Two networks have the same name.")
        case .noHeartbeatNetwork: (.warning, "No dedicated heartbeat network: cluster traffic shares the public network.")
        case .singleDNSServer: (.warning, "The public network names only one DNS server.")
        case .gatewayOnPrivateNetwork: (.warning, "A heartbeat or storage network has a default gateway.")
        case .invalidName: (.error, "A computer or cluster name with characters DNS and NetBIOS do not allow.")
        case .nameTooLong: (.error, "A computer or cluster name longer than 15 characters.")
        case .duplicateName: (.error, "A name is used for two computers or cluster objects.")
        case .invalidDomain: (.error, "The domain's DNS or NetBIOS name is not valid.")
        case .tooFewNodes: (.error, "A failover cluster needs at least two nodes.")
        case .tooManyNodes: (.error, "More than 64 nodes, Microsoft's limit for a Windows Server failover cluster.")
        case .tooManyGroups: (.error, "The computers form more groups than a runbook can hold (500), each a procedure of its own.")
        case .windowsVersionMismatch: (.error, "Cluster nodes run different Windows Server versions.")
        case .windowsVersionUnsupported: (.error, "A node runs a Windows Server version older than 2016.")
        case .windowsEdition: (.error, "A node runs a Windows Server edition without failover clustering.")
        case .windowsEditionMismatch: (.error, "Cluster nodes run different Windows Server editions (Standard and Datacenter).")
        case .nodeDomainMismatch: (.error, "A node is joined to a domain other than the site's.")
        case .invalidAccount: (.error, "An account is not written DOMAIN\\user or user@domain.")
        case .accountWrongDomain: (.error, "An account belongs to a domain other than the site's.")
        case .invalidDate: (.error, "The document date is not a real date written YYYY-MM-DD.")
        case .invalidSize: (.error, "A size is not a number with a unit (MB, GB, TB).")
        case .invalidDiskPath: (.error, "A disk path is neither a drive letter nor an absolute mount path.")
        case .duplicateDrive: (.error, "Two disks share a drive letter or mount path, or a name.")
        case .unknownDisk: (.error, "A reference to a disk that shared storage does not list.")
        case .missingQuorumDisk: (.error, "A disk witness needs a quorum disk of the shared storage.")
        case .invalidWitnessShare: (.error, "A file share witness path is not \\\\server\\share.")
        case .noWitness: (.warning, "The cluster has no quorum witness.")
        case .smallQuorumDisk: (.warning, "The quorum disk is smaller than the 512 MB Microsoft recommends.")
        case .unusedDisk: (.warning, "A shared disk is neither the witness nor given to the SQL Server instance.")
        case .sqlEditionNoClustering: (.error, "The SQL Server edition cannot be a failover cluster instance (Express, Web).")
        case .sqlStandardNodeLimit: (.error, "SQL Server Standard supports failover cluster instances of at most two nodes.")
        case .sqlVersionUnsupported: (.error, "A SQL Server version older than 2016.")
        case .sqlMissingDataDisk: (.error, "The failover cluster instance is given no SQL data disk.")
        case .sqlDirectoryOffInstanceDisks: (.error, "A data directory is not on a shared disk given to the instance.")
        case .sqlInvalidInstanceName: (.error, "The SQL Server instance name breaks SQL Server's naming rules.")
        case .sqlInvalidGroupName: (.error, "The cluster resource group name holds < > \" ' or &.")
        case .sqlWitnessDiskInInstance: (.error, "The quorum witness disk is also given to the SQL Server instance.")
        case .sqlExternalOnNode: (.error, "The external SQL Server is one of the cluster nodes.")
        case .sqlDeveloperEdition: (.warning, "SQL Server Developer edition is not licensed for production.")
        case .sqlSetupFileValue:
            (
                .error,
                "A value SQL Server setup's configuration file cannot hold: a double quote or a line break, or a semicolon in the public network's name."
            )
        case .builtinServiceAccount: (.error, "The management server account is a built-in account, not a named domain account.")
        case .administratorServiceAccount: (.warning, "The management server runs as the domain's Administrator account.")
        case .failoverPolicy: (.error, "The failover policy is outside what Windows allows.")
        case .invalidThumbprint: (.error, "The IDP certificate thumbprint is not 40 hexadecimal characters.")
        case .duplicateService: (.error, "A registered service is listed twice.")
        case .invalidServicePath: (.error, "A registered service path does not start with /.")
        case .duplicateComputer: (.error, "An XProtect computer is listed twice in one role.")
        case .componentOnNode: (.warning, "A recording server or other component runs on a cluster node.")
        case .invalidVersion: (.error, "The XProtect version is not written like 2024 R2.")
        case .versionOrder:
            (
                .error,
                "A version goes backwards: the upgrade version is not newer than the installed one, or the existing system is newer than the version the cluster installs."
            )
        case .systemUnstated:
            (
                .error,
                "The site lists computers with XProtect components but does not say whether they belong to a new system or to one that runs today."
            )
        case .existingSystem: (.error, "The existing system's management server or SQL Server is a computer the cluster takes over.")
        case .additionalNodeDatabase:
            (.error, "A node after the first would create a new database instead of using the existing one (additional-node-database: create-new).")
        case .templateMarkup: (.error, "Template text with malformed inline markup.")
        case .templateUnknownParameter: (.error, "A template refers to a site value that does not exist.")
        case .templateDuplicateID: (.error, "Two procedures, or two steps of one procedure, share an id.")
        case .templateExpression: (.error, "A when or foreach expression that cannot be read.")
        case .templateDuration: (.error, "A duration not written like 5m, 1h30m or 45s.")
        case .templateUnknownComputer: (.error, "A procedure runs on a computer the site does not have.")
        case .templateMissingRequirement: (.error, "A step requires a capability that no step provides.")
        case .templateCycle: (.error, "Procedures that require each other in a cycle.")
        case .templateOrder: (.error, "A step is written before the step of its procedure that it requires.")
        case .templateUnusedCapability: (.warning, "A capability is provided but nothing requires it.")
        case .templateNoRunbook: (.error, "The template folder holds no runbook (a folder with runbook.yaml).")
        case .templateTableShape: (.error, "A table row with more or fewer cells than the table has columns.")
        case .templateShell: (.error, "A page shell with an unknown placeholder, or without one it needs.")
        case .templateInclude:
            (.error, "A procedure file includes a template, or a command a script file, that does not exist; or an include names another include.")
        case .templateStatement: (.error, "An expects, effects or ends statement that is not one the state model knows.")
        case .templateExpectation: (.error, "A step expects a state of the site that the steps before it do not leave.")
        case .templateInvariant: (.error, "A step leaves the site in a state that must never exist (two management servers, a second database...).")
        case .templateEndState: (.error, "A runbook does not end in the state its runbook.yaml says it must.")
        case .templateStartsFrom:
            (.error, "A runbook starts from a runbook the catalog does not have, or runbooks start from each other in a circle.")
        case .docbookSchemaUnavailable: (.error, "The DocBook 5 schema is not installed (Debian package docbook5-xml).")
        case .pdfEngineUnavailable: (.error, "WeasyPrint, which lays out the PDF, is not installed (Debian package weasyprint).")
        case .pdfTimeoutInvalid: (.error, "RUNBOOK_PDF_TIMEOUT is not a whole number of seconds above 0.")
        case .sourceDateInvalid: (.error, "SOURCE_DATE_EPOCH is not a whole number of seconds from 1970 to the end of 9999.")
        case .pdfTooLarge: (.error, "A runbook is too large to lay out as PDF (more than 4 MiB of HTML, about 900 pages).")
        case .pdfFailed: (.error, "WeasyPrint could not lay out a runbook as PDF.")
        case .layoutEngineUnavailable: (.error, "Graphviz, which lays out the pictures, is not installed (Debian package graphviz).")
        case .layoutFailed: (.error, "Graphviz could not lay out a picture of a runbook.")
        case .docbookInvalid: (.error, "A generated DocBook file fails the DocBook 5 schema; nothing is written.")
        case .outputUnwritable: (.error, "An output file or folder cannot be written.")
        case .outputNameClash:
            (
                .error,
                "Two sites of one run would write files of the same name, or a site would replace the runbooks another site wrote into the folder."
            )
        case .unknownRunbook: (.error, "--runbook names a runbook the site's plan does not have.")
        case .unknownHandout: (.error, "--for or --role names a computer or role that has no procedure in the runbooks chosen.")
        case .emptyHandout: (.warning, "A runbook has no procedure for the handout asked for, so no handout of it is written.")
        }
    }
}
