import Foundation

/// A customer's SSH public key as pasted from an `.pub` file (R30): the key that picks
/// the account when the customer connects with plain `ssh`.
///
/// Only the key's own fields are accepted. An `authorized_keys` options prefix
/// (`command="…",from=…`) is refused rather than stripped: ProxyDash writes every
/// option of the lines it serves itself, so a pasted one can never loosen them.
public struct SSHPublicKey: Sendable, Equatable {
  /// The key types a session may use, each with the checks its blob gets.
  public static let acceptedTypes = [
    "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
  ]
  /// Shorter RSA moduli are factorable by a determined attacker; OpenSSH's own floor.
  public static let minimumRSABits = 2048
  /// Key lines longer than this are not keys (a 16384-bit RSA line is about 2,800).
  public static let maximumLineLength = 8192

  public let type: String
  /// The key as sshd passes it to `AuthorizedKeysCommand` (`%k`): standard base64 of
  /// the wire-format blob.
  public let base64: String
  public let blob: Data
  /// The free text after the key (usually user@host), cleaned of control characters.
  public let comment: String

  /// Why a pasted line is not accepted, in words the customer can act on.
  public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong
    case hasOptions
    case unsupportedType(String)
    case notBase64
    case typeMismatch(declared: String, embedded: String)
    case malformedBlob(String)
    case weakRSA(bits: Int)

    public var description: String {
      switch self {
      case .empty: "Paste a public key line (the contents of a .pub file, e.g. ~/.ssh/id_ed25519.pub)."
      case .tooLong: "That line is too long to be an SSH public key."
      case .hasOptions:
        "Paste the key without authorized_keys options (the line starts with its type, e.g. ssh-ed25519)."
      case .unsupportedType(let type):
        "\"\(UntrustedText.clean(type))\" is not an accepted key type; use ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa (2048 bits or more) or a security-key (sk-) type."
      case .notBase64: "The key's data is not valid base64: copy the whole line again."
      case .typeMismatch(let declared, let embedded):
        "The line says \(UntrustedText.clean(declared)) but the key inside is \(UntrustedText.clean(embedded)): copy the whole line again."
      case .malformedBlob(let detail): "The key's data is damaged (\(detail)): copy the whole line again."
      case .weakRSA(let bits):
        "This RSA key has \(bits) bits; \(SSHPublicKey.minimumRSABits) or more are needed (or use ssh-ed25519)."
      }
    }
  }

  /// Parses one `TYPE BASE64 [COMMENT]` line.
  public static func parse(_ line: String) throws(Rejection) -> SSHPublicKey {
    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw .empty }
    guard trimmed.utf8.count <= maximumLineLength else { throw .tooLong }
    let fields = trimmed.split(maxSplits: 2, omittingEmptySubsequences: true) { $0 == " " || $0 == "\t" }
    let type = String(fields[0])
    guard acceptedTypes.contains(type) else {
      // An options prefix is followed, somewhere, by a real key type.
      if fields.count > 1, acceptedTypes.contains(String(fields[1])) || type.contains("=") {
        throw .hasOptions
      }
      throw .unsupportedType(type)
    }
    guard fields.count >= 2 else { throw .notBase64 }
    return try SSHPublicKey(
      type: type, base64: String(fields[1]),
      comment: fields.count > 2 ? String(fields[2]) : "")
  }

  /// Checks a type and base64 blob as sshd hands them over (`%t %k`) or as parsed.
  public init(type: String, base64: String, comment: String = "") throws(Rejection) {
    guard Self.acceptedTypes.contains(type) else { throw .unsupportedType(type) }
    guard base64.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }),
      let blob = Data(base64Encoded: base64), !blob.isEmpty
    else { throw .notBase64 }
    try Self.check(blob: blob, declaredType: type)
    self.type = type
    self.base64 = blob.base64EncodedString()
    self.blob = blob
    self.comment = UntrustedText.clean(comment).trimmingCharacters(in: .whitespaces)
  }

  /// The line as it goes into `authorized_keys`, without options.
  public var line: String { comment.isEmpty ? "\(type) \(base64)" : "\(type) \(base64) \(comment)" }

  /// The blob's fields (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 and OpenSSH's
  /// PROTOCOL.u2f) must be exactly what the declared type carries, nothing after them.
  static func check(blob: Data, declaredType: String) throws(Rejection) {
    var reader = WireReader(blob)
    guard let embedded = reader.string().flatMap({ String(data: $0, encoding: .utf8) }) else {
      throw .malformedBlob("no key type inside")
    }
    guard embedded == declaredType else { throw .typeMismatch(declared: declaredType, embedded: embedded) }
    switch declaredType {
    case "ssh-ed25519":
      guard reader.string()?.count == 32 else { throw .malformedBlob("an Ed25519 key has 32 bytes") }
    case "sk-ssh-ed25519@openssh.com":
      guard reader.string()?.count == 32, reader.string() != nil else {
        throw .malformedBlob("an Ed25519 security key has 32 bytes and an application")
      }
    case "ssh-rsa":
      guard let exponent = reader.string(), !exponent.isEmpty, let modulus = reader.string() else {
        throw .malformedBlob("an RSA key has an exponent and a modulus")
      }
      let bits = significantBits(modulus)
      guard bits >= minimumRSABits else { throw .weakRSA(bits: bits) }
    default:  // ecdsa-sha2-nistpN and its security-key variant
      let curve = declaredType.hasPrefix("sk-") ? "nistp256" : String(declaredType.suffix(8))
      guard let name = reader.string(), String(data: name, encoding: .utf8) == curve else {
        throw .malformedBlob("the curve is not \(curve)")
      }
      let pointLength = ["nistp256": 65, "nistp384": 97, "nistp521": 133][curve] ?? 0
      guard let point = reader.string(), point.count == pointLength, point.first == 4 else {
        throw .malformedBlob("the curve point is not an uncompressed \(curve) point")
      }
      if declaredType.hasPrefix("sk-"), reader.string() == nil {
        throw .malformedBlob("a security key names its application")
      }
    }
    guard reader.isAtEnd else { throw .malformedBlob("extra bytes after the key") }
  }

  /// The bit length of an unsigned big-endian integer (an mpint without its sign byte).
  static func significantBits(_ bytes: Data) -> Int {
    guard let index = bytes.firstIndex(where: { $0 != 0 }) else { return 0 }
    let leading = bytes[index]
    return (bytes.endIndex - index - 1) * 8 + (8 - leading.leadingZeroBitCount)
  }
}

/// Reads SSH wire-format strings: a 4-byte big-endian length, then that many bytes.
struct WireReader {
  private let bytes: [UInt8]
  private var offset = 0

  init(_ data: Data) { bytes = [UInt8](data) }

  var isAtEnd: Bool { offset == bytes.count }

  mutating func string() -> Data? {
    guard bytes.count - offset >= 4 else { return nil }
    let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    guard length <= bytes.count - offset - 4 else { return nil }
    let start = offset + 4
    offset = start + length
    return Data(bytes[start..<offset])
  }
}
