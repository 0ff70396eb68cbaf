import Foundation

/// Attributes a theme adds to a role, on top of those the screens ask for. They are what
/// the monochrome theme (and NO_COLOR) relies on.
public struct ThemeAttributes: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let bold = ThemeAttributes(rawValue: 1)
  public static let dim = ThemeAttributes(rawValue: 2)
  public static let underline = ThemeAttributes(rawValue: 4)
  public static let reverse = ThemeAttributes(rawValue: 8)

  /// The words a theme file uses, in the order messages list them.
  public static let names: [(String, ThemeAttributes)] = [
    ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse),
  ]
}

/// Maps style roles to colors (DESIGN.md, Themes): what the screens mean by `accent` or
/// `danger` is decided here, not in the screens.
public struct Theme: Hashable, Sendable {
  public var name: String
  /// The text color of every role except `background`.
  public var foreground: [StyleRole: ThemeColor]
  /// The screen's background, behind every role without its own.
  public var background: ThemeColor
  /// Roles drawn on their own background (typically focus and selection bars).
  public var roleBackgrounds: [StyleRole: ThemeColor]
  /// Attributes added to a role wherever it is drawn.
  public var attributes: [StyleRole: ThemeAttributes]

  public init(
    name: String,
    foreground: [StyleRole: ThemeColor],
    background: ThemeColor,
    roleBackgrounds: [StyleRole: ThemeColor] = [:],
    attributes: [StyleRole: ThemeAttributes] = [:]
  ) {
    self.name = name
    self.foreground = foreground
    self.background = background
    self.roleBackgrounds = roleBackgrounds
    self.attributes = attributes
  }

  /// The colors a cell of `role` is drawn in. The `background` role is text on the
  /// screen's background.
  public func colors(for role: StyleRole) -> (foreground: ThemeColor, background: ThemeColor) {
    let text = role == .background ? foreground[.text] : foreground[role]
    return (text ?? foreground[.text] ?? .terminalDefault, roleBackgrounds[role] ?? background)
  }

  public static let builtInNames = ["default", "light", "high-contrast", "monochrome"]

  /// A shipped theme by name, from the text embedded in the binary.
  public static func builtIn(named name: String) -> Theme? {
    guard let text = BuiltInThemes.text(named: name) else { return nil }
    return try? parse(text, name: name, source: "built-in theme \(name)")
  }

  /// The default dark theme.
  public static let standard: Theme = builtIn(named: "default") ?? fallback

  /// The shipped monochrome theme: its attributes are what NO_COLOR falls back on.
  public static let monochrome: Theme = builtIn(named: "monochrome") ?? fallback

  /// Terminal defaults and attributes only; used only if an embedded theme failed to
  /// parse, which ThemeTests rule out.
  static let fallback = Theme(
    name: "fallback",
    foreground: Dictionary(
      uniqueKeysWithValues: StyleRole.allCases.filter { $0 != .background }.map {
        ($0, .terminalDefault)
      }),
    background: .terminalDefault,
    attributes: [.accent: .bold, .muted: .dim, .warning: .bold, .danger: [.bold, .underline]]
  )

  /// `--theme NAME|FILE`: a built-in name, else the path of a theme file.
  public static func load(nameOrPath: String) throws(ThemeError) -> Theme {
    if let theme = builtIn(named: nameOrPath) { return theme }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: nameOrPath, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else { throw .missingFile(nameOrPath) }
    let text: String
    do {
      text = try String(contentsOfFile: nameOrPath, encoding: .utf8)
    } catch {
      throw .unreadable(nameOrPath)
    }
    let fileName = URL(fileURLWithPath: nameOrPath).deletingPathExtension().lastPathComponent
    return try parse(text, name: fileName, source: nameOrPath)
  }
}
