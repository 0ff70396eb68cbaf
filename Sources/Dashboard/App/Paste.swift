extension AppState {
  /// Pasted text (bracketed paste, R32) goes to the focused text field and nowhere
  /// else: on a screen, a button or a choice row it does nothing, so no pasted
  /// character ever acts as a key. A form reacts as it does to typing (a new quote, the
  /// country's name).
  mutating func handlePaste(_ text: String) -> [Effect] {
    guard let current = overlay else {
      if snapshot == nil { login.paste(text) }
      return []
    }
    switch current {
    case .checkout(var form):
      guard let snapshot, form.outcome == nil, form.form.paste(text) else { return [] }
      form.requote(snapshot: snapshot)
      overlay = .checkout(form)
    case .extra(var form):
      guard let snapshot, form.outcome == nil, form.blocked == nil, form.form.paste(text) else { return [] }
      form.requote(snapshot: snapshot)
      overlay = .extra(form)
    case .profile(var form):
      guard let snapshot, form.form.paste(text) else { return [] }
      form.noteCountry(snapshot: snapshot)
      overlay = .profile(form)
    case .payment(var form):
      if form.form.paste(text) { overlay = .payment(form) }
    case .password(var form):
      if form.form.paste(text) { overlay = .password(form) }
    case .proxyUser(var form):
      if form.form.paste(text) { overlay = .proxyUser(form) }
    case .customRange(var form):
      if form.form.paste(text) { overlay = .customRange(form) }
    case .help, .message, .quitConfirm, .profileMenu, .cancel, .refund, .confirmRemove:
      break
    }
    return []
  }
}
