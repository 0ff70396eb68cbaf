import Billing
import Foundation
import Testing

@testable import Dashboard
@testable import TerminalUI

/// R32: input is only what it seems. Pasted text is text for the focused field, and a
/// payment, cancellation or refund is answered only by a key pressed on its own
/// confirmation, after it was on screen.
@Suite struct InputSafetyTests {
  /// Account settings → Profile → Edit profile, focus on Name.
  static func editingProfile() -> AppState {
    var state = Fixtures.state()
    Fixtures.press([.tab, .tab, .character("e")], on: &state)
    return state
  }

  static func isCheckout(_ overlay: (any Popup)?) -> Bool { overlay is CheckoutForm }

  @Test func R32_escapeInsidePastedTextIsText() {
    var state = Self.editingProfile()
    guard let before = state.overlay as? ProfileForm else {
      Issue.record("Edit profile did not open: \(state.render())")
      return
    }
    // The issue's paste: typed as keys, ESC closes the form, 3 opens the subscription,
    // n opens Renew now and y paid $484.00.
    let effects = state.apply(.paste("Ava\u{1B}3ny"))
    #expect(effects.isEmpty)
    guard let after = state.overlay as? ProfileForm else {
      Issue.record("the paste closed Edit profile: \(state.render())")
      return
    }
    #expect(after.form.text(.name) == before.form.text(.name) + "Ava3ny")
    #expect(state.section == .account)
  }

  @Test func R32_pasteOutsideATextFieldDoesNothing() {
    var state = Fixtures.state()
    let screen = state.render()
    let onScreen = state.apply(.paste("3ny"))
    #expect(onScreen.isEmpty)
    #expect(state.overlay == nil)
    #expect(state.render() == screen)

    // In checkout the focus starts on the Method row: a pasted `y` is not a key.
    var checkout = Fixtures.state(section: .pricing)
    Fixtures.press([.down, .enter], on: &checkout)
    #expect(Self.isCheckout(checkout.overlay))
    let pastedY = checkout.apply(.paste("y"))
    #expect(pastedY.isEmpty)
    let pastedReturn = checkout.apply(.paste("\r"))
    #expect(pastedReturn.isEmpty)
    #expect(Self.isCheckout(checkout.overlay))
  }

  @Test func R32_pastedControlCharactersAreDroppedAndLineBreaksBecomeSpaces() {
    var field = TextField("Coupon code", maxLength: 12)
    field.insert(pasted: "a\u{1B}[201~b\u{7}\r\nc\u{9B}d\n")
    #expect(field.text == "a[201~b cd")
    field.insert(pasted: "0123456789")
    #expect(field.text == "a[201~b cd01", "cut at maxLength")
  }

  @Test func R32_pasteIntoTheLogInFormFillsTheFocusedField() {
    var state = AppState(width: 80, height: 24)
    _ = state.apply(.paste("ava@example.com\n"))
    #expect(state.login.email.text == "ava@example.com")
    #expect(state.login.focus == 0, "a pasted line break is not Enter")
  }

  @Test func R32_yOnTheCheckoutMethodRowDoesNotPay() {
    var state = Fixtures.state(section: .pricing)
    Fixtures.press([.down, .enter], on: &state)
    #expect(Fixtures.press([.character("y")], on: &state).isEmpty)
    #expect(Self.isCheckout(state.overlay))
    // Tab past the coupon to Confirm: there `y` pays.
    let effects = Fixtures.press([.tab, .tab, .character("y")], on: &state)
    guard case .buyPlan(let planID, _, _, _)? = effects.first else {
      Issue.record("expected a purchase, got \(effects)")
      return
    }
    #expect(planID == "res-advanced")
  }

  @Test func R32_keysTypedAheadOfTheCancelPopUpAreDropped() {
    var state = Fixtures.state()
    // `c` and `y` read in one go: the pop-up was never on screen when `y` came.
    _ = state.apply(.key(.character("c")))
    let typedAheadY = state.apply(.key(.character("y")))
    #expect(typedAheadY.isEmpty)
    let typedAheadEnter = state.apply(.key(.enter))
    #expect(typedAheadEnter.isEmpty)
    guard state.overlay is CancelPopup else {
      Issue.record("the pop-up should still be open: \(state.render())")
      return
    }
    // Drawn once: now `y` answers it.
    let firstFrame = state.markFrameShown()
    #expect(firstFrame)
    let secondFrame = state.markFrameShown()
    #expect(!secondFrame, "only the first frame shows it anew")
    let id = state.snapshot?.account.subscriptions[0].id ?? ""
    let confirmed = state.apply(.key(.character("y")))
    #expect(confirmed == [.cancel(subscriptionID: id)])
  }

  @Test func R32_aPopUpOpenedAgainNeedsItsOwnFrameAgain() {
    var state = Fixtures.state()
    Fixtures.press([.character("c"), .escape], on: &state)
    _ = state.apply(.key(.character("c")))
    let typedAheadY = state.apply(.key(.character("y")))
    #expect(typedAheadY.isEmpty)
  }

  @Test func R32_keysTypedAheadOfACheckoutAreDropped() {
    var state = Fixtures.state(section: .pricing)
    Fixtures.press([.down], on: &state)
    for key: Key in [.enter, .tab, .tab, .enter] {
      let typedAhead = state.apply(.key(key))
      #expect(typedAhead.isEmpty, "\(key)")
    }
    #expect(Self.isCheckout(state.overlay))
  }

  @Test func R32_refundNeedsAKeyAfterItsConfirmationWasShown() {
    var state = Fixtures.state(Fixtures.customer(planID: "res-starter", daysAgo: 1, usedGB: 1.2))
    _ = state.apply(.key(.character("r")))
    let typedAheadY = state.apply(.key(.character("y")))
    #expect(typedAheadY.isEmpty)
    _ = state.markFrameShown()
    let confirmed = state.apply(.key(.character("y")))
    #expect(confirmed.count == 1)
  }

  @Test func R32_aConfirmationBelowTheMinimumSizeIsNotShown() {
    var state = Fixtures.state()
    _ = state.apply(.key(.character("c")))
    _ = state.apply(.resize(width: 60, height: 20))
    let tooSmallFrame = state.markFrameShown()
    #expect(!tooSmallFrame, "Terminal too small hides the pop-up")
    _ = state.apply(.resize(width: 80, height: 24))
    let typedAheadY = state.apply(.key(.character("y")))
    #expect(typedAheadY.isEmpty)
    let firstFrame = state.markFrameShown()
    #expect(firstFrame)
    let confirmed = state.apply(.key(.character("y")))
    #expect(confirmed.count == 1)
  }
}
