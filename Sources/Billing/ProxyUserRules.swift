import Foundation

/// What a proxy user's name and password must be (R25). The proxy-user form checks them
/// as the customer presses Save and the service checks them last; both ask this type, so
/// the two cannot drift (the form once refused `.` in names, which the service accepts,
/// and let through spaces, `:` and `@` in passwords, which break proxy URLs).
public enum ProxyUserRules {
  public static let nameMaximum = 32
  public static let passwordMinimum = 8

  public enum NameProblem: Error, Hashable, Sendable {
    case empty, tooLong, badCharacter

    /// Under the form's field.
    public var hint: String { "Use 1–\(ProxyUserRules.nameMaximum) letters, digits, -, _ or ." }

    /// The service's sentence.
    public var message: String {
      switch self {
      case .empty: "Enter a name for the proxy user."
      case .tooLong: "A proxy user name has at most \(ProxyUserRules.nameMaximum) characters."
      case .badCharacter: "A proxy user name has letters, digits, '-', '_' and '.' only."
      }
    }
  }

  public enum PasswordProblem: Hashable, Sendable {
    case tooShort, breaksProxyURLs

    public var hint: String {
      switch self {
      case .tooShort: "At least \(ProxyUserRules.passwordMinimum) characters."
      case .breaksProxyURLs: "No spaces, ':' or '@'."
      }
    }

    public var message: String {
      switch self {
      case .tooShort: "A proxy password needs at least \(ProxyUserRules.passwordMinimum) characters."
      case .breaksProxyURLs: "A proxy password cannot hold spaces, ':' or '@' (they break proxy URLs)."
      }
    }
  }

  /// The name as it is stored (trimmed), or why it cannot be.
  public static func checkedName(_ name: String) -> Result<String, NameProblem> {
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return .failure(.empty) }
    if trimmed.count > nameMaximum { return .failure(.tooLong) }
    guard trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
      return .failure(.badCharacter)
    }
    return .success(trimmed)
  }

  public static func problem(withPassword password: String) -> PasswordProblem? {
    if password.count < passwordMinimum { return .tooShort }
    if password.contains(where: { $0.isWhitespace || $0 == ":" || $0 == "@" }) { return .breaksProxyURLs }
    return nil
  }
}
