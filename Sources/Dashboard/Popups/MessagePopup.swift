import TerminalUI

/// A title and some lines with an OK button: a path too long for the banner, a refusal
/// that needs reading.
public struct MessagePopup: BindingPopup, Hashable {
  public var title: String
  public var lines: [String]

  public init(title: String, lines: [String]) {
    self.title = title
    self.lines = lines
  }

  public enum Action: Hashable, Sendable { case close }

  /// Any of the keys a reader may try closes it.
  static let bindings: [KeyBinding<Action>] = [
    KeyBinding(
      [.escape, .enter, .character("?"), .character("q"), .character("n"), .character("y")], "close", "Close",
      .close, shownAs: "Esc")
  ]

  public func bindings(in context: PopupContext) -> [KeyBinding<Action>] { Self.bindings }

  public mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult { .close }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let width = min(70, area.width - 2)
    let wrapped = lines.flatMap { Wrap.lines($0, width: width - 6) }
    let box = area.centered(width: width, height: wrapped.count + 6)
    canvas.popup(box, title: title, glyphs: context.glyphs)
    for (index, line) in wrapped.enumerated() { canvas.put(line, x: box.x + 3, y: box.y + 2 + index) }
    canvas.buttons(["OK"], focused: 0, x: box.x + 3, y: box.maxY - 2)
  }
}
