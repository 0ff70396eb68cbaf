/// A pop-up whose confirmation pays, cancels or refunds (R32), named so that a new one
/// (another checkout, another subscription) is told apart from the one already shown.
public enum MoneyConfirmation: Hashable, Sendable {
  case cancel(subscriptionID: String)
  case refund(subscriptionID: String)
  /// By the checkout's idempotency key: one per checkout opened.
  case checkout(key: String)
  case extra(key: String)
}

/// R32: a payment, a cancellation or a refund needs a key press made after its
/// confirmation was on screen.
///
/// Keys read in one go with the key that opened such a pop-up (typed ahead, or pasted
/// into a terminal without bracketed paste: `Ava<ESC>3ny`) were pressed before the
/// customer could read what they confirm, so they are dropped. Whoever shows frames
/// says so (`Runtime.render`, `Runtime.markFrameShown`): the terminal loop after each
/// drawn frame, the script runner after each step. This is the one place that decides.
extension AppState {
  /// The open pop-up's money confirmation, if its buttons are live.
  var openMoneyConfirmation: MoneyConfirmation? { overlay?.moneyConfirmation }

  /// Whether input now would reach a money confirmation nobody has seen yet. Below the
  /// minimum size the pop-up is not drawn, so it stays unseen until it is.
  var isMoneyConfirmationUnseen: Bool {
    guard let open = openMoneyConfirmation else { return false }
    return open != shownMoneyConfirmation
  }

  /// A closed confirmation is forgotten, so opening it again (`c`, Esc, then `c y` in
  /// one go) needs a frame again.
  mutating func forgetClosedConfirmation() {
    if openMoneyConfirmation == nil { shownMoneyConfirmation = nil }
  }

  /// Records that the current state was drawn; true when this frame is the first to
  /// show a money confirmation (the terminal then drops keys typed before it).
  public mutating func markFrameShown() -> Bool {
    guard !isTooSmall, isMoneyConfirmationUnseen else { return false }
    shownMoneyConfirmation = openMoneyConfirmation
    return true
  }
}
