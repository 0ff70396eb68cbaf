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
    var popup = current
    if popup.paste(text, in: popupContext) { overlay = popup }
    return []
  }
}
