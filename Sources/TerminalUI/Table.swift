/// Rows under a header that scroll: when they do not all fit, the window moves so the
/// selected row shows (a catalog of more plans than rows no longer hides the focus).
/// Widths can be given, or computed for the area by `fitted(to:)` (ratatui's
/// constraints): figures as wide as their widest cell, a text column that gives way
/// (elided) when the area is narrow, and columns that leave before it gets too narrow.
public struct Table: Sendable {
  public struct Column: Sendable {
    /// How `fitted(to:)` finds a column's width.
    public enum Sizing: Hashable, Sendable {
      /// Exactly `width`.
      case fixed
      /// As wide as the title or the widest cell, so a figure is never cut.
      case fit
      /// As wide as its widest cell when there is room; else what the other columns
      /// leave, with its text elided (`…`), never less than `minimum` while a column can
      /// still be dropped instead.
      case shrinks(minimum: Int)
    }

    public var title: String
    /// Columns of the cell including the table's spacing after it; 0 hides the column.
    public var width: Int
    public var alignRight: Bool
    public var sizing: Sizing
    /// Columns with a priority are dropped, lowest first, when the table does not fit
    /// with its fill column at its minimum; nil never is.
    public var dropPriority: Int?

    public init(_ title: String, width: Int, alignRight: Bool = false) {
      self.title = title
      self.width = width
      self.alignRight = alignRight
      self.sizing = .fixed
    }

    public init(_ title: String, _ sizing: Sizing, alignRight: Bool = false, dropPriority: Int? = nil) {
      self.title = title
      self.width = 0
      self.alignRight = alignRight
      self.sizing = sizing
      self.dropPriority = dropPriority
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
  /// The first row shown when no row is selected (a list scrolled by keys); kept so the
  /// last page is full.
  public var scroll: Int
  public var headerStyle: CellStyle
  /// Blank columns a cell leaves at the end of its width (1), or none when the widths
  /// already hold the spacing (0).
  public var spacing: Int

  public init(
    columns: [Column], rows: [Row], selected: Int? = nil, scroll: Int = 0, headerStyle: CellStyle = .title,
    spacing: Int = 1
  ) {
    self.columns = columns
    self.rows = rows
    self.selected = selected
    self.scroll = scroll
    self.headerStyle = headerStyle
    self.spacing = spacing
  }

  /// The first row shown when `visible` rows fit: with a selection, 0 unless the selected
  /// row would fall below the window, then just enough to show it last; without one,
  /// `scroll` kept within the rows.
  public func offset(visible: Int) -> Int {
    guard rows.count > visible, visible > 0 else { return 0 }
    guard let selected else { return min(max(0, scroll), rows.count - visible) }
    return min(max(0, selected - visible + 1), rows.count - visible)
  }

  /// The rows shown in an area `height` rows tall (the header takes one).
  public func visibleRows(height: Int) -> Range<Int> {
    let visible = max(0, height - 1)
    let first = offset(visible: visible)
    return first..<min(rows.count, first + visible)
  }

  /// The table with every column's width computed for `width` columns (see `Sizing`).
  /// The last column's trailing spacing may fall past the edge.
  public func fitted(to width: Int) -> Table {
    let roomy = fittedKeepingSpacing(to: width)
    // Blank columns give way before content does: a table that would drop or elide
    // something with its spacing tries single spaces first.
    guard spacing > 1, roomy.cuts(width: width) else { return roomy }
    var tight = self
    tight.spacing = 1
    return tight.fittedKeepingSpacing(to: width)
  }

  /// Whether a fitted table left a column out or elides a cell.
  private func cuts(width: Int) -> Bool {
    columns.indices.contains { columns[$0].width < widest($0) + spacing }
  }

  private func fittedKeepingSpacing(to width: Int) -> Table {
    let natural = columns.indices.map { widest($0) + spacing }
    let shrinking = columns.indices.filter {
      if case .shrinks = columns[$0].sizing { return true }
      return false
    }
    // What each column needs before a shrinking one gives way: its minimum.
    var needed = columns.indices.map { index -> Int in
      switch columns[index].sizing {
      case .fixed: return columns[index].width
      case .fit: return natural[index]
      case .shrinks(let minimum): return min(natural[index], minimum + spacing)
      }
    }
    let room = width + spacing
    let droppable = columns.indices.filter { columns[$0].dropPriority != nil }
      .sorted { (columns[$0].dropPriority ?? 0) < (columns[$1].dropPriority ?? 0) }
    for index in droppable where needed.reduce(0, +) > room { needed[index] = 0 }
    var widths = needed
    // The shrinking columns share what is left, evenly, each up to its widest cell.
    var left = room - needed.reduce(0, +)
    var growing = shrinking.filter { needed[$0] > 0 && widths[$0] < natural[$0] }
    while left > 0 && !growing.isEmpty {
      let share = max(1, left / growing.count)
      for index in growing where left > 0 {
        let grow = min(share, natural[index] - widths[index], left)
        widths[index] += grow
        left -= grow
      }
      growing = growing.filter { widths[$0] < natural[$0] }
    }
    // Still too wide with every droppable column gone: the shrinking columns give way
    // further, down to one cell of text.
    var over = widths.reduce(0, +) - room
    for index in shrinking where over > 0 && widths[index] > 0 {
      let give = min(over, widths[index] - spacing - 1)
      widths[index] -= give
      over -= give
    }
    var copy = self
    for index in columns.indices { copy.columns[index].width = widths[index] }
    return copy
  }

  /// The title or the widest cell of a column, in display columns.
  private func widest(_ index: Int) -> Int {
    rows.reduce(TerminalText.width(columns[index].title)) { widest, row in
      guard case .cells(let cells, _) = row, cells.indices.contains(index) else { return widest }
      return max(widest, TerminalText.width(cells[index]))
    }
  }

  /// Draws the header and the rows that fit in `area`. A cell's trailing spacing may
  /// reach past the area's edge (into the screen's margin), its text never.
  public func render(into canvas: inout Canvas, area: Rect) {
    guard area.height > 0 else { return }
    let maxX = area.maxX + spacing
    draw(columns.map(\.title), style: headerStyle, into: &canvas, x: area.x, y: area.y, maxX: maxX)
    for (index, row) in visibleRows(height: area.height).enumerated() {
      let y = area.y + 1 + index
      switch rows[row] {
      case .cells(let cells, let style):
        draw(cells, style: style, into: &canvas, x: area.x, y: y, maxX: maxX)
      case .group(let title, let style): canvas.put(title, x: area.x, y: y, style: style, maxX: area.maxX)
      }
    }
  }

  private func draw(_ cells: [String], style: CellStyle, into canvas: inout Canvas, x: Int, y: Int, maxX: Int)
  {
    var column = x
    for (cell, spec) in zip(cells, columns) where spec.width > 0 {
      column = canvas.put(
        TerminalText.pad(cell, to: max(0, spec.width - spacing), alignRight: spec.alignRight)
          + String(repeating: " ", count: spacing), x: column, y: y, style: style, maxX: maxX)
    }
  }
}
