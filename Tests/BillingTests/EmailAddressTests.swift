import Billing
import Foundation
import Testing

/// R24: "a valid RFC 5322 addr-spec without quoting or comments (one mailbox, never a list)".
@Suite struct EmailAddressTests {
  static let local64 = String(repeating: "a", count: 64)
  static let label63 = String(repeating: "b", count: 63)

  @Test(arguments: [
    "ava@example.com",
    "Ava.Adams+billing@mail.example.co.uk",
    "o'neil@example.com",
    "x_y-z@sub-domain.example",
    "!#$%&'*+-/=?^_`{|}~@example.com",
    "a@b.c",
    "user@123.example.com",
    "user@xn--bcher-kva.example",
    local64 + "@example.com",
    "a@" + label63 + ".com",
    // 254 in all: 64 + 1 + 63 + 1 + 63 + 1 + 61.
    local64 + "@" + label63 + "." + label63 + "." + String(repeating: "c", count: 61),
  ])
  func R24_oneAddrSpecIsAccepted(address: String) {
    #expect(EmailAddress.isWellFormed(address))
    #expect(EmailAddress.problem(with: address) == nil)
    #expect(PayPalAddress.check(address) == .success(address))
  }

  @Test(arguments: [
    // Lists, groups and routes: more than one recipient once in a `To:` header.
    "eve,bob@example.com", "eve@example.com,bob@example.com", "grp:a@example.com",
    "grp:a@example.com;", "a;b@example.com", "<ava@example.com>", "Ava <ava@example.com>",
    "@route:ava@example.com", "ava@example.com>",
    // Quoting, comments, escapes, domain literals.
    "\"eve\"@example.com", "\"eve,bob\"@example.com", "ava(comment)@example.com",
    "ava@(comment)example.com", "a\\b@example.com", "ava@[192.0.2.1]", "ava@[IPv6:::1]",
    // Spaces and control characters.
    "ava @example.com", "ava@exa mple.com", " ava@example.com", "ava@example.com\r\n",
    "ava@exa\nmple.com", "a\tb@example.com", "a\u{0}b@example.com", "a\u{7F}@example.com",
    "a\u{1B}[31m@example.com",
    // Outside ASCII.
    "ävä@example.com", "ava@exämple.com", "ava@example.com\u{2028}", "ava\u{200B}@example.com",
    // Dots and hyphens in the wrong places.
    ".ava@example.com", "ava.@example.com", "a..va@example.com", "ava@.example.com",
    "ava@example.com.", "ava@example..com", "ava@-example.com", "ava@example-.com",
    "ava@example.-com",
    // Missing parts.
    "", "@", "ava", "ava@", "@example.com", "ava@example", "ava@@example.com", "a@b@example.com",
    "ava@example.123", "ava@1.2.3.4", "ava@exa_mple.com",
  ])
  func R24_anythingButOneAddrSpecIsRefused(address: String) throws {
    #expect(!EmailAddress.isWellFormed(address))
    let problem = try #require(EmailAddress.problem(with: address))
    #expect(!problem.isEmpty)
    #expect(PayPalAddress.check(address) != .success(address))
  }

  @Test func R24_lengthLimits() {
    #expect(!EmailAddress.isWellFormed(Self.local64 + "a@example.com"))
    #expect(!EmailAddress.isWellFormed("a@" + Self.label63 + "b.com"))
    let longest =
      Self.local64 + "@" + Self.label63 + "." + Self.label63 + "."
      + String(repeating: "c", count: 61)
    #expect(longest.utf8.count == 254)
    #expect(EmailAddress.isWellFormed(longest))
    #expect(!EmailAddress.isWellFormed(longest + "c"))
  }

  @Test func R24_theProblemSaysWhatIsWrong() {
    #expect(EmailAddress.problem(with: "eve,bob@example.com")?.contains("\",\"") == true)
    #expect(EmailAddress.problem(with: "grp:a@example.com")?.contains("\":\"") == true)
    #expect(EmailAddress.problem(with: "a@b@example.com")?.contains("single @") == true)
    #expect(EmailAddress.problem(with: "ava@example")?.contains("domain") == true)
    #expect(EmailAddress.problem(with: "a..b@example.com")?.contains("dot") == true)
    #expect(EmailAddress.problem(with: "ava@-x.com")?.contains("hyphen") == true)
    #expect(EmailAddress.problem(with: "a b@example.com")?.contains("spaces") == true)
    #expect(EmailAddress.problem(with: Self.local64 + "a@example.com")?.contains("64") == true)
  }
}
