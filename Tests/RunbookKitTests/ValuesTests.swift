import Testing

@testable import RunbookKit

@Suite("Addresses, names and accounts")
struct ValuesTests {
    @Test(
        "Dotted quads parse strictly",
        arguments: [
            ("10.0.0.1", true), ("255.255.255.255", true), ("0.0.0.0", true), ("256.1.1.1", false), ("1.2.3", false),
            ("1.2.3.4.5", false), ("01.2.3.4", false), (" 1.2.3.4", false), ("1.2.3.-4", false), ("１.2.3.4", false), ("", false),
        ])
    func addresses(text: String, valid: Bool) {
        #expect((IPv4Address(text) != nil) == valid)
    }

    @Test("Subnets parse from CIDR and from address and mask")
    func subnets() throws {
        let cidr = try IPv4Subnet.parse(cidr: "177.16.0.0/16").get()
        let mask = try IPv4Subnet.parse(address: "177.16.0.0", mask: "255.255.0.0").get()
        #expect(cidr == mask)
        #expect(cidr.contains(IPv4Address("177.16.0.213")!))
        #expect(!cidr.contains(IPv4Address("177.17.0.1")!))
        #expect(cidr.broadcast.description == "177.16.255.255")
        #expect(IPv4Subnet.parse(address: "10.0.0.0", mask: "255.0.255.0") == .failure(.badMask))
        #expect(IPv4Subnet.parse(cidr: "10.0.0.7/24") == .failure(.hostBitsSet(network: "10.0.0.0")))
        #expect(IPv4Subnet.parse(cidr: "10.0.0.0/33") == .failure(.badPrefix))
        #expect(try IPv4Subnet.parse(cidr: "10.1.0.128/25").get().overlaps(try IPv4Subnet.parse(cidr: "10.1.0.0/24").get()))
    }

    @Test(
        "Computer names follow NetBIOS and DNS",
        arguments: [
            ("Cluster1", nil), ("SQL2016Cluster", nil), ("AAR-VMS-N1", nil), ("SIXTEEN-CHARS-XX", DiagnosticID.nameTooLong),
            ("VMS_CL", .invalidName), ("-VMS", .invalidName), ("12345", .invalidName), ("VMS.CL", .invalidName), ("", .invalidName),
        ])
    func computerNames(name: String, problem: DiagnosticID?) {
        #expect(Names.computerNameProblem(name)?.0 == problem)
    }

    @Test(
        "SQL Server instance names follow SQL Server's rules",
        arguments: [
            ("SQLCLUSTER", true), ("MSSQLSERVER", true), ("VMS_2", true), ("SIXTEENCHARSXXXX", true), ("SEVENTEENCHARSXXX", false),
            ("1VMS", false), ("VMS-01", false), ("VMS 01", false), ("Default", false), ("select", false), ("VMS@X", false),
        ])
    func instanceNames(name: String, valid: Bool) {
        #expect((Names.instanceNameProblem(name) == nil) == valid)
    }

    @Test("Accounts are DOMAIN\\user or a UPN in the site's domain")
    func accounts() {
        let domain = ActiveDirectoryDomain(name: "corp.example.com", netbios: "CORP", administrator: "CORP\\a")
        #expect(AccountName("CORP\\svc-sql")?.belongs(to: domain) == true)
        #expect(AccountName("corp\\SQL Admins")?.belongs(to: domain) == true)
        #expect(AccountName("svc@corp.example.com")?.belongs(to: domain) == true)
        #expect(AccountName("LAB\\svc")?.belongs(to: domain) == false)
        #expect(AccountName("svc") == nil)
        #expect(AccountName("CORP\\") == nil)
        #expect(AccountName("CORP\\a:b") == nil)
        #expect(AccountName.isBuiltIn("NT AUTHORITY\\NETWORK SERVICE"))
        #expect(AccountName.isBuiltIn("LocalSystem"))
        #expect(!AccountName.isBuiltIn("CORP\\svc-xprotect"))
    }

    @Test("Paths: drive letters and mount paths")
    func paths() {
        #expect(Paths.isAbsolute("F:\\") && Paths.isAbsolute("F:") && Paths.isAbsolute("C:\\Mounts\\Data"))
        #expect(!Paths.isAbsolute("Data\\SQL") && !Paths.isAbsolute("F:Data") && !Paths.isAbsolute("/mnt/data"))
        #expect(Paths.isInside("F:\\MSSQL13.X\\Data", "F:\\") && Paths.isInside("f:\\", "F:"))
        #expect(!Paths.isInside("G:\\Data", "F:\\") && !Paths.isInside("C:\\Mounts\\Data2", "C:\\Mounts\\Data"))
        #expect(Paths.join("F:\\", "MSSQL13.X", "MSSQL", "Data") == "F:\\MSSQL13.X\\MSSQL\\Data")
    }

    @Test(
        "Sizes need a unit",
        arguments: [("20 GB", true), ("1.5TB", true), ("512 mb", true), ("100", false), ("GB", false), ("-1 GB", false), ("1.2.3 GB", false)])
    func sizes(text: String, valid: Bool) {
        #expect((DataSize(text) != nil) == valid)
    }
}
