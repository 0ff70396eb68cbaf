import TerminalUI

/// `R` in the demo: a reset throws away everything done in this demo, for every persona,
/// so it asks first (issue 15: one stray `R` lost a prepared sales story without a word).
public struct ResetDemoPopup: BindingPopup, Hashable {
  /// 0 = Keep the demo (the default), 1 = Reset it.
  public var focus = 0

  public init() {}

  static let bindings = ConfirmAction.bindings(
    confirm: "Reset the demo data and clock", confirmLabel: "reset", keep: "Keep the demo as it is",
    keepLabel: "keep")

  static let lines = [
    "Everything done in this demo is lost: purchases, cancellations, refunds and emails, for every persona.",
    "The demo clock goes back to the demo's start.",
  ]

  public func bindings(in context: PopupContext) -> [KeyBinding<ConfirmAction>] { Self.bindings }

  public mutating func perform(_ action: ConfirmAction, in context: PopupContext) -> PopupResult {
    switch action.resolved(focus: &focus, buttons: 2) {
    case .confirm: .close([.effect(.resetDemo)])
    case .keep: .close([.banner(Banner("Nothing was reset.", tone: .info))])
    case .move, .activate: .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let width = min(64, area.width - 2)
    let wrapped = Self.lines.flatMap { Wrap.lines($0, width: width - 6) }
    let box = area.centered(width: width, height: wrapped.count + 7)
    canvas.popup(box, title: "Reset the demo?", glyphs: context.glyphs)
    for (index, line) in wrapped.enumerated() {
      canvas.put(line, x: box.x + 3, y: box.y + 2 + index, maxX: box.maxX - 2)
    }
    canvas.buttons(
      ["Keep the demo", "Reset the demo"], focused: focus, x: box.x + 3, y: box.maxY - 3, danger: 1)
    canvas.put(Self.bindings.hintLine(), x: box.x + 3, y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
  }
}
