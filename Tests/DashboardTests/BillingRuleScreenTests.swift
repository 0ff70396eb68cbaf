import Billing
import Foundation
import Testing

@testable import Dashboard

/// The smallest UI hooks of the billing rules the FAQ settled (issue #15): `3` without a
/// subscription, resume on `c` (R22a), cancelling past due (R22), the BTC → card note.
@Suite struct BillingRuleScreenTests {
  @Test func threeWithoutASubscriptionOpensProfile() {
    let account = Account(
      id: "acct-new", email: "zoe@example.com", profile: BillingProfile(name: "Zoe Ng", country: "NL"),
      createdAt: Fixtures.now)
    var state = Fixtures.state(account, section: .usage)
    Fixtures.press([.character("3")], on: &state)
    #expect(state.section == .account)
    guard let snapshot = state.snapshot else {
      Issue.record("no snapshot")
      return
    }
    #expect(state[SettingsView.self].currentTab(in: snapshot) == .profile)
    // With a subscription, `3` still opens its tab.
    var subscribed = Fixtures.state(section: .usage)
    Fixtures.press([.character("3")], on: &subscribed)
    #expect(subscribed[SettingsView.self].tab == 0)
  }

  @Test func R22a_cOnACancelledSubscriptionOffersResume() {
    var account = Fixtures.customer()
    account.subscriptions[0].state = .cancelled
    account.subscriptions[0].autoRenew = false
    var state = Fixtures.state(account)
    Fixtures.press([.character("c")], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Resume Regular?"))
    #expect(screen.contains("nothing is charged now"))
    // Regular $400.00 + NL VAT 21 % = $484.00 at the period end.
    #expect(screen.contains("$484.00"))
    let effects = Fixtures.press([.character("y")], on: &state)
    #expect(effects == [.resume(subscriptionID: account.subscriptions[0].id)])
  }

  /// The resume pop-up's box and the bottom bar read one table: neither says "cancel it".
  @Test func R22a_resumePopUpHintsResumeInItsBoxAndTheBottomBar() {
    var account = Fixtures.customer()
    account.subscriptions[0].state = .cancelled
    account.subscriptions[0].autoRenew = false
    var state = Fixtures.state(account)
    Fixtures.press([.character("c")], on: &state)
    let rows = state.render().text.split(separator: "\n", omittingEmptySubsequences: false)
    let bottomBar = rows.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
    #expect(bottomBar.contains("y resume it"), "bottom bar: \(bottomBar)")
    #expect(!rows.contains { $0.contains("cancel it") }, "no row offers to cancel")
  }

  @Test func R22_pastDueCanBeCancelledFromItsTab() {
    var account = Fixtures.customer()
    account.subscriptions[0].state = .pastDue
    account.subscriptions[0].pastDueSince = Fixtures.now
    var state = Fixtures.state(account)
    Fixtures.press([.character("c")], on: &state)
    #expect(state.render().text.contains("The payment retries stop now"))
    let effects = Fixtures.press([.character("y")], on: &state)
    #expect(effects == [.cancel(subscriptionID: account.subscriptions[0].id)])
  }

  @Test func R16a_paymentPopUpSaysMovingOffBTCTurnsAutoRenewalOn() {
    var account = Fixtures.customer()
    account.subscriptions[0].paymentMethod = .btc
    account.subscriptions[0].autoRenew = false
    var state = Fixtures.state(account, width: 120, height: 40)
    Fixtures.press([.character("u")], on: &state)
    #expect(state.render().text.contains("Auto-renewal turns on"))
    // A card-paid subscription that already renews gets no such note.
    var card = Fixtures.state(width: 120, height: 40)
    Fixtures.press([.character("u")], on: &card)
    #expect(!card.render().text.contains("Auto-renewal turns on"))
  }
}
