/// What the terminal does for each role under a theme and a color mode: color numbers for
/// its color pair and the attributes to add. Pure, so the choices are testable without
/// a terminal; the Terminal target only copies them into ncurses.
public struct TerminalPalette: Hashable, Sendable {
  public struct Entry: Hashable, Sendable {
    /// Palette numbers; nil is the terminal's default color.
    public var foreground: Int?
    public var background: Int?
    public var attributes: ThemeAttributes
    /// The role has a background that differs from the screen's: reverse video from the
    /// screens is dropped, since the color already marks the bar and reversing it would
    /// swap the theme's colors.
    public var hasOwnBackground: Bool
  }

  public let mode: ColorMode
  public let entries: [StyleRole: Entry]

  public init(theme: Theme, mode: ColorMode) {
    self.mode = mode
    let base = theme.background.colorNumber(in: mode)
    var entries: [StyleRole: Entry] = [:]
    for role in StyleRole.allCases {
      let colors = theme.colors(for: role)
      var attributes = theme.attributes[role] ?? []
      if mode == .monochrome {
        // Without colors, roles still need to look different: borrow the monochrome
        // theme's attributes (NO_COLOR with a colored theme).
        attributes.formUnion(Theme.monochrome.attributes[role] ?? [])
      }
      let background = colors.background.colorNumber(in: mode)
      entries[role] = Entry(
        foreground: colors.foreground.colorNumber(in: mode),
        background: background,
        attributes: attributes,
        hasOwnBackground: mode != .monochrome && background != base
      )
    }
    self.entries = entries
  }

  /// The attributes a cell is drawn with: its own plus its role's.
  public func attributes(for style: CellStyle) -> ThemeAttributes {
    let entry = entries[style.role]
    var result = entry?.attributes ?? []
    if style.bold { result.insert(.bold) }
    if style.underline { result.insert(.underline) }
    if style.reverse, entry?.hasOwnBackground != true { result.insert(.reverse) }
    return result
  }
}
