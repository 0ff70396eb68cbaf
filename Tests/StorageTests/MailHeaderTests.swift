import Billing
import Foundation
import Testing

@testable import Storage

/// R26: every header of an outbox message holds exactly what was written, whatever the
/// names, subjects and addresses it is given.
@Suite struct MailHeaderTests {
  static let writtenNames = [
    "From", "To", "Date", "Subject", "Message-ID", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "X-ProxyDash-Kind",
  ]
  static let hostileSubjects = [
    "Receipt\r\nBcc: eve@evil.example",
    "Receipt\nTo: eve@evil.example",
    "Receipt\r\n\r\nA body of our own",
    "Reçu : 50 € payés, \"merci\"\u{2028}Bcc: eve@evil.example",
    "=?UTF-8?B?QmNjOiBldmVAZXZpbC5leGFtcGxl?=",
    "tab\there, nul\u{0}there, esc\u{1B}[31m",
  ]

  static func message(to: Mailbox, subject: String) -> MailMessage {
    var message = MailMessage(
      from: StoreSession.senderMailbox, to: to, date: Date(timeIntervalSince1970: 1_795_300_562),
      subject: subject, messageID: "ava-m1.0123abcd@proxydash.example", body: "Hello")
    message.extraHeaders = [("X-ProxyDash-Kind", "orderReceipt")]
    return message
  }

  /// What a reader shows for a subject we wrote: control characters became spaces.
  static func shown(_ subject: String) -> String {
    String(
      String.UnicodeScalarView(
        subject.unicodeScalars.map {
          $0.properties.generalCategory == .control || $0 == "\u{2028}" ? " " : $0
        }))
  }

  @Test(arguments: hostileSubjects)
  func R26_aSubjectCannotAddHeadersOrLines(subject: String) throws {
    let rendered = Self.message(to: try #require(Mailbox("ava@example.com")), subject: subject)
      .rendered
    let headers = try #require(MailReader.headers(rendered))
    #expect(headers.map(\.name) == Self.writtenNames)
    #expect(MailReader.addresses(in: MailReader.value("To", in: headers) ?? "") == ["ava@example.com"])
    let written = try #require(MailReader.value("Subject", in: headers))
    #expect(MailReader.decoded(written) == Self.shown(subject))
    #expect(String(decoding: rendered, as: UTF8.self).hasSuffix("\r\n\r\nHello\r\n"))
  }

  @Test(arguments: [
    "Eve\r\nBcc: eve@evil.example",
    "Eve, Mallory <mallory@evil.example>, bob@evil.example",
    "grp: eve@evil.example;",
    "Eve \"The Boss\" \\ Smith",
    "Ève Déjà-vu, Ltd",
    "=?UTF-8?B?bWFsbG9yeUBldmlsLmV4YW1wbGU=?=",
    "(comment) <x@evil.example>",
  ])
  func R26_aDisplayNameStaysOneNameOfOneMailbox(name: String) throws {
    let to = try #require(Mailbox("ava@example.com", displayName: name))
    let headers = try #require(MailReader.headers(Self.message(to: to, subject: "Hi").rendered))
    #expect(headers.map(\.name) == Self.writtenNames)
    let value = try #require(MailReader.value("To", in: headers))
    #expect(MailReader.addresses(in: value) == ["ava@example.com"])
    #expect(MailReader.displayName(in: value) == Self.shown(name))
  }

  @Test func R26_plainAndQuotedDisplayNames() throws {
    let plain = try #require(Mailbox("ava@example.com", displayName: "Ava Adams"))
    #expect(plain.headerValue == "Ava Adams <ava@example.com>")
    let quoted = try #require(Mailbox("ava@example.com", displayName: "Adams, Ava \"A\" \\"))
    #expect(quoted.headerValue == #""Adams, Ava \"A\" \\" <ava@example.com>"#)
    #expect(try #require(Mailbox("ava@example.com")).headerValue == "ava@example.com")
    #expect(StoreSession.senderMailbox.headerValue == StoreSession.sender)
  }

  /// An address sign-up took before it checked for one mailbox still gets its mail, as
  /// one mailbox: its local part quoted.
  @Test func R26_anOlderLooseAddressIsWrittenAsOneMailbox() throws {
    let list = try #require(Mailbox("eve,bob@example.com"))
    #expect(list.headerValue == #""eve,bob"@example.com"#)
    #expect(MailReader.addresses(in: list.headerValue) == [#""eve,bob"@example.com"#])
    let group = try #require(Mailbox("grp:a@example.com"))
    #expect(MailReader.addresses(in: group.headerValue) == [#""grp:a"@example.com"#])
    #expect(try #require(Mailbox(#"a"b\c@example.com"#)).headerValue == #""a\"b\\c"@example.com"#)
    for unwritable in [
      "no-at-sign", "a@localhost", "a@exa mple.com", "a@b.com, c@d", "a\r\nBcc: x@y.com@example.com",
      "ä@example.com", "", "@example.com", String(repeating: "a", count: 65) + "@example.com",
    ] {
      #expect(Mailbox(unwritable) == nil, "\(unwritable.debugDescription)")
    }
  }

  @Test func R26_longPlainSubjectsFoldAtSpacesAndUnfoldToThemselves() throws {
    let subject = (1...40).map { "word\($0)" }.joined(separator: " ") + "  two  spaces"
    let text = String(
      decoding: Self.message(to: try #require(Mailbox("ava@example.com")), subject: subject).rendered,
      as: UTF8.self)
    let head = try #require(text.components(separatedBy: "\r\n\r\n").first)
    #expect(head.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    #expect(head.components(separatedBy: "\r\n").allSatisfy { !$0.allSatisfy { $0 == " " } })
    let headers = try #require(MailReader.headers(Data(text.utf8)))
    #expect(MailReader.value("Subject", in: headers) == subject)
    let unbroken = String(repeating: "x", count: 2_000)
    let long = String(
      decoding: Self.message(to: try #require(Mailbox("ava@example.com")), subject: unbroken).rendered,
      as: UTF8.self)
    #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
    let longHeaders = try #require(MailReader.headers(Data(long.utf8)))
    #expect(MailReader.decoded(MailReader.value("Subject", in: longHeaders) ?? "") == unbroken)
  }

  @Test func R26_anExtraHeaderCannotSmuggleAnother() throws {
    var message = Self.message(to: try #require(Mailbox("ava@example.com")), subject: "Hi")
    message.extraHeaders = [("X-Kind\r\nBcc", "x\r\nBcc: eve@evil.example"), ("", "y")]
    message.messageID = "id>\r\nBcc: eve@evil.example"
    let headers = try #require(MailReader.headers(message.rendered))
    #expect(headers.map(\.name) == Array(Self.writtenNames.dropLast()) + ["X-Kind--Bcc", "X-Empty"])
    #expect(MailReader.value("X-Kind--Bcc", in: headers) == "x  Bcc: eve@evil.example")
    #expect(MailReader.value("Message-ID", in: headers) == "<id___Bcc__eve@evil.example>")
  }

  /// Through the outbox, as the services write: an account whose address predates the
  /// strict check still gets one `To:` address, and nothing else is added.
  @Test func R26_outboxMessagesHaveOneRecipientAndTheHeadersWritten() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let email = "eve,bob@example.com"
    try store.write {
      try $0.insertAccount(Account(id: "eve", email: email, createdAt: Date(timeIntervalSince1970: 0)))
    }
    let notice = Notice(
      kind: .orderReceipt, date: Date(timeIntervalSince1970: 0), subject: "Hi\r\nBcc: x@evil.example",
      body: "Hello")
    let message = try #require(
      try store.write { try $0.queueNotices([notice], accountID: "eve", email: email) }.first)
    let data = try Data(contentsOf: store.directory.appendingPathComponent(message.file))
    let headers = try #require(MailReader.headers(data))
    #expect(headers.map(\.name) == Self.writtenNames)
    #expect(
      MailReader.addresses(in: MailReader.value("To", in: headers) ?? "") == [#""eve,bob"@example.com"#])
    #expect(MailReader.value("Subject", in: headers) == "Hi  Bcc: x@evil.example")
  }

  @Test func R26_anAddressNoHeaderCanHoldIsRefusedAndNothingIsWritten() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let email = "eve@exa,mple.com"
    try store.write {
      try $0.insertAccount(Account(id: "eve", email: email, createdAt: Date(timeIntervalSince1970: 0)))
    }
    let notice = Notice(kind: .welcome, date: Date(timeIntervalSince1970: 0), subject: "Hi", body: "")
    #expect(throws: StoreError.self) {
      try store.write { try $0.queueNotices([notice], accountID: "eve", email: email) }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.outboxURL.path).isEmpty)
    #expect(try store.read { try $0.outbox(accountID: "eve") }.isEmpty)
  }
}
