/// Rows under a header that scroll: when they do not all fit, the window moves so the
/// selected row shows (a catalog of more plans than rows no longer hides the focus).
public struct Table: Sendable {
  public struct Column: Sendable {
    public var title: String
    /// Columns of the cell including the table's spacing after it.
    public var width: Int
    public var alignRight: Bool

    public init(_ title: String, width: Int, alignRight: Bool = false) {
      self.title = title
      self.width = width
      self.alignRight = alignRight
    }
  }

  public enum Row: Sendable {
    case cells([String], style: CellStyle)
    /// A title across the columns that groups the rows under it.
    case group(String, style: CellStyle)
  }

  public var columns: [Column]
  public var rows: [Row]
  /// Index into `rows` of the focused row, kept in view.
  public var selected: Int?
  public var headerStyle: CellStyle
  /// Blank columns a cell leaves at the end of its width (1), or none when the widths
  /// already hold the spacing (0).
  public var spacing: Int

  public init(
    columns: [Column], rows: [Row], selected: Int? = nil, headerStyle: CellStyle = .title, spacing: Int = 1
  ) {
    self.columns = columns
    self.rows = rows
    self.selected = selected
    self.headerStyle = headerStyle
    self.spacing = spacing
  }

  /// The first row shown when `visible` rows fit: 0 unless the selected row would fall
  /// below the window, then just enough to show it last.
  public func offset(visible: Int) -> Int {
    guard let selected, rows.count > visible, visible > 0 else { return 0 }
    return min(max(0, selected - visible + 1), rows.count - visible)
  }

  /// Draws the header and the rows that fit in `area`.
  public func render(into canvas: inout Canvas, area: Rect) {
    guard area.height > 0 else { return }
    draw(columns.map(\.title), style: headerStyle, into: &canvas, x: area.x, y: area.y)
    let visible = area.height - 1
    let first = offset(visible: visible)
    for (index, row) in rows.dropFirst(first).prefix(visible).enumerated() {
      let y = area.y + 1 + index
      switch row {
      case .cells(let cells, let style): draw(cells, style: style, into: &canvas, x: area.x, y: y)
      case .group(let title, let style): canvas.put(title, x: area.x, y: y, style: style, maxX: area.maxX)
      }
    }
  }

  private func draw(_ cells: [String], style: CellStyle, into canvas: inout Canvas, x: Int, y: Int) {
    var column = x
    for (cell, spec) in zip(cells, columns) {
      column = canvas.put(
        TerminalText.pad(cell, to: spec.width - spacing, alignRight: spec.alignRight)
          + String(repeating: " ", count: spacing), x: column, y: y, style: style)
    }
  }
}
