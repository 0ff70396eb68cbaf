import TerminalUI

/// A title and some lines with an OK button: a path too long for the banner, a refusal
/// that needs reading.
public struct MessagePopup: BindingPopup, ScrollingPopup, Hashable {
  public var title: String
  public var lines: [String]
  public var scroll = 0

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

  public func body(in context: PopupContext) -> PopupBody {
    PopupBody(title: title, width: 70, footer: nil, scroll: scroll) { canvas, width in
      var row = 0
      for line in lines { row += canvas.paragraph(line, x: 0, y: row, width: width) }
      canvas.buttons(["OK"], focused: 0, x: 0, y: row + 1)
      return PopupBody.Drawn(rows: row + 2)
    }
  }
}
