import Foundation

/// One address in a product's IP whitelist (R25a): requests from it reach the proxies
/// without a proxy user's password. Kept as its bytes, so `2001:DB8::1` and
/// `2001:db8:0:0::1` are the same entry and a duplicate is caught whatever its spelling.
public struct WhitelistAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// Four bytes for IPv4, sixteen for IPv6.
  public let bytes: [UInt8]

  public var isIPv4: Bool { bytes.count == 4 }

  /// IPv4 as dotted decimal; IPv6 in RFC 5952's canonical form (lower case, no leading
  /// zeros, the longest run of zero groups as `::`).
  public var description: String {
    isIPv4 ? bytes.map(String.init).joined(separator: ".") : Self.ipv6Text(bytes)
  }

  /// IPv4 first, then by value, so the list reads in a stable order.
  public static func < (lhs: WhitelistAddress, rhs: WhitelistAddress) -> Bool {
    if lhs.bytes.count != rhs.bytes.count { return lhs.bytes.count < rhs.bytes.count }
    return lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
  }

  /// Parses one address strictly: dotted-quad IPv4 (no leading zeros, no shorthand such
  /// as `10.1`, which `inet_aton` would read as another address than the customer meant)
  /// or RFC 4291 IPv6 text. An IPv4-mapped IPv6 address (`::ffff:203.0.113.5`) is the
  /// IPv4 address it maps, since that is the address the proxy sees.
  public init?(parsing text: String) {
    if let v4 = Self.parseIPv4(Substring(text)) {
      bytes = v4
    } else if let v6 = Self.parseIPv6(text) {
      let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
      bytes = Array(v6.prefix(12)) == mappedPrefix ? Array(v6.suffix(4)) : v6
    } else {
      return nil
    }
  }

  private static func parseIPv4(_ text: Substring) -> [UInt8]? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var result: [UInt8] = []
    for part in parts {
      guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
        part == "0" || part.first != "0", let value = UInt8(part)
      else { return nil }
      result.append(value)
    }
    return result
  }

  private static func parseIPv6(_ text: String) -> [UInt8]? {
    guard text.contains(":"), text.count <= 45 else { return nil }
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
      if part.isEmpty { return [] }
      let fields = part.split(separator: ":", omittingEmptySubsequences: false)
      var result: [UInt16] = []
      for (index, field) in fields.enumerated() {
        if allowIPv4Tail, index == fields.count - 1, field.contains(".") {
          guard let v4 = parseIPv4(field) else { return nil }
          result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
          result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
          continue
        }
        guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit),
          field.allSatisfy(\.isASCII), let value = UInt16(field, radix: 16)
        else { return nil }
        result.append(value)
      }
      return result
    }
    let all: [UInt16]
    if halves.count == 2 {
      guard let head = groups(halves[0], allowIPv4Tail: false),
        let tail = groups(halves[1], allowIPv4Tail: true), head.count + tail.count <= 7
      else { return nil }
      all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    } else {
      guard let only = groups(text, allowIPv4Tail: true), only.count == 8 else { return nil }
      all = only
    }
    return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
  }

  private static func ipv6Text(_ bytes: [UInt8]) -> String {
    let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    // The longest run of two or more zero groups (the first of equals) becomes `::`.
    var best: Range<Int>? = nil
    var start: Int? = nil
    for index in 0...groups.count {
      if index < groups.count, groups[index] == 0 {
        if start == nil { start = index }
      } else if let begun = start {
        if index - begun >= 2, index - begun > (best?.count ?? 0) { best = begun..<index }
        start = nil
      }
    }
    let hex = groups.map { String($0, radix: 16) }
    guard let best else { return hex.joined(separator: ":") }
    return hex[..<best.lowerBound].joined(separator: ":") + "::"
      + hex[best.upperBound...].joined(separator: ":")
  }
}

/// What may go on a whitelist (R25a). The whitelist form checks each key press against
/// it and the service checks it last, so the two cannot drift.
public enum WhitelistRules {
  /// Entries per product and account: enough for a team's offices and servers, few
  /// enough that a whitelist stays something a customer reads.
  public static let maximumEntries = 20

  public enum Problem: Error, Hashable, Sendable {
    case empty
    case range
    case zone
    case notAnAddress
    /// The address cannot be where a customer's requests come from, with the reason.
    case notPublic(String)
    case duplicate(String)
    case full

    /// The sentence under the form's field and in the service's refusal.
    public var message: String {
      switch self {
      case .empty: "Enter an IPv4 or IPv6 address, such as 203.0.113.5 or 2001:db8::5."
      case .range:
        "Enter one address, without /prefix: each computer's public address is whitelisted on its own."
      case .zone: "Leave out the %zone: it names a network card on your computer, not an address."
      case .notAnAddress: "Not an IP address: use IPv4 like 203.0.113.5 or IPv6 like 2001:db8::5."
      case .notPublic(let why): why
      case .duplicate(let address): "\(address) is already whitelisted."
      case .full:
        "A whitelist holds at most \(WhitelistRules.maximumEntries) addresses: remove one first."
      }
    }
  }

  /// The address the text names, or why it cannot be whitelisted.
  public static func checked(_ text: String) -> Result<WhitelistAddress, Problem> {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return .failure(.empty) }
    if trimmed.contains("/") { return .failure(.range) }
    if trimmed.contains("%") { return .failure(.zone) }
    guard let address = WhitelistAddress(parsing: trimmed) else { return .failure(.notAnAddress) }
    if let why = notPublic(address) { return .failure(.notPublic(why)) }
    return .success(address)
  }

  /// The address checked, and checked against the list it joins.
  public static func checked(_ text: String, joining list: [WhitelistAddress])
    -> Result<WhitelistAddress, Problem>
  {
    checked(text).flatMap { address in
      if list.contains(address) { return .failure(.duplicate(address.description)) }
      if list.count >= maximumEntries { return .failure(.full) }
      return .success(address)
    }
  }

  /// Addresses the proxy can never see a request come from: the customer meant another.
  private static func notPublic(_ address: WhitelistAddress) -> String? {
    let b = address.bytes
    let text = address.description
    let seenAddress = "the proxy sees the public address your requests come from."
    if address.isIPv4 {
      switch (b[0], b[1]) {
      case (0, _): return "\(text) means \"any address\" or \"this network\", not a computer: \(seenAddress)"
      case (127, _): return "\(text) is a loopback address (this computer itself): \(seenAddress)"
      case (10, _), (172, 16...31), (192, 168):
        return "\(text) is a private (LAN) address: \(seenAddress)"
      case (100, 64...127):
        return "\(text) is your provider's shared (carrier-grade NAT) address: \(seenAddress)"
      case (169, 254): return "\(text) is a link-local address: \(seenAddress)"
      case (224...239, _): return "\(text) is a multicast address, not one computer."
      case (240...255, _): return "\(text) is reserved or broadcast, never a sender."
      default: return nil
      }
    }
    if b.allSatisfy({ $0 == 0 }) { return "\(text) means \"any address\", not a computer: \(seenAddress)" }
    if b.dropLast().allSatisfy({ $0 == 0 }) && b[15] == 1 {
      return "\(text) is the loopback address (this computer itself): \(seenAddress)"
    }
    if b[0] & 0xfe == 0xfc { return "\(text) is a unique local (private) address: \(seenAddress)" }
    if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return "\(text) is a link-local address: \(seenAddress)" }
    if b[0] == 0xff { return "\(text) is a multicast address, not one computer." }
    return nil
  }
}
