import Foundation

/// The one check of an email address's form (R24), used by sign-up, log-in, PayPal and
/// the demo data, so a form and the service it calls cannot disagree.
///
/// An address names exactly one mailbox: an RFC 5322 addr-spec whose local part is a
/// dot-atom (no quoted strings, no comments) and whose domain is a host name. Anything
/// looser lets one "address" become several recipients or a group once it is written into
/// a `To:` header (`eve,bob@example.com`, `grp:a@example.com`). Only ASCII is accepted:
/// internationalised addresses (RFC 6531) need a mail system that says it takes them.
public enum EmailAddress {
  /// RFC 5321's limits: the longest path a mail server must accept, less its brackets.
  public static let maximumLength = 254
  public static let maximumLocalPartLength = 64
  static let maximumLabelLength = 63

  public static func isWellFormed(_ text: String) -> Bool {
    problem(with: text) == nil
  }

  /// nil for a well-formed address, else what is wrong with it, in words for a customer.
  public static func problem(with text: String) -> String? {
    if text.isEmpty { return "The email address is empty." }
    guard text.utf8.count <= maximumLength else {
      return "An email address has at most \(maximumLength) characters."
    }
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2 else {
      return "An email address is one address with a single @, such as ava@example.com."
    }
    if let problem = localPartProblem(parts[0]) { return problem }
    return domainProblem(parts[1])
  }

  /// Emails are unique case-insensitively (R24): this is the form they are compared in.
  public static func normalized(_ text: String) -> String {
    text.trimmingCharacters(in: .whitespaces).lowercased()
  }

  /// A dot-atom: atoms of `atext` joined by single dots.
  static func localPartProblem(_ local: Substring) -> String? {
    if local.isEmpty { return "An email address needs a name before the @." }
    guard local.utf8.count <= maximumLocalPartLength else {
      return "The part of an email address before the @ has at most \(maximumLocalPartLength) characters."
    }
    if let bad = local.unicodeScalars.first(where: { !isAtomText($0) && $0 != "." }) {
      return unexpected(bad)
    }
    if local.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
      return "The part of an email address before the @ cannot start or end with a dot or hold two in a row."
    }
    return nil
  }

  /// A host name of at least two labels: letters, digits and inner hyphens, the last
  /// label not all digits (RFC 3696: that would read as an IP address). Address
  /// literals (`[192.0.2.1]`) are not taken.
  static func domainProblem(_ domain: Substring) -> String? {
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else {
      return "An email address needs a domain such as example.com after the @."
    }
    for label in labels {
      if let bad = label.unicodeScalars.first(where: { !isLabelCharacter($0) }) {
        return unexpected(bad)
      }
      guard label.utf8.count <= maximumLabelLength else {
        return "Each part of an email address's domain has at most \(maximumLabelLength) characters."
      }
      if label.hasPrefix("-") || label.hasSuffix("-") {
        return "A part of an email address's domain cannot start or end with a hyphen."
      }
    }
    if let last = labels.last, last.allSatisfy(\.isNumber) {
      return "An email address needs a domain such as example.com after the @."
    }
    return nil
  }

  /// Whether `domain` is a host name as an address's domain must be.
  public static func isWellFormedDomain(_ domain: Substring) -> Bool {
    domainProblem(domain) == nil
  }

  /// RFC 5322's `atext`: the characters an atom may hold without quoting.
  public static func isAtomText(_ scalar: Unicode.Scalar) -> Bool {
    isASCIILetterOrDigit(scalar) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
  }

  static func isLabelCharacter(_ scalar: Unicode.Scalar) -> Bool {
    isASCIILetterOrDigit(scalar) || scalar == "-"
  }

  static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }

  private static func unexpected(_ scalar: Unicode.Scalar) -> String {
    if scalar == " " || scalar.properties.generalCategory == .control || !scalar.isASCII {
      return "An email address cannot hold spaces, control characters or letters outside ASCII."
    }
    return "An email address cannot hold \"\(Character(scalar))\" there: give one address only."
  }
}
