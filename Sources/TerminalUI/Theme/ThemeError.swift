/// Why a theme file was refused. Every message names the file, and the line when there
/// is one, so the customer can fix it in an editor.
public enum ThemeError: Error, Equatable, CustomStringConvertible {
  case missingFile(String)
  case unreadable(String)
  case syntax(source: String, line: Int, text: String)
  case unknownSection(source: String, line: Int, section: String)
  case unknownSetting(source: String, line: Int, key: String)
  case unknownRole(source: String, line: Int, role: String)
  case unknownColor(source: String, line: Int, value: String, role: StyleRole)
  case indexOutOfRange(source: String, line: Int, index: Int, role: StyleRole)
  case badHex(source: String, line: Int, value: String, role: StyleRole)
  case unknownAttribute(source: String, line: Int, value: String, role: StyleRole)
  case duplicateRole(source: String, line: Int, role: StyleRole, firstLine: Int)
  case missingRole(source: String, role: StyleRole)

  /// The 1-based line the problem is on, when it is on one.
  public var line: Int? {
    switch self {
    case .missingFile, .unreadable, .missingRole: nil
    case .syntax(_, let line, _), .unknownSection(_, let line, _), .unknownSetting(_, let line, _),
      .unknownRole(_, let line, _), .unknownColor(_, let line, _, _),
      .indexOutOfRange(_, let line, _, _),
      .badHex(_, let line, _, _), .unknownAttribute(_, let line, _, _),
      .duplicateRole(_, let line, _, _):
      line
    }
  }

  public var description: String {
    switch self {
    case .missingFile(let path):
      let names = Theme.builtInNames.joined(separator: ", ")
      return "No built-in theme and no theme file named \"\(path)\" (built-in themes: \(names))."
    case .unreadable(let path):
      return "\(path): cannot be read as UTF-8 text."
    case .syntax(let source, let line, let text):
      return "\(source) line \(line): cannot read `\(TerminalText.truncate(text, to: 40))`; "
        + "expected `role = \"color\"`, a [section] or a # comment."
    case .unknownSection(let source, let line, let section):
      return "\(source) line \(line): unknown section [\(section)]; "
        + "the sections are [colors], [background] and [attributes]."
    case .unknownSetting(let source, let line, let key):
      return "\(source) line \(line): unknown setting \"\(key)\"; "
        + "only name = \"...\" may come before the first section."
    case .unknownRole(let source, let line, let role):
      let roles = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
      return "\(source) line \(line): unknown role \"\(role)\"; the roles are \(roles)."
    case .unknownColor(let source, let line, let value, let role):
      return "\(source) line \(line): unknown color \"\(value)\" for role \(role.rawValue); "
        + "use a name (red, bright-red, grey, default…), an index 0–255 or \"#rrggbb\"."
    case .indexOutOfRange(let source, let line, let index, let role):
      return
        "\(source) line \(line): color index \(index) for role \(role.rawValue) is outside 0–255."
    case .badHex(let source, let line, let value, let role):
      return "\(source) line \(line): bad color \"\(value)\" for role \(role.rawValue); "
        + "write it as \"#rrggbb\" with six hex digits."
    case .unknownAttribute(let source, let line, let value, let role):
      return "\(source) line \(line): unknown attribute \"\(value)\" for role \(role.rawValue); "
        + "use bold, dim, underline, reverse or none."
    case .duplicateRole(let source, let line, let role, let firstLine):
      return "\(source) line \(line): role \(role.rawValue) is set twice in one section "
        + "(first on line \(firstLine))."
    case .missingRole(let source, let role):
      return
        "\(source): no color for role \(role.rawValue); add `\(role.rawValue) = \"...\"` under [colors]."
    }
  }
}
