import TerminalUI

/// `q` while a form holds typed input: quitting would lose it, so it asks.
public struct QuitPopup: BindingPopup, Hashable {
  public init() {}

  static let bindings = ConfirmAction.bindings(
    confirm: "Quit and lose the input", confirmLabel: "quit", keep: "Stay", keepLabel: "stay")

  public func bindings(in context: PopupContext) -> [KeyBinding<ConfirmAction>] { Self.bindings }

  public mutating func perform(_ action: ConfirmAction, in context: PopupContext) -> PopupResult {
    switch action {
    case .confirm: .close([.effect(.quit)])
    case .keep: .close
    case .move, .activate: .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let box = area.centered(width: 50, height: 7)
    canvas.popup(box, title: "Quit?", glyphs: context.glyphs)
    canvas.put("A form has unsaved input. Quit anyway?", x: box.x + 3, y: box.y + 2)
    canvas.put(Self.bindings.hintLine(), x: box.x + 3, y: box.y + 4, style: .muted)
  }
}
