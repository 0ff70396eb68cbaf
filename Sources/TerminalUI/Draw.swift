/// A rectangle of the canvas.
public struct Rect: Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  public var maxX: Int { x + width }
  public var maxY: Int { y + height }

  /// The rectangle inside a one-cell border and `padding` columns of margin.
  public func inset(_ dx: Int, _ dy: Int) -> Rect {
    Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
  }

  /// A `width`×`height` rectangle centred in this one.
  public func centered(width w: Int, height h: Int) -> Rect {
    let cw = min(w, width)
    let ch = min(h, height)
    return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
  }
}

/// Line-drawing glyphs, Unicode or ASCII (`--ascii`).
public struct Glyphs: Hashable, Sendable {
  public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
  public var full, empty: String
  public var bars: [String]
  public var bullet, marker, arrowRight: String

  public static let unicode = Glyphs(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
    full: "█", empty: "░", bars: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], bullet: "●",
    marker: "▸", arrowRight: "→")

  public static let ascii = Glyphs(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
    full: "#", empty: ".", bars: [" ", ".", ".", ":", ":", "|", "|", "#", "#"], bullet: "*",
    marker: ">", arrowRight: "->")
}

extension Canvas {
  /// A box border around `rect`, with an optional title in its top edge.
  public mutating func box(_ rect: Rect, title: String? = nil, glyphs: Glyphs, style: CellStyle = .border) {
    guard rect.width >= 2, rect.height >= 2 else { return }
    let horizontal = String(repeating: glyphs.horizontal, count: rect.width - 2)
    put(glyphs.topLeft + horizontal + glyphs.topRight, x: rect.x, y: rect.y, style: style)
    put(glyphs.bottomLeft + horizontal + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, style: style)
    for row in (rect.y + 1)..<(rect.maxY - 1) {
      put(glyphs.vertical, x: rect.x, y: row, style: style)
      put(glyphs.vertical, x: rect.maxX - 1, y: row, style: style)
    }
    if let title, rect.width > 6 {
      put(
        " " + TerminalText.truncate(title, to: rect.width - 6) + " ", x: rect.x + 2, y: rect.y, style: .title)
    }
  }

  /// A pop-up: the screen behind it dimmed, a blank column either side (so a word cut by
  /// its edge does not look like part of it), then its cleared background, border and title.
  public mutating func popup(_ rect: Rect, title: String, glyphs: Glyphs) {
    dim()
    fill(x: rect.x - 1, y: rect.y, width: rect.width + 2, height: rect.height, style: .text)
    box(rect, title: title, glyphs: glyphs, style: .accent)
  }

  /// The columns `tabs` needs to show every title whole.
  public static func tabsWidth(_ titles: [String]) -> Int {
    titles.reduce(0) { $0 + TerminalText.width($1) + 3 }
  }

  /// Tabs on one row: the selected one reversed. Returns the row's end column.
  @discardableResult
  public mutating func tabs(_ titles: [String], selected: Int, x: Int, y: Int, maxX: Int) -> Int {
    var column = x
    for (index, title) in titles.enumerated() {
      let text = " \(title) "
      let style: CellStyle = index == selected ? .focus : .muted
      column = put(text, x: column, y: y, style: style, maxX: maxX)
      column = put(" ", x: column, y: y, maxX: maxX)
    }
    return column
  }

  /// A horizontal gauge of `fraction` (0...1) filled cells.
  public mutating func gauge(fraction: Double, x: Int, y: Int, width: Int, glyphs: Glyphs, style: CellStyle) {
    guard width > 0 else { return }
    let clamped = min(1, max(0, fraction))
    let filled = Int((clamped * Double(width)).rounded())
    put(String(repeating: glyphs.full, count: filled), x: x, y: y, style: style)
    put(String(repeating: glyphs.empty, count: width - filled), x: x + filled, y: y, style: .muted)
  }

  /// Buttons on one row, the focused one reversed: `[ Keep subscription ]`.
  public mutating func buttons(_ titles: [String], focused: Int?, x: Int, y: Int, danger: Int? = nil) {
    var column = x
    for (index, title) in titles.enumerated() {
      var style: CellStyle = index == danger ? .danger : .accent
      if index == focused { style.reverse = true }
      column = put("[ \(title) ]", x: column, y: y, style: style)
      column += 2
    }
  }

  /// Wraps `text` to `width` columns and writes it from row `y`; returns the rows used.
  @discardableResult
  public mutating func paragraph(
    _ text: String, x: Int, y: Int, width: Int, style: CellStyle = .text, maxRows: Int = 100
  ) -> Int {
    let lines = Wrap.lines(text, width: width)
    for (index, line) in lines.prefix(maxRows).enumerated() {
      put(line, x: x, y: y + index, style: style, maxX: x + width)
    }
    return min(lines.count, maxRows)
  }
}

/// Word wrapping by display width.
public enum Wrap {
  public static func lines(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var result: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if TerminalText.width(candidate) <= width {
          line = candidate
        } else {
          if !line.isEmpty { result.append(line) }
          // A word longer than the line (a file path) is split, never cut off.
          var rest = TerminalText.clean(String(word))
          while TerminalText.width(rest) > width {
            var piece = ""
            while let next = rest.first, TerminalText.width(piece) + TerminalText.width(of: next) <= width {
              piece.append(next)
              rest.removeFirst()
            }
            if piece.isEmpty { break }
            result.append(piece)
          }
          line = rest
        }
      }
      result.append(line)
    }
    return result
  }
}
