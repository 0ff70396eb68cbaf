import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Issue 15: a key is hinted only where its action can work in the current state; `?`
/// keeps it, with the reason, and pressing it says why instead of opening a form.
@Suite struct BindingsByStateTests {
  /// The hinted keys of the current screen (the bottom bar's rows).
  static func hinted(_ state: AppState) -> Set<String> {
    Set(state.hintRows.filter(\.isHinted).map(\.keys))
  }

  /// The reason `?` gives for `key`, nil when it works now.
  static func reason(_ key: String, _ state: AppState) -> String? {
    state.hintRows.first { $0.keys == key }?.disabledReason
  }

  static func account(_ change: (inout Subscription) -> Void) -> Account {
    var account = Fixtures.customer()
    change(&account.subscriptions[0])
    return account
  }

  @Test func R22_afterRefundHintsOfferNoCancel() {
    let refunded = Self.account {
      $0.state = .refunded
      $0.autoRenew = false
      $0.endedAt = Fixtures.now
    }
    var state = Fixtures.state(refunded)
    for key in ["c", "u", "r", "t", "n"] {
      #expect(!Self.hinted(state).contains(key), "\(key) is hinted on a refunded subscription")
      #expect(Self.reason(key, state) != nil, "\(key) has no reason in help")
    }
    #expect(Self.reason("c", state) == "This subscription is refunded: there is nothing to cancel.")
    Fixtures.press([.character("u")], on: &state)
    #expect(state.overlay == nil)
    #expect(state.banner?.text.contains("nothing left to pay") == true)
    Fixtures.press([.character("t")], on: &state)
    #expect(state.overlay == nil)
    Fixtures.press([.character("n")], on: &state)
    #expect(state.overlay == nil)
    // The tab's own list of actions offers none of them either.
    let screen = state.render().text
    #expect(!screen.contains("Update payment method"), "\(screen)")
    #expect(!screen.contains("Renew now"), "\(screen)")
  }

  @Test func R7a_pastDueOffersCancelAndPaymentButNoExtras() {
    let pastDue = Self.account {
      $0.state = .pastDue
      $0.pastDueSince = Fixtures.now.addingTimeInterval(-3600)
    }
    let state = Fixtures.state(pastDue)
    #expect(Self.hinted(state).isSuperset(of: ["c", "u"]))
    for key in ["t", "n", "b"] {
      #expect(
        Self.reason(key, state)
          == "This subscription is past due: update the payment method to retry the renewal.", "\(key)")
    }
  }

  @Test func R20_refundIsOfferedOnlyInsideTheGuarantee() {
    // Bought 28 days ago: the 3-day window has ended, and help says so.
    let late = Fixtures.state()
    #expect(!Self.hinted(late).contains("r"))
    #expect(Self.reason("r", late)?.hasPrefix("The 3-day money-back window ended on") == true)
    // Bought a day ago, 1 GB of the 5 GB limit used: eligible.
    let early = Fixtures.state(Fixtures.customer(daysAgo: 1, usedGB: 1))
    #expect(Self.hinted(early).contains("r"))
  }

  @Test func R8_residentialTrafficIsOfferedOnlyOnceUsedUp() {
    // 44 of 50 GB used: not yet (R8), with Billing's reason.
    let state = Fixtures.state()
    #expect(Self.reason("t", state)?.hasPrefix("Extra residential traffic can be added once") == true)
    let exhausted = Fixtures.state(Fixtures.customer(usedGB: 50))
    #expect(Self.reason("t", exhausted) == nil)
  }

  @Test func R16_btcSubscriptionOffersNoExtrasAndSaysWhereToAsk() {
    let btc = Self.account {
      $0.paymentMethod = .btc
      $0.autoRenew = false
      $0.used = $0.available
    }
    let state = Fixtures.state(btc)
    #expect(Self.reason("t", state) == "Paid in BTC: extras are arranged with support, \(Support.email).")
    #expect(Self.reason("b", state) == Self.reason("t", state))
    #expect(Self.hinted(state).contains("u"))
  }

  @Test func R8_pricingOffersNoExtrasWithoutASubscription() {
    var account = Fixtures.customer()
    account.subscriptions = []
    let state = Fixtures.state(account, section: .pricing)
    let none = "You have no Residential proxies subscription: buy a plan first."
    #expect(Self.reason("t", state) == none)
    #expect(Self.reason("b", state) == none)
    #expect(Self.hinted(state).contains("Enter"))
    #expect(!Self.hinted(state).contains("t"))
  }

  @Test func R7a_pricingRefusesAPastDueProductsPlans() {
    let pastDue = Self.account {
      $0.state = .pastDue
      $0.pastDueSince = Fixtures.now.addingTimeInterval(-3600)
    }
    let state = Fixtures.state(pastDue, section: .pricing)
    #expect(!Self.hinted(state).contains("Enter"))
    #expect(Self.reason("Enter", state)?.contains("past due") == true)
  }

  @Test func R25_proxyUserKeysNeedAUserAndAPausedOneToSwap() {
    var state = Fixtures.state(section: .proxyUsers)
    #expect(Self.hinted(state).contains("a"))
    for key in ["w", "l", "d", "s"] {
      #expect(Self.reason(key, state) == "No proxy users yet: press a to add one.", "\(key)")
    }
    var snapshot = Fixtures.snapshot(Fixtures.customer())
    snapshot.proxyUsers = [
      ProxyUser(id: "u1", product: .residential, name: "scraper", createdAt: Fixtures.now)
    ]
    _ = state.apply(.loggedIn(snapshot))
    state.section = .proxyUsers
    #expect(Self.reason("w", state) == nil)
    #expect(Self.reason("s", state) == BillingError.proxyUsersNothingPaused.description)
  }

  @Test func R27_usageKeysNeedASubscription() {
    var account = Fixtures.customer()
    account.subscriptions = []
    let state = Fixtures.state(account, section: .usage)
    for key in ["→/l", "d", "e"] {
      #expect(
        Self.reason(key, state) == "No subscription yet: choose a plan on the Pricing tab (2).", "\(key)")
    }
  }
}
