/// What a cell means, not what color it is: themes map roles to colors (DESIGN.md).
public enum StyleRole: String, CaseIterable, Sendable, Hashable, Codable {
  case background, text, muted, accent, border, focus, selection, success, warning, danger, chart
}

/// How a cell is drawn: its role plus the attributes that work without color.
public struct CellStyle: Hashable, Sendable {
  public var role: StyleRole
  public var bold: Bool
  public var reverse: Bool
  public var underline: Bool

  public init(_ role: StyleRole = .text, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
    self.role = role
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
  }

  public static let text = CellStyle(.text)
  public static let muted = CellStyle(.muted)
  public static let accent = CellStyle(.accent)
  public static let border = CellStyle(.border)
  public static let focus = CellStyle(.focus, reverse: true)
  public static let selection = CellStyle(.selection, reverse: true)
  public static let success = CellStyle(.success)
  public static let warning = CellStyle(.warning, bold: true)
  public static let danger = CellStyle(.danger, bold: true)
  public static let chart = CellStyle(.chart)
  public static let title = CellStyle(.accent, bold: true)
}
