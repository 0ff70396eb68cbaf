/// How many colors the terminal gets: decided once at start-up.
public enum ColorMode: Hashable, Sendable, CaseIterable {
  /// No colors: bold, reverse, underline and dim only (NO_COLOR, or a terminal without colors).
  case monochrome
  /// The eight ANSI colors.
  case basic8
  /// The xterm 256-color palette.
  case xterm256

  /// The mode for a terminal reporting `colorCount` colors (ncurses' COLORS, 0 when it has
  /// none) in `environment`. NO_COLOR set and non-empty wins (https://no-color.org).
  public static func detect(environment: [String: String], colorCount: Int) -> ColorMode {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
    if colorCount >= 256 { return .xterm256 }
    if colorCount >= 8 { return .basic8 }
    return .monochrome
  }

  /// The richer of the two modes that does not exceed `limit`: an explicit request can
  /// only take colors away, never promise ones the terminal lacks.
  public func limited(to limit: ColorMode) -> ColorMode {
    let order: [ColorMode] = [.monochrome, .basic8, .xterm256]
    let mine = order.firstIndex(of: self) ?? 0
    let theirs = order.firstIndex(of: limit) ?? 0
    return order[min(mine, theirs)]
  }
}
