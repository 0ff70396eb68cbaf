import Foundation

extension Theme {
  /// Reads a theme file: a small, line-based subset of TOML so that every error can name
  /// its line.
  ///
  /// ```
  /// name = "default"        # optional, before any section
  /// [colors]                # every role: background, text, muted, accent, …
  /// accent = "#5fafff"      # a name, "default", 0–255 or "#rrggbb"
  /// [background]            # optional: roles drawn on their own background
  /// focus = "#005f87"
  /// [attributes]            # optional: bold, dim, underline, reverse, none
  /// accent = "bold"
  /// ```
  ///
  /// `name` is the theme's name unless the file sets one; `source` (default `name`) is how
  /// messages refer to the file.
  public static func parse(_ text: String, name: String, source: String? = nil) throws(ThemeError)
    -> Theme
  {
    let source = source ?? name
    var themeName = name
    var section: Section?
    var colors: [StyleRole: ThemeColor] = [:]
    var backgrounds: [StyleRole: ThemeColor] = [:]
    var attributes: [StyleRole: ThemeAttributes] = [:]
    var seen: [Section: [StyleRole: Int]] = [:]

    for (offset, rawLine) in text.split(
      omittingEmptySubsequences: false, whereSeparator: \.isNewline
    ).enumerated() {
      let lineNumber = offset + 1
      let line = String(rawLine.trimmingBlanks())
      if line.isEmpty || line.hasPrefix("#") { continue }

      if line.hasPrefix("[") {
        guard let close = line.firstIndex(of: "]"),
          isBlankOrComment(line[line.index(after: close)...])
        else { throw .syntax(source: source, line: lineNumber, text: line) }
        let header = String(line[line.index(after: line.startIndex)..<close].trimmingBlanks())
        guard let next = Section(rawValue: header) else {
          throw .unknownSection(source: source, line: lineNumber, section: header)
        }
        section = next
        continue
      }

      guard let equals = line.firstIndex(of: "=") else {
        throw .syntax(source: source, line: lineNumber, text: line)
      }
      let key = String(line[..<equals].trimmingBlanks())
      guard !key.isEmpty,
        key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
        let value = parseValue(line[line.index(after: equals)...])
      else { throw .syntax(source: source, line: lineNumber, text: line) }

      guard let section else {
        guard key == "name" else {
          throw .unknownSetting(source: source, line: lineNumber, key: key)
        }
        themeName = TerminalText.clean(value)
        continue
      }
      guard let role = StyleRole(rawValue: key) else {
        throw .unknownRole(source: source, line: lineNumber, role: key)
      }
      if let firstLine = seen[section]?[role] {
        throw .duplicateRole(source: source, line: lineNumber, role: role, firstLine: firstLine)
      }
      seen[section, default: [:]][role] = lineNumber

      switch section {
      case .colors:
        colors[role] = try color(value, role: role, source: source, line: lineNumber)
      case .background:
        backgrounds[role] = try color(value, role: role, source: source, line: lineNumber)
      case .attributes:
        attributes[role] = try attributeSet(value, role: role, source: source, line: lineNumber)
      }
    }

    for role in StyleRole.allCases where colors[role] == nil {
      throw .missingRole(source: source, role: role)
    }
    let background = colors.removeValue(forKey: .background) ?? .terminalDefault
    return Theme(
      name: themeName, foreground: colors, background: background, roleBackgrounds: backgrounds,
      attributes: attributes)
  }

  private enum Section: String {
    case colors, background, attributes
  }

  /// A quoted string ("…" or '…') or a bare integer, optionally followed by a comment.
  private static func parseValue(_ text: Substring) -> String? {
    let text = text.drop(while: { $0 == " " || $0 == "\t" })
    guard let first = text.first else { return nil }
    if first == "\"" || first == "'" {
      let body = text.dropFirst()
      guard let close = body.firstIndex(of: first),
        isBlankOrComment(body[body.index(after: close)...])
      else { return nil }
      return String(body[..<close])
    }
    let bare = String((text.firstIndex(of: "#").map { text[..<$0] } ?? text).trimmingBlanks())
    guard !bare.isEmpty, bare.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return bare
  }

  private static func isBlankOrComment(_ text: Substring) -> Bool {
    let rest = text.trimmingBlanks()
    return rest.isEmpty || rest.hasPrefix("#")
  }

  private static func color(_ value: String, role: StyleRole, source: String, line: Int)
    throws(ThemeError)
    -> ThemeColor
  {
    if let color = ThemeColor(parsing: value) { return color }
    let trimmed = String(value.trimmingBlanks())
    if trimmed.hasPrefix("#") {
      throw .badHex(source: source, line: line, value: trimmed, role: role)
    }
    if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(trimmed) {
      throw .indexOutOfRange(source: source, line: line, index: index, role: role)
    }
    throw .unknownColor(
      source: source, line: line, value: TerminalText.truncate(trimmed, to: 30), role: role)
  }

  private static func attributeSet(_ value: String, role: StyleRole, source: String, line: Int)
    throws(ThemeError)
    -> ThemeAttributes
  {
    var result: ThemeAttributes = []
    let words = value.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "+" })
    for word in words where word != "none" {
      guard let match = ThemeAttributes.names.first(where: { $0.0 == word }) else {
        throw .unknownAttribute(
          source: source, line: line, value: TerminalText.truncate(String(word), to: 30), role: role
        )
      }
      result.insert(match.1)
    }
    return result
  }
}

extension StringProtocol {
  /// Without the blanks (spaces of any width, tabs, a carriage return) at either end.
  /// Foundation's `trimmingCharacters(in: .whitespaces)` did this, but its first use builds
  /// CharacterSet machinery, and the default theme is parsed at every start.
  func trimmingBlanks() -> SubSequence {
    func isBlank(_ character: Character) -> Bool {
      character == "\t" || character == "\r"
        || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
    }
    guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) })
    else { return self[endIndex...] }
    return self[first...last]
  }
}
