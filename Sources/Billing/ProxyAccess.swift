import Foundation

/// How a customer uses what they bought (R25a): the product's endpoint, its proxy users
/// and its whitelist, and the `curl` line that puts them together.
public struct ProxyAccess: Hashable, Sendable {
  public var product: Product
  /// Nil when the provider's catalog names no endpoint for the product.
  public var endpoint: ProxyEndpoint?
  /// The product's proxy users, oldest first.
  public var users: [ProxyUser]
  public var whitelist: [WhitelistAddress]

  public init(
    product: Product, endpoint: ProxyEndpoint?, users: [ProxyUser], whitelist: [WhitelistAddress]
  ) {
    self.product = product
    self.endpoint = endpoint
    self.users = users
    self.whitelist = whitelist
  }

  /// Stands in for the password in the `curl` line until the customer asks to see it:
  /// a secret stays off the screen, and users made before the store kept passwords
  /// readable have none to show.
  public static let passwordPlaceholder = "PASSWORD"
  /// A page that answers with the caller's address, so the line shows the exit IP.
  public static let checkURL = "https://ip.example"

  /// A command that works as printed: the proxy URL is percent-encoded where a user
  /// name or password holds URL syntax, and single-quoted when the shell would read any
  /// of it. Without a user the line relies on the whitelist (no credentials).
  public func curlCommand(user: ProxyUser?, password: String? = nil) -> String? {
    guard let endpoint else { return nil }
    var proxy = "http://"
    if let user {
      proxy +=
        Self.percentEncoded(user.name) + ":"
        + (password.map(Self.percentEncoded) ?? Self.passwordPlaceholder) + "@"
    }
    proxy += "\(endpoint.host):\(endpoint.rotatingPort)"
    return "curl -x \(Self.shellQuoted(proxy)) \(Self.checkURL)"
  }

  /// RFC 3986 userinfo: unreserved characters as they are, everything else as %XX.
  static func percentEncoded(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
      let scalar = Unicode.Scalar(byte)
      let unreserved =
        byte < 0x80
        && (CharacterSet.alphanumerics.contains(scalar) || "-._~".unicodeScalars.contains(scalar))
      result += unreserved ? String(scalar) : String(format: "%%%02X", byte)
    }
    return result
  }

  /// As it is when nothing in it means anything to a POSIX shell; else in single quotes.
  static func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy {
      $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-._~:/@%+=,".unicodeScalars.contains($0))
    }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
