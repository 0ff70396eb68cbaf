import Billing
import Foundation

/// An RFC 5322 message as the outbox writes it: CRLF line endings, an 8-bit UTF-8 body
/// (quoted-printable when a line would exceed the 998-octet limit), and headers that hold
/// exactly what they say: one mailbox in `From:` and in `To:`, no line break a value could
/// use to start a header of its own, RFC 2047 encoded words for anything outside ASCII.
public struct MailMessage: Sendable, Equatable {
  public var from: Mailbox
  public var to: Mailbox
  public var date: Date
  public var subject: String
  public var messageID: String
  public var body: String
  public var extraHeaders: [(String, String)] = []

  public init(
    from: Mailbox, to: Mailbox, date: Date, subject: String, messageID: String, body: String
  ) {
    self.from = from
    self.to = to
    self.date = date
    self.subject = subject
    self.messageID = messageID
    self.body = body
  }

  public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
    lhs.from == rhs.from && lhs.to == rhs.to && lhs.date == rhs.date && lhs.subject == rhs.subject
      && lhs.messageID == rhs.messageID && lhs.body == rhs.body
  }

  /// The message's bytes, ready to write to an `.eml` file.
  public var rendered: Data {
    let lines = Self.lines(of: body)
    let needsQuotedPrintable = lines.contains { $0.utf8.count > 998 }
    var headers = [
      ("From", from.headerValue),
      ("To", to.headerValue),
      ("Date", Self.rfc5322Date(date)),
      ("Subject", Self.unstructured(subject, after: "Subject")),
      ("Message-ID", "<\(Self.messageIDSafe(messageID))>"),
      ("MIME-Version", "1.0"),
      ("Content-Type", "text/plain; charset=utf-8"),
      ("Content-Transfer-Encoding", needsQuotedPrintable ? "quoted-printable" : "8bit"),
    ]
    headers += extraHeaders.map { name, value in
      let name = Self.fieldName(name)
      return (name, Self.unstructured(value, after: name))
    }
    var text = headers.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n")
    text += "\r\n\r\n"
    let bodyLines = needsQuotedPrintable ? lines.map(Self.quotedPrintable) : lines
    text += bodyLines.joined(separator: "\r\n")
    text += "\r\n"
    return Data(text.utf8)
  }

  /// RFC 5322's date-time: `Sat, 21 Nov 2026 22:36:02 +0000`.
  public static func rfc5322Date(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    return formatter.string(from: date)
  }

  /// Plain ASCII as is; anything else, and ASCII a reader would decode as an encoded word
  /// (`=?`), as RFC 2047 encoded words folded onto continuation lines.
  public static func encodedHeaderText(_ text: String) -> String {
    let clean = withoutControls(text)
    return isPlain(clean) ? clean : encodedWords(clean)
  }

  /// An unstructured header value (a subject): plain ASCII folded at spaces so that lines
  /// stay near 78 characters, else encoded words. A word too long to fold is encoded too,
  /// so no line passes RFC 5322's 998 octets.
  static func unstructured(_ text: String, after name: String) -> String {
    let clean = withoutControls(text)
    guard isPlain(clean) else { return encodedWords(clean) }
    var folded = ""
    var lineLength = name.utf8.count + 2
    for (index, word) in clean.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
      if word.utf8.count > 900 { return encodedWords(clean) }
      if index == 0 {
        folded += word
        lineLength += word.utf8.count
      } else if !word.isEmpty && lineLength + 1 + word.utf8.count > 78 {
        folded += "\r\n " + word
        lineLength = 1 + word.utf8.count
      } else {
        folded += " " + word
        lineLength += 1 + word.utf8.count
      }
    }
    return folded
  }

  /// RFC 2047 encoded words of at most 75 characters, folded onto continuation lines.
  static func encodedWords(_ text: String) -> String {
    var words: [String] = []
    var chunk = ""
    for character in text {
      // 45 bytes of UTF-8 become 60 base64 characters: with the 12 of the
      // `=?UTF-8?B?...?=` frame, each word stays within 75.
      if chunk.utf8.count + String(character).utf8.count > 45 {
        words.append(chunk)
        chunk = ""
      }
      chunk.append(character)
    }
    if !chunk.isEmpty { words.append(chunk) }
    return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(
      separator: "\r\n ")
  }

  static func isPlain(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0.isASCII } && !text.contains("=?")
  }

  /// A header value cannot hold line breaks (they would start new headers) nor other
  /// control characters: each becomes a space.
  static func withoutControls(_ text: String) -> String {
    var clean = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let category = scalar.properties.generalCategory
      let isBreakOrControl =
        category == .control || category == .lineSeparator || category == .paragraphSeparator
      clean.append(isBreakOrControl ? " " : scalar)
    }
    return String(clean)
  }

  /// RFC 5322's field name: printable ASCII without the colon that ends it.
  static func fieldName(_ name: String) -> String {
    let safe = String(
      String.UnicodeScalarView(
        name.unicodeScalars.map { $0.value > 32 && $0.value < 127 && $0 != ":" ? $0 : "-" }))
    return safe.isEmpty ? "X-Empty" : safe
  }

  /// A Message-ID's inside: atext, dots and the `@`; anything else becomes `_`.
  static func messageIDSafe(_ id: String) -> String {
    String(
      String.UnicodeScalarView(
        id.unicodeScalars.map { EmailAddress.isAtomText($0) || $0 == "." || $0 == "@" ? $0 : "_" }))
  }

  static func lines(of body: String) -> [String] {
    body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
      .components(separatedBy: "\n")
  }

  /// One body line in quoted-printable, soft-broken to at most 76 characters.
  static func quotedPrintable(_ line: String) -> String {
    var encoded: [String] = []
    for byte in line.utf8 {
      if (byte >= 33 && byte <= 126 && byte != 61) || byte == 32 {
        encoded.append(String(UnicodeScalar(byte)))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        encoded.append("=" + (hex.count == 1 ? "0" + hex : hex))
      }
    }
    if let last = encoded.last, last == " " { encoded[encoded.count - 1] = "=20" }
    var output: [String] = []
    var current = ""
    for piece in encoded {
      if current.count + piece.count > 75 {
        output.append(current + "=")
        current = ""
      }
      current += piece
    }
    output.append(current)
    return output.joined(separator: "\r\n")
  }
}
