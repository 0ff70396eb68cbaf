import Billing
import Foundation

extension AppState {
  /// Routes a key to the open pop-up.
  mutating func handleOverlay(_ key: Key, snapshot: Snapshot?) -> [Effect] {
    guard let current = overlay else { return [] }
    switch current {
    case .help, .message:
      if key == .escape || key == .enter || key == .character("?") || key == .character("q")
        || key == .character("n") || key == .character("y")
      {
        overlay = nil
      }
    case .quitConfirm:
      if key == .character("y") { return [.quit] }
      if key == .character("n") || key == .escape { overlay = nil }
    case .profileMenu(var menu):
      switch key {
      case .up, .character("k"): menu.selected = max(0, menu.selected - 1)
      case .down, .character("j"): menu.selected = min(menu.items.count - 1, menu.selected + 1)
      case .escape, .character("p"):
        overlay = nil
        return []
      case .character(let letter) where letter.isLetter:
        _ = menu.jump(to: letter)
      case .enter:
        overlay = nil
        switch menu.items[menu.selected] {
        case .accountSettings:
          section = .account
          settings.tab = snapshot.map(SettingsView.openingTab(for:)) ?? 0
        case .persona(let persona): return [.switchPersona(email: persona.email)]
        case .logOut: return [.logOut]
        }
        return []
      default: break
      }
      overlay = .profileMenu(menu)
    case .cancel(var popup):
      switch confirmAction(key, focus: &popup.focus, buttons: 2) {
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
      if popup.refund != nil || !popup.eligibility.isEligible {
        if key == .escape || key == .enter || key == .character("n") || key == .character("y") {
          overlay = nil
        }
        return []
      }
      switch confirmAction(key, focus: &popup.focus, buttons: 2) {
      case .confirm?:
        overlay = .refund(popup)
        return [.requestRefund(subscriptionID: popup.subscriptionID)]
      case .keep?: overlay = nil
      default: overlay = .refund(popup)
      }
    case .confirmRemove(let id, let name, var focus):
      switch confirmAction(key, focus: &focus, buttons: 2) {
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
  private func confirmAction(_ key: Key, focus: inout Int, buttons: Int) -> ConfirmAction? {
    guard let action: ConfirmAction = CancelPopup.bindings.action(for: key) else { return nil }
    switch action {
    case .move:
      focus = (focus + 1) % buttons
      return .move
    case .activate: return focus == 1 ? .confirm : .keep
    default: return action
    }
  }
}
