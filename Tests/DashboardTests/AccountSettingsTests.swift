import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

@Suite struct AccountSettingsTests {
  @Test(arguments: [(80, 24), (120, 40)])
  func subscriptionTabShowsDesignLabels(width: Int, height: Int) {
    let state = Fixtures.state(width: width, height: height)
    let screen = state.render().text
    #expect(screen.contains("State: Active"))
    #expect(screen.contains("Auto-renewal: on"))
    // Regular $400 + 21 % NL VAT = $484.00, due at the period end: bought 28 days
    // before 16 Nov, on 19 Oct, so R5's period ends one calendar month later, 19 Nov.
    #expect(screen.contains("Next charge: 19 Nov 2026 $484.00"))
    #expect(screen.contains("Visa ending 4242"))
    #expect(screen.contains("Refund: not available"))
    #expect(screen.contains("ava@example.com"))
    #expect(!screen.contains("Terminal too small"))
  }

  @Test func R22_cancelPopupStatesConsequencesAndDefaultsToKeep() {
    var state = Fixtures.state()
    Fixtures.press([.character("c")], on: &state)
    let screen = state.render().text
    #expect(screen.contains("No further payments"))
    #expect(screen.contains("Your account is not deleted"))
    #expect(screen.contains("Keep subscription"))
    guard let popup = state.overlay as? CancelPopup else {
      Issue.record("no cancel pop-up")
      return
    }
    #expect(popup.focus == 0)
    // Enter on the default button keeps: no effect, pop-up closed.
    let effects = Fixtures.press([.enter], on: &state)
    #expect(effects.isEmpty)
    #expect(state.overlay == nil)
  }

  @Test func R22_confirmingCancelAsksTheServices() {
    var state = Fixtures.state()
    let effects = Fixtures.press([.character("c"), .character("y")], on: &state)
    let id = state.snapshot?.account.subscriptions[0].id ?? ""
    #expect(effects == [.cancel(subscriptionID: id)])
  }

  @Test func R22_escapeAndNKeepTheSubscription() {
    for key in [Key.escape, .character("n")] {
      var state = Fixtures.state()
      let effects = Fixtures.press([.character("c"), key], on: &state)
      #expect(effects.isEmpty)
      #expect(state.overlay == nil)
    }
  }

  @Test func R16_cardFormRefusesFieldByField() {
    var state = Fixtures.state()
    Fixtures.press([.character("u")], on: &state)
    // The focus starts on the card number. Number with a typo (Luhn fails), expiry in the past, no code, no name.
    for character in "4242424242424241" { Fixtures.press([.character(character)], on: &state) }
    Fixtures.press([.tab], on: &state)
    for character in "01/20" { Fixtures.press([.character(character)], on: &state) }
    // Skip the code and the name, then press Save.
    let effects = Fixtures.press([.tab, .tab, .tab, .enter], on: &state)
    #expect(effects.isEmpty)
    let screen = state.render().text
    #expect(screen.contains("not valid"))
    #expect(screen.contains("expired"))
  }

  @Test func R16_validCardIsSentToTheServices() {
    var state = Fixtures.state()
    Fixtures.press([.character("u")], on: &state)
    for (text, _) in [("4000 0000 0000 0002", 0), ("12/29", 1), ("123", 2), ("Ava Jansen", 3)] {
      for character in text { Fixtures.press([.character(character)], on: &state) }
      Fixtures.press([.tab], on: &state)
    }
    let effects = Fixtures.press([.enter], on: &state)
    guard case .updatePaymentMethod(_, .card(let entry))? = effects.first else {
      Issue.record("expected a card update, got \(effects)")
      return
    }
    #expect(entry.number == "4000 0000 0000 0002")
    #expect(entry.holder == "Ava Jansen")
  }

  /// A placeholder says what goes in a field: a test card number there looked filled in,
  /// and showed real customers a test card.
  @Test func R16_cardPlaceholdersAreGenericNotATestCard() {
    var state = Fixtures.state()
    Fixtures.press([.character("u")], on: &state)
    Fixtures.press([.tab, .tab], on: &state)  // the number stays empty and loses the focus
    let screen = state.render().text
    #expect(!screen.contains("4242 4242 4242 4242"))
    #expect(!screen.contains("12/29"))
    #expect(screen.contains("card number"))
  }

  @Test func R20_refundVerdictNamesTheFailingCondition() {
    var state = Fixtures.state()
    Fixtures.press([.character("r")], on: &state)
    let screen = state.render().text
    // Bought 28 days ago: the 72-hour window is long gone.
    #expect(screen.contains("The 3-day money-back window ended"))
  }

  @Test func R20_eligibleRefundAsksFirst() {
    var state = Fixtures.state(Fixtures.customer(planID: "res-starter", daysAgo: 1, usedGB: 1.2))
    #expect(state.render().contains("Refund: eligible until"))
    Fixtures.press([.character("r")], on: &state)
    #expect(state.render().contains("Request refund"))
    let effects = Fixtures.press([.character("y")], on: &state)
    #expect(effects.count == 1)
  }

  @Test func billingHistoryListsTheOrderWithVAT() {
    var state = Fixtures.state(width: 120, height: 40)
    Fixtures.press([.tab], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Billing history"))
    // Regular $400.00 net, NL VAT 21 % = $84.00, total $484.00.
    #expect(screen.contains("$400.00"))
    #expect(screen.contains("$84.00"))
    #expect(screen.contains("$484.00"))
  }

  @Test func profileTabShowsTheProfile() {
    var state = Fixtures.state()
    Fixtures.press([.tab, .tab], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Netherlands (NL)"))
    #expect(screen.contains("VAT 21 %"))
  }

  @Test func terminalTooSmallRecovers() {
    var state = Fixtures.state()
    _ = state.apply(.resize(width: 70, height: 20))
    #expect(state.render().contains("Terminal too small"))
    _ = state.apply(.resize(width: 80, height: 24))
    #expect(state.render().contains("State: Active"))
  }

  @Test func helpIsBuiltFromTheKeyTable() {
    var state = Fixtures.state()
    Fixtures.press([.character("?")], on: &state)
    let screen = state.render().text
    let snapshot = Fixtures.snapshot(Fixtures.customer())
    let bindings = SettingsView.subscriptionBindings(for: snapshot.account.subscriptions[0], in: snapshot)
    for binding in bindings {
      // A key that does not work now is listed with its reason instead.
      let text = binding.disabledReason.map { "Not now: \($0.prefix(30))" } ?? binding.help
      #expect(screen.contains(text), "help misses \(text)")
    }
  }

  @Test func hostileNamesNeverReachTheScreenRaw() {
    var account = Fixtures.customer()
    account.profile.name = "Eve\u{1B}]52;c;AAAA\u{07}\u{202E}lin\u{9B}31m"
    var state = Fixtures.state(account)
    Fixtures.press([.tab, .tab], on: &state)
    let text = state.render().text
    #expect(!text.contains("\u{1B}"))
    #expect(!text.contains("\u{202E}"))
    #expect(!text.contains("\u{9B}"))
    #expect(text.contains("Evelin"))
  }
}
