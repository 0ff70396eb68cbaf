import Foundation

/// An RFC 5322 message as the outbox writes it: CRLF line endings, an RFC 2047 subject
/// when it is not plain ASCII, and an 8-bit UTF-8 body (quoted-printable when a line
/// would exceed the 998-octet limit).
public struct MailMessage: Sendable, Equatable {
  public var from: String
  public var to: String
  public var date: Date
  public var subject: String
  public var messageID: String
  public var body: String
  public var extraHeaders: [(String, String)] = []

  public init(
    from: String, to: String, date: Date, subject: String, messageID: String, body: String
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
      ("From", Self.headerSafe(from)),
      ("To", Self.headerSafe(to)),
      ("Date", Self.rfc5322Date(date)),
      ("Subject", Self.encodedHeaderText(subject)),
      ("Message-ID", "<\(messageID)>"),
      ("MIME-Version", "1.0"),
      ("Content-Type", "text/plain; charset=utf-8"),
      ("Content-Transfer-Encoding", needsQuotedPrintable ? "quoted-printable" : "8bit"),
    ]
    headers += extraHeaders.map { ($0.0, Self.headerSafe($0.1)) }
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

  /// Plain ASCII as is; anything else as RFC 2047 encoded words of at most 75 characters,
  /// folded onto continuation lines.
  public static func encodedHeaderText(_ text: String) -> String {
    let clean = headerSafe(text)
    if clean.allSatisfy({ $0.isASCII }) { return clean }
    var words: [String] = []
    var chunk = ""
    for character in clean {
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

  /// A header value cannot hold line breaks: they would start new headers.
  static func headerSafe(_ text: String) -> String {
    String(text.map { $0.isNewline ? " " : $0 })
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
