import TerminalUI

/// `?`: every key of the current screen (or pop-up) and the global ones, those that do
/// not work now greyed with the reason. Built from the tables dispatch reads.
public struct HelpPopup: BindingPopup {
  public var title: String
  public var rows: [HelpRow]
  /// The first row shown when the list is longer than the box.
  public var scroll = 0
  /// The pop-up whose keys these are (`?` inside it); closing help goes back to it.
  public var returnsTo: (any Popup)?

  public init(title: String, rows: [HelpRow], returnsTo: (any Popup)? = nil) {
    self.title = title
    self.rows = rows
    self.returnsTo = returnsTo
  }

  public enum Action: Hashable, Sendable { case up, down, close }

  /// One line of the list as drawn: a long explanation wraps under itself instead of
  /// being cut at the border (Pricing's `Enter` line was).
  struct Line: Hashable {
    var keys: String
    var text: String
    var style: CellStyle
  }

  /// The keys' column, then the explanation's.
  static let keysWidth = 15

  /// Where the list goes in `area`, its lines wrapped to the box, and how many fit.
  func layout(in area: Rect) -> (box: Rect, lines: [Line], visible: Int, scrolls: Bool) {
    let width = min(76, area.width - 2)
    let textWidth = max(10, width - 5 - Self.keysWidth)
    var lines: [Line] = []
    for row in rows {
      // A key that does not work now stays listed, greyed, with the reason instead.
      let text = row.disabledReason.map { "Not now: \($0)" } ?? row.help
      let style: CellStyle = row.disabledReason == nil ? .text : .muted
      let wrapped = Wrap.lines(text, width: textWidth)
      for (index, part) in (wrapped.isEmpty ? [""] : wrapped).enumerated() {
        lines.append(Line(keys: index == 0 ? row.keys : "", text: part, style: style))
      }
    }
    let box = area.centered(width: width, height: min(area.height, lines.count + 5))
    // Rows from under the top border to above the blank row and the hint line.
    let visible = max(1, box.height - 4)
    return (box, lines, visible, lines.count > visible)
  }

  /// The close keys, and ↑/↓ when the list is longer than the box.
  static func bindings(scrolls: Bool) -> [KeyBinding<Action>] {
    (scrolls
      ? [
        KeyBinding([.up, .character("k")], "scroll", "Scroll up", .up, shownAs: "↑/↓"),
        KeyBinding([.down, .character("j")], "scroll", "Scroll down", .down, hint: false),
      ] : [])
      + [
        KeyBinding(
          [.escape, .enter, .character("?"), .character("q"), .character("n"), .character("y")], "close",
          "Close", .close, shownAs: "Esc")
      ]
  }

  public func bindings(in context: PopupContext) -> [KeyBinding<Action>] {
    Self.bindings(scrolls: layout(in: context.area).scrolls)
  }

  public mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult {
    let shown = layout(in: context.area)
    switch action {
    case .up: scroll = max(0, scroll - 1)
    case .down: scroll = max(0, min(shown.lines.count - shown.visible, scroll + 1))
    case .close: return returnsTo.map { .close([.overlay($0)]) } ?? .close
    }
    return .stay
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let (box, lines, visible, scrolls) = layout(in: area)
    canvas.popup(box, title: title, glyphs: context.glyphs)
    let first = min(scroll, max(0, lines.count - visible))
    let x = box.x + 3
    for (index, line) in lines.dropFirst(first).prefix(visible).enumerated() {
      let y = box.y + 1 + index
      canvas.put(TerminalText.pad(line.keys, to: Self.keysWidth - 1), x: x, y: y, style: .title)
      canvas.put(line.text, x: x + Self.keysWidth, y: y, style: line.style, maxX: box.maxX - 2)
    }
    var footer = Self.bindings(scrolls: scrolls).hintLine()
    if scrolls { footer += " · rows \(first + 1)–\(min(lines.count, first + visible)) of \(lines.count)" }
    canvas.put(footer, x: x, y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
  }
}
