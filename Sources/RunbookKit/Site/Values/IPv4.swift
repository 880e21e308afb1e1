/// An IPv4 address.
struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    var value: UInt32

    init(_ value: UInt32) {
        self.value = value
    }

    /// Strict dotted-quad: four decimal parts 0-255, no leading zeros, no spaces.
    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        self.value = value
    }

    var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv4 subnet: a network address and a prefix length.
struct IPv4Subnet: Hashable, Sendable, CustomStringConvertible {
    var network: IPv4Address
    var prefixLength: Int

    enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        case notCIDR
        case badAddress
        case badPrefix
        case badMask
        case hostBitsSet(network: String)

        var description: String {
            switch self {
            case .notCIDR: return "is not written address/prefix, such as 177.16.0.0/16"
            case .badAddress: return "has an address that is not a valid IPv4 address"
            case .badPrefix: return "has a prefix length outside 1 to 32"
            case .badMask: return "has a mask whose one-bits are not contiguous, such as 255.255.0.0"
            case .hostBitsSet(let network): return "has host bits set; the network address is \(network)"
            }
        }
    }

    static func parse(cidr text: String) -> Result<IPv4Subnet, ParseError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(.notCIDR) }
        guard let address = IPv4Address(String(parts[0])) else { return .failure(.badAddress) }
        guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let prefix = Int(parts[1]), (1...32).contains(prefix)
        else { return .failure(.badPrefix) }
        return make(address, prefix)
    }

    static func parse(address: String, mask: String) -> Result<IPv4Subnet, ParseError> {
        guard let address = IPv4Address(address), let mask = IPv4Address(mask) else { return .failure(.badAddress) }
        let ones = mask.value.nonzeroBitCount
        guard ones > 0, mask.value == UInt32.max << (32 - ones) else { return .failure(.badMask) }
        return make(address, ones)
    }

    private static func make(_ address: IPv4Address, _ prefix: Int) -> Result<IPv4Subnet, ParseError> {
        let subnet = IPv4Subnet(network: IPv4Address(address.value & mask(prefix)), prefixLength: prefix)
        guard subnet.network == address else { return .failure(.hostBitsSet(network: subnet.network.description)) }
        return .success(subnet)
    }

    private static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << (32 - prefix) }

    var mask: IPv4Address { IPv4Address(Self.mask(prefixLength)) }
    var broadcast: IPv4Address { IPv4Address(network.value | ~Self.mask(prefixLength)) }

    /// The private ranges of RFC 1918: 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16.
    static let privateRanges = [
        IPv4Subnet(network: IPv4Address(0x0A00_0000), prefixLength: 8), IPv4Subnet(network: IPv4Address(0xAC10_0000), prefixLength: 12),
        IPv4Subnet(network: IPv4Address(0xC0A8_0000), prefixLength: 16),
    ]

    /// Whether the address lies in a private range of RFC 1918.
    static func isPrivate(_ address: IPv4Address) -> Bool {
        privateRanges.contains { $0.contains(address) }
    }

    /// Whether every address of the subnet lies in a private range of RFC 1918.
    var isPrivate: Bool {
        Self.privateRanges.contains { $0.prefixLength <= prefixLength && $0.contains(network) }
    }

    func contains(_ address: IPv4Address) -> Bool {
        address.value & Self.mask(prefixLength) == network.value
    }

    func overlaps(_ other: IPv4Subnet) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// True for the network and broadcast addresses, which no host may use (except in /31, /32).
    func isReserved(_ address: IPv4Address) -> Bool {
        prefixLength <= 30 && (address == network || address == broadcast)
    }

    var description: String { "\(network)/\(prefixLength)" }
}
