import Billing
import Foundation

/// One mailbox as it goes in a `From:` or `To:` header: exactly one address, whatever the
/// display name or the stored address holds, so a header can never name a second
/// recipient or a group (R26).
public struct Mailbox: Sendable, Equatable {
  public var displayName: String?
  public var address: String
  /// The addr-spec as written: the address itself, or with its local part quoted.
  let addrSpec: String

  /// nil when `address` cannot be written as one mailbox. A well-formed address
  /// (`EmailAddress`) is written as it is. An address taken before sign-up checked as
  /// strictly (`eve,bob@example.com`) still has one domain after its last `@`: its local
  /// part is written as a quoted string, which names one mailbox, so the account keeps
  /// getting its mail (and its renewals, which cannot commit without their email).
  public init?(_ address: String, displayName: String? = nil) {
    if EmailAddress.isWellFormed(address) {
      addrSpec = address
    } else {
      guard let at = address.lastIndex(of: "@") else { return nil }
      let local = address[..<at]
      let domain = address[address.index(after: at)...]
      guard !local.isEmpty, local.utf8.count <= EmailAddress.maximumLocalPartLength,
        local.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }),
        EmailAddress.isWellFormedDomain(domain)
      else { return nil }
      addrSpec = Self.quoted(local) + "@" + domain
    }
    self.address = address
    self.displayName = displayName
  }

  /// The program's own addresses, written in the source and covered by the tests.
  init(constant address: String, displayName: String) {
    self.address = address
    self.displayName = displayName
    addrSpec = address
  }

  /// `addr-spec`, `Display Name <addr-spec>`, `"Quoted, Name" <addr-spec>` or
  /// `=?UTF-8?B?…?= <addr-spec>`.
  var headerValue: String {
    let name = MailMessage.withoutControls(displayName ?? "").trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty else { return addrSpec }
    return "\(Self.phrase(name)) <\(addrSpec)>"
  }

  /// A display name as atoms when it is plain words, else a quoted string, else
  /// (outside ASCII, or holding what a reader would take for an encoded word) encoded words.
  static func phrase(_ name: String) -> String {
    let scalars = name.unicodeScalars
    if scalars.contains(where: { !$0.isASCII }) || name.contains("=?") {
      return MailMessage.encodedWords(name)
    }
    if scalars.allSatisfy({ $0 == " " || EmailAddress.isAtomText($0) }) && !name.contains("  ") {
      return name
    }
    return quoted(name)
  }

  /// RFC 5322's quoted-string: a backslash before every `"` and `\`.
  static func quoted(_ text: Substring) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      if scalar == "\"" || scalar == "\\" { result += "\\" }
      result.unicodeScalars.append(scalar)
    }
    return result + "\""
  }

  static func quoted(_ text: String) -> String { quoted(text[...]) }
}
