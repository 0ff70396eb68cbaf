import Foundation

/// A reader of rendered messages, written from RFC 5322 and RFC 2047 rather than from
/// `MailMessage`, so the header tests see a message as a mail program would.
enum MailReader {
  struct Header: Equatable {
    var name: String
    var value: String
  }

  /// The header fields, unfolded (a line starting with a space or tab continues the one
  /// before it), or nil when the header block holds a bare CR or LF.
  static func headers(_ data: Data) -> [Header]? {
    let text = String(decoding: data, as: UTF8.self)
    guard let end = text.range(of: "\r\n\r\n") else { return nil }
    let block = String(text[..<end.lowerBound])
    var headers: [Header] = []
    for line in block.components(separatedBy: "\r\n") {
      if line.contains("\r") || line.contains("\n") { return nil }
      if let first = line.first, first == " " || first == "\t" {
        guard !headers.isEmpty else { return nil }
        headers[headers.count - 1].value += line
        continue
      }
      guard let colon = line.firstIndex(of: ":") else { return nil }
      var value = line[line.index(after: colon)...]
      if value.first == " " { value = value.dropFirst() }
      headers.append(Header(name: String(line[..<colon]), value: String(value)))
    }
    return headers
  }

  static func value(_ name: String, in headers: [Header]) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  /// The addr-specs an address-list names, in order; a group counts as `group:NAME`.
  /// Commas, colons and angle brackets inside quoted strings and comments are text.
  static func addresses(in value: String) -> [String] {
    var elements: [String] = []
    var current = ""
    var inQuotes = false
    var commentDepth = 0
    var escaped = false
    var angle = false
    var groupName: String?
    for character in value {
      if escaped {
        current.append(character)
        escaped = false
        continue
      }
      switch character {
      case "\\" where inQuotes || commentDepth > 0:
        escaped = true
        current.append(character)
      case "\"" where commentDepth == 0:
        inQuotes.toggle()
        current.append(character)
      case "(" where !inQuotes:
        commentDepth += 1
      case ")" where !inQuotes && commentDepth > 0:
        commentDepth -= 1
      case _ where commentDepth > 0:
        continue
      case "<" where !inQuotes:
        angle = true
        current.append(character)
      case ">" where !inQuotes:
        angle = false
        current.append(character)
      case "," where !inQuotes && !angle:
        elements.append(current)
        current = ""
      case ":" where !inQuotes && !angle:
        groupName = current.trimmingCharacters(in: .whitespaces)
        current = ""
      case ";" where !inQuotes && !angle:
        elements.append(current)
        current = ""
      default:
        current.append(character)
      }
    }
    elements.append(current)
    let mailboxes = elements.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      .map { element -> String in
        guard let open = element.lastIndex(of: "<"), let close = element.lastIndex(of: ">") else {
          return element
        }
        return String(element[element.index(after: open)..<close])
      }
    if let groupName { return ["group:\(groupName)"] + mailboxes }
    return mailboxes
  }

  /// The display name of a single mailbox, unquoted or decoded; nil when there is none.
  static func displayName(in value: String) -> String? {
    guard let open = value.lastIndex(of: "<") else { return nil }
    let phrase = value[..<open].trimmingCharacters(in: .whitespaces)
    if phrase.hasPrefix("\""), phrase.hasSuffix("\""), phrase.count >= 2 {
      var result = ""
      var escaped = false
      for character in phrase.dropFirst().dropLast() {
        if escaped || character != "\\" {
          result.append(character)
          escaped = false
        } else {
          escaped = true
        }
      }
      return result
    }
    return decoded(phrase)
  }

  /// RFC 2047: each `=?UTF-8?B?…?=` word decoded, the white space between two encoded
  /// words dropped.
  static func decoded(_ text: String) -> String {
    var result = ""
    var pendingSpace = ""
    var lastWasEncoded = false
    var rest = Substring(text)
    while !rest.isEmpty {
      if rest.hasPrefix("=?UTF-8?B?"), let end = rest.dropFirst(10).range(of: "?=") {
        let base64 = rest[rest.index(rest.startIndex, offsetBy: 10)..<end.lowerBound]
        if !lastWasEncoded { result += pendingSpace }
        pendingSpace = ""
        result += String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        rest = rest[end.upperBound...]
        lastWasEncoded = true
      } else if let first = rest.first, first == " " || first == "\t" {
        pendingSpace.append(first)
        rest = rest.dropFirst()
      } else {
        result += pendingSpace
        pendingSpace = ""
        let word = rest.prefix { $0 != " " && $0 != "\t" }
        result += word
        rest = rest.dropFirst(word.count)
        lastWasEncoded = false
      }
    }
    return result + pendingSpace
  }
}
