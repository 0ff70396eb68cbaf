import TerminalUI

/// Removing a proxy user (R25) asks first: it stops authenticating at once.
public struct RemoveProxyUserPopup: BindingPopup, Hashable {
  public var proxyUserID: String
  public var name: String
  /// 0 = Keep (the default), 1 = Remove.
  public var focus = 0

  public init(proxyUserID: String, name: String) {
    self.proxyUserID = proxyUserID
    self.name = name
  }

  static let bindings = ConfirmAction.bindings(
    confirm: "Remove the proxy user", confirmLabel: "remove", keep: "Keep it", keepLabel: "keep")

  public func bindings(in context: PopupContext) -> [KeyBinding<ConfirmAction>] { Self.bindings }

  public mutating func perform(_ action: ConfirmAction, in context: PopupContext) -> PopupResult {
    switch action.resolved(focus: &focus, buttons: 2) {
    case .confirm: .close([.effect(.removeProxyUser(id: proxyUserID))])
    case .keep: .close
    case .move, .activate: .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let box = area.centered(width: min(60, area.width - 2), height: 9)
    canvas.popup(box, title: "Remove \(name)?", glyphs: context.glyphs)
    canvas.paragraph(
      "\(name) can no longer authenticate to the proxies. Its usage history stays.", x: box.x + 3,
      y: box.y + 2, width: box.width - 6)
    canvas.buttons(["Keep", "Remove"], focused: focus, x: box.x + 3, y: box.maxY - 3, danger: 1)
  }
}
