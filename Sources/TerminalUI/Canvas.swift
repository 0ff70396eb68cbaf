/// One screen position: a grapheme and its style. A double-width grapheme occupies its
/// cell and marks the next one as its continuation.
public struct Cell: Hashable, Sendable {
  public var text: String
  public var style: CellStyle
  /// The right half of a double-width character: drawn by its left neighbour.
  public var isContinuation: Bool

  public init(text: String = " ", style: CellStyle = .text, isContinuation: Bool = false) {
    self.text = text
    self.style = style
    self.isContinuation = isContinuation
  }

  public static let blank = Cell()
}

/// A grid of cells that screens draw into and the terminal copies out (CRAFT.md: screens
/// are values drawn into a canvas; tests compare canvases, not terminals).
public struct Canvas: Hashable, Sendable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]
  /// Whether every cell holds ASCII (`--ascii`, a locale that is not UTF-8): text is
  /// written through `AsciiFallback`, so no screen needs its own ASCII variant.
  public let isASCIIOnly: Bool

  public init(width: Int, height: Int, asciiOnly: Bool = false) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.isASCIIOnly = asciiOnly
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Writes `text` from column `x` on row `y`, clipped at `maxX` (exclusive, default the
  /// right edge). Text is cleaned of control characters first. Returns the column after
  /// the last cell written.
  @discardableResult
  public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .text, maxX: Int? = nil) -> Int
  {
    guard y >= 0, y < height else { return x }
    let limit = min(maxX ?? width, width)
    var column = x
    // Printable ASCII, the common case: one byte, one cell, no grapheme breaking.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      for byte in text.utf8 {
        if column >= limit { break }
        if column >= 0 { self[column, y] = Cell(text: Self.asciiCells[Int(byte)], style: style) }
        column += 1
      }
      return column
    }
    for character in TerminalText.clean(text) {
      let columns = TerminalText.width(of: character)
      if columns == 0 { continue }
      if column + columns > limit { break }
      if isASCIIOnly {
        for (offset, byte) in AsciiFallback.text(for: character, columns: columns).utf8.enumerated()
        where column + offset >= 0 {
          self[column + offset, y] = Cell(text: Self.asciiCells[Int(byte)], style: style)
        }
      } else if column >= 0 {
        self[column, y] = Cell(text: String(character), style: style)
        if columns == 2 { self[column + 1, y] = Cell(text: "", style: style, isContinuation: true) }
      }
      column += columns
    }
    return column
  }

  /// Fills a rectangle with spaces of `style`.
  public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: CellStyle) {
    for row in max(0, y)..<min(height, y + h) {
      for column in max(0, x)..<min(width, x + w) {
        self[column, row] = Cell(text: " ", style: style)
      }
    }
  }

  /// The text of each row, trailing spaces removed: what tests and `script` print.
  public var lines: [String] {
    (0..<height).map { row in
      var line = ""
      for column in 0..<width {
        let cell = self[column, row]
        if !cell.isContinuation { line += cell.text }
      }
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  public var text: String { lines.joined(separator: "\n") }

  /// Greys out everything drawn so far, so that a pop-up drawn next reads as the one
  /// thing the keys now talk to.
  public mutating func dim() {
    for index in cells.indices { cells[index].style = .muted }
  }

  /// Copies `rows` of `source` (from its column 0) to column `x`, row `y`, clipped to
  /// `maxX`: how a pop-up shows the window of a body drawn taller than its box.
  public mutating func copy(_ source: Canvas, rows: Range<Int>, x: Int, y: Int, maxX: Int) {
    let limit = min(maxX, width)
    for (offset, row) in rows.enumerated() where row >= 0 && row < source.height {
      let target = y + offset
      guard target >= 0, target < height else { continue }
      for column in 0..<source.width where x + column >= 0 && x + column < limit {
        self[x + column, target] = source[column, row]
      }
    }
  }

  /// One shared String per ASCII byte, so drawing text allocates nothing per cell.
  private static let asciiCells: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

  public func contains(_ needle: String) -> Bool {
    lines.contains { $0.contains(needle) }
  }
}

extension Canvas: CustomStringConvertible {
  /// The screen as text: what a failed test shows.
  public var description: String { text }
}
