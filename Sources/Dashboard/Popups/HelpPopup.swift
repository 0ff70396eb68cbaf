import TerminalUI

/// `?`: every key of the current screen (or pop-up) and the global ones, those that do
/// not work now greyed with the reason. Built from the tables dispatch reads.
public struct HelpPopup: BindingPopup, Hashable {
  public var title: String
  public var rows: [HelpRow]
  /// The first row shown when the list is longer than the box.
  public var scroll = 0

  public init(title: String, rows: [HelpRow]) {
    self.title = title
    self.rows = rows
  }

  public enum Action: Hashable, Sendable { case up, down, close }

  /// Where the list goes in `area`, and how many rows fit.
  func layout(in area: Rect) -> (box: Rect, visible: Int, scrolls: Bool) {
    let box = area.centered(width: min(76, area.width - 2), height: min(area.height, rows.count + 5))
    // Rows from under the top border to above the blank row and the hint line.
    let visible = max(1, box.height - 4)
    return (box, visible, rows.count > visible)
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
    let visible = layout(in: context.area).visible
    switch action {
    case .up: scroll = max(0, scroll - 1)
    case .down: scroll = max(0, min(rows.count - visible, scroll + 1))
    case .close: return .close
    }
    return .stay
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let (box, visible, scrolls) = layout(in: area)
    canvas.popup(box, title: title, glyphs: context.glyphs)
    let first = min(scroll, max(0, rows.count - visible))
    for (index, row) in rows.dropFirst(first).prefix(visible).enumerated() {
      let y = box.y + 1 + index
      canvas.put(TerminalText.pad(row.keys, to: 14), x: box.x + 3, y: y, style: .title)
      // A key that does not work now stays listed, greyed, with the reason instead.
      if let reason = row.disabledReason {
        canvas.put("Not now: \(reason)", x: box.x + 18, y: y, style: .muted, maxX: box.maxX - 2)
      } else {
        canvas.put(row.help, x: box.x + 18, y: y, maxX: box.maxX - 2)
      }
    }
    var footer = Self.bindings(scrolls: scrolls).hintLine()
    if scrolls { footer += " · rows \(first + 1)–\(min(rows.count, first + visible)) of \(rows.count)" }
    canvas.put(footer, x: box.x + 3, y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
  }
}
