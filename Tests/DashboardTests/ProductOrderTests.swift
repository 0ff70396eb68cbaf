import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Issue 15: residential is listed before datacenter wherever both appear (R1, DESIGN.md),
/// whatever order they were bought in.
@Suite struct ProductOrderTests {
  /// A customer who bought datacenter first, then residential, with a user of each,
  /// the datacenter one created first.
  static func bothProducts() throws -> Snapshot {
    var account = Account(
      id: "acct-ben", email: "ben@example.com", profile: BillingProfile(name: "Ben", country: "NL"),
      createdAt: Fixtures.now.addingTimeInterval(-400 * 86_400))
    for (planID, daysAgo) in [("dc-basic", 20.0), ("res-regular", 10.0)] {
      let bought = Fixtures.now.addingTimeInterval(-daysAgo * 86_400)
      let quote = try Fixtures.checkout.quote(
        planID: planID, for: account, paymentMethod: Fixtures.card, couponCode: nil, now: bought)
      account = Fixtures.checkout.apply(quote, to: account, now: bought).account
    }
    var snapshot = Fixtures.snapshot(account)
    snapshot.proxyUsers = [
      ProxyUser(id: "u1", product: .datacenter, name: "dc-crawler", createdAt: Fixtures.now),
      ProxyUser(id: "u2", product: .residential, name: "res-scraper", createdAt: Fixtures.now),
    ]
    return snapshot
  }

  @Test func proxyUsersListResidentialFirstAndKeysActOnTheListedRow() throws {
    var state = AppState(width: 80, height: 24)
    _ = state.apply(.loggedIn(try Self.bothProducts()))
    state.section = .proxyUsers
    let lines = state.render().text.split(separator: "\n").map(String.init)
    func row(_ text: String) -> Int? { lines.firstIndex { $0.contains(text) } }
    #expect((row("Residential: ") ?? 99) < (row("Datacenter: ") ?? -1), "\(lines)")
    #expect((row("res-scraper") ?? 99) < (row("dc-crawler") ?? -1), "\(lines)")
    // The first row is the residential user, and `w` changes that one's password.
    Fixtures.press([.character("w")], on: &state)
    guard let form = state.overlay as? ProxyUserForm else {
      Issue.record("no password form: \(String(describing: state.overlay))")
      return
    }
    #expect(form.purpose == .password(id: "u2", name: "res-scraper"))
  }

  @Test func sidebarListsTheResidentialSubscriptionFirst() throws {
    var state = AppState(width: 80, height: 24)
    _ = state.apply(.loggedIn(try Self.bothProducts()))
    let lines = state.render().text.split(separator: "\n").map(String.init)
    let residential = lines.firstIndex { $0.hasPrefix(" Residential ") }
    let datacenter = lines.firstIndex { $0.hasPrefix(" Datacenter ") }
    #expect(residential != nil && datacenter != nil, "\(lines)")
    #expect((residential ?? 99) < (datacenter ?? -1), "\(lines)")
  }

  /// The add form chooses a product, not a payment method, residential first.
  @Test func R25_addProxyUserFormLabelsTheProductChoice() throws {
    var state = AppState(width: 80, height: 24)
    _ = state.apply(.loggedIn(try Self.bothProducts()))
    state.section = .proxyUsers
    Fixtures.press([.character("a")], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Product       (•) Residential  ( ) Datacenter"), "\(screen)")
    #expect(!screen.contains("Method"), "\(screen)")
    #expect(state.hintRows.contains { $0.label == "product" })
  }
}
