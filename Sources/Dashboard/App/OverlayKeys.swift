import Billing
import Foundation
import TerminalUI

extension AppState {
  /// Routes a key to the open pop-up, through the same tables its hints come from.
  mutating func handleOverlay(_ key: Key, snapshot: Snapshot?) -> [Effect] {
    guard let current = overlay else { return [] }
    switch current {
    case .help(let scroll):
      let help = helpLayout()
      switch OverlayKeys.help(scrolls: help.scrolls).action(for: key) {
      case .up?: overlay = .help(scroll: max(0, scroll - 1))
      case .down?: overlay = .help(scroll: min(help.lines.count - help.visible, scroll + 1))
      case .close?: overlay = nil
      case nil: break
      }
    case .message:
      if OverlayKeys.close.action(for: key) != nil { overlay = nil }
    case .quitConfirm:
      switch OverlayKeys.quit.action(for: key) {
      case .confirm?: return [.quit]
      case .keep?: overlay = nil
      default: break
      }
    case .profileMenu(var menu):
      guard let action = OverlayKeys.menu(hasPersonas: menu.hasPersonas).action(for: key) else { return [] }
      switch action {
      case .up: menu.selected = max(0, menu.selected - 1)
      case .down: menu.selected = min(menu.items.count - 1, menu.selected + 1)
      case .close:
        overlay = nil
        return []
      case .jump:
        if case .character(let letter) = key { _ = menu.jump(to: letter) }
      case .choose:
        overlay = nil
        switch menu.items[menu.selected] {
        case .accountSettings:
          guard let snapshot else { return [] }
          return show(.account, snapshot: snapshot)
        case .persona(let persona): return [.switchPersona(email: persona.email)]
        case .logOut: return [.logOut]
        }
      }
      overlay = .profileMenu(menu)
    case .cancel(var popup):
      switch confirmAction(key, in: popup.bindings, focus: &popup.focus, buttons: 2) {
      case .confirm?:
        overlay = nil
        return [
          popup.resumes
            ? .resume(subscriptionID: popup.subscriptionID) : .cancel(subscriptionID: popup.subscriptionID)
        ]
      case .keep?:
        overlay = nil
        banner = Banner("Kept: nothing changed.", tone: .info)
      default: overlay = .cancel(popup)
      }
    case .refund(var popup):
      if !popup.asksToConfirm {
        if RefundPopup.closeBindings.action(for: key) != nil { overlay = nil }
        return []
      }
      switch confirmAction(key, in: RefundPopup.bindings, focus: &popup.focus, buttons: 2) {
      case .confirm?:
        overlay = .refund(popup)
        return [.requestRefund(subscriptionID: popup.subscriptionID)]
      case .keep?: overlay = nil
      default: overlay = .refund(popup)
      }
    case .confirmRemove(let id, let name, var focus):
      switch confirmAction(key, in: OverlayKeys.remove, focus: &focus, buttons: 2) {
      case .confirm?:
        overlay = nil
        return [.removeProxyUser(id: id)]
      case .keep?: overlay = nil
      default: overlay = .confirmRemove(proxyUserID: id, name: name, focus: focus)
      }
    case .payment(var form):
      guard let snapshot else { return [] }
      let result = form.handle(key, snapshot: snapshot)
      overlay = result.close ? nil : .payment(form)
      return result.effects
    case .checkout(var form):
      guard let snapshot else { return [] }
      let result = form.handle(key, snapshot: snapshot)
      overlay = result.close ? nil : .checkout(form)
      return result.effects
    case .extra(var form):
      guard let snapshot else { return [] }
      let result = form.handle(key, snapshot: snapshot)
      overlay = result.close ? nil : .extra(form)
      return result.effects
    case .profile(var form):
      guard let snapshot else { return [] }
      let result = form.handle(key, snapshot: snapshot)
      overlay = result.close ? nil : .profile(form)
      return result.effects
    case .password(var form):
      let result = form.handle(key)
      overlay = result.close ? nil : .password(form)
      return result.effects
    case .proxyUser(var form):
      guard let snapshot else { return [] }
      let result = handleProxyUserForm(key, form: &form, snapshot: snapshot)
      overlay = result.close ? nil : .proxyUser(form)
      return result.effects
    case .customRange(var form):
      guard let snapshot else { return [] }
      let result = handleCustomRange(key, form: &form, snapshot: snapshot)
      overlay = result.close ? nil : .customRange(form)
      return result.effects
    }
    return []
  }

  /// y / n / arrows / Enter on a two-button pop-up whose button 1 is the action.
  private func confirmAction(
    _ key: Key, in bindings: [KeyBinding<ConfirmAction>], focus: inout Int, buttons: Int
  ) -> ConfirmAction? {
    guard let action: ConfirmAction = bindings.action(for: key) else { return nil }
    switch action {
    case .move:
      focus = (focus + 1) % buttons
      return .move
    case .activate: return focus == 1 ? .confirm : .keep
    default: return action
    }
  }
}

/// The key tables of the pop-ups that have no type of their own; the others keep theirs
/// beside their state (`CancelPopup.bindings`, `Form.bindings`).
enum OverlayKeys {
  enum Close: Hashable, Sendable { case close }

  /// Help and messages: any of the keys a reader may try closes them.
  static let close: [KeyBinding<Close>] = [
    KeyBinding(
      [.escape, .enter, .character("?"), .character("q"), .character("n"), .character("y")], "close", "Close",
      .close, shownAs: "Esc")
  ]

  enum Help: Hashable, Sendable { case up, down, close }

  /// `?`: the close keys, and ↑/↓ when the list is longer than the box.
  static func help(scrolls: Bool) -> [KeyBinding<Help>] {
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

  static let quit = ConfirmAction.bindings(
    confirm: "Quit and lose the input", confirmLabel: "quit", keep: "Stay", keepLabel: "stay")

  static let remove = ConfirmAction.bindings(
    confirm: "Remove the proxy user", confirmLabel: "remove", keep: "Keep it", keepLabel: "keep")

  enum Menu: Hashable, Sendable { case up, down, jump, choose, close }

  /// The profile menu; letters jump to a persona only where there are personas.
  static func menu(hasPersonas: Bool) -> [KeyBinding<Menu>] {
    // k, j and p keep their own meaning, as they did before letters jumped.
    let letters = "abcdefghilmnoqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".map { Key.character($0) }
    return [
      KeyBinding([.up, .character("k")], "move", "Move", .up, shownAs: "↑/↓"),
      KeyBinding([.down, .character("j")], "move", "Move down", .down, hint: false),
    ]
      + (hasPersonas
        ? [
          KeyBinding(
            letters, "persona", "Jump to the persona whose address starts with it", .jump, shownAs: "a–z")
        ] : [])
      + [
        KeyBinding([.enter], "choose", "Choose", .choose),
        KeyBinding([.escape, .character("p")], "close", "Close", .close, shownAs: "Esc"),
      ]
  }
}

extension AppState {
  /// The pop-up's keys as the bottom bar shows them: the tables dispatch reads.
  func hintRows(_ overlay: Overlay) -> [HelpRow] {
    switch overlay {
    case .help: OverlayKeys.help(scrolls: helpLayout().scrolls).helpRows()
    case .message: OverlayKeys.close.helpRows()
    case .quitConfirm: OverlayKeys.quit.helpRows()
    case .profileMenu(let menu): OverlayKeys.menu(hasPersonas: menu.hasPersonas).helpRows()
    case .cancel(let popup): popup.bindings.helpRows()
    case .refund(let popup):
      popup.asksToConfirm ? RefundPopup.bindings.helpRows() : RefundPopup.closeBindings.helpRows()
    case .confirmRemove: OverlayKeys.remove.helpRows()
    case .payment(let form): form.form.bindings.helpRows()
    case .checkout(let form): form.form.bindings.helpRows()
    case .extra(let form): form.form.bindings.helpRows()
    case .proxyUser(let form): form.form.bindings.helpRows()
    case .customRange(let form): form.form.bindings.helpRows()
    case .profile(let form): form.form.bindings.helpRows()
    case .password(let form): form.form.bindings.helpRows()
    }
  }
}
