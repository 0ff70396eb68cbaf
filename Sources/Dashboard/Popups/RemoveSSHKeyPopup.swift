import TerminalUI

/// Removing an SSH key asks first, naming the key by its fingerprint: the next
/// connection with it is refused.
public struct RemoveSSHKeyPopup: BindingPopup, Hashable {
  public var key: SSHKeyInfo
  /// 0 = Keep (the default), 1 = Remove.
  public var focus = 0

  public init(key: SSHKeyInfo) {
    self.key = key
  }

  static let bindings = ConfirmAction.bindings(
    confirm: "Remove the SSH key", confirmLabel: "remove", keep: "Keep it", keepLabel: "keep")

  public func bindings(in context: PopupContext) -> [KeyBinding<ConfirmAction>] { Self.bindings }

  public mutating func perform(_ action: ConfirmAction, in context: PopupContext) -> PopupResult {
    switch action.resolved(focus: &focus, buttons: 2) {
    case .confirm: .close([.effect(.removeSSHKey(id: key.id))])
    case .keep: .close
    case .move, .activate: .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let box = area.centered(width: min(66, area.width - 2), height: 11)
    canvas.popup(box, title: "Remove this SSH key?", glyphs: context.glyphs)
    let width = box.width - 6
    var y = box.y + 2
    canvas.put(key.fingerprint, x: box.x + 3, y: y, style: .title, maxX: box.maxX - 2)
    y += 1
    canvas.put(
      "\(key.typeName) · \(key.comment.isEmpty ? "no comment" : key.comment)", x: box.x + 3, y: y,
      style: .muted, maxX: box.maxX - 2)
    y += 2
    canvas.paragraph(
      "It will no longer open this account over ssh. Sessions open now go on until they end.",
      x: box.x + 3, y: y, width: width, maxRows: 2)
    canvas.buttons(["Keep", "Remove"], focused: focus, x: box.x + 3, y: box.maxY - 3, danger: 1)
    canvas.put(hintLine(in: context), x: box.x + 3, y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
  }
}
