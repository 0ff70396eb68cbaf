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
    let text = theme.colors(for: .text)
    let textColors = (text.foreground.colorNumber(in: mode), text.background.colorNumber(in: mode))
    var entries: [StyleRole: Entry] = [:]
    for role in StyleRole.allCases {
      let colors = theme.colors(for: role)
      let foreground = colors.foreground.colorNumber(in: mode)
      let background = colors.background.colorNumber(in: mode)
      var attributes = theme.attributes[role] ?? []
      // A role that looks like plain text here (no colors, or its colors collapsed to the
      // text's on a smaller palette: grey muted text becomes white in 8 colors) borrows
      // the monochrome theme's attributes, so roles still look different.
      if role != .text, role != .background, foreground == textColors.0, background == textColors.1 {
        attributes.formUnion(Theme.monochrome.attributes[role] ?? [])
      }
      entries[role] = Entry(
        foreground: foreground,
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
