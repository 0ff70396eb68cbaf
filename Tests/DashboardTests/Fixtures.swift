import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// A small world for screen tests: the demo's catalog and a customer built by the real
/// billing rules, so the screens are tested on values the rules can produce.
enum Fixtures {
  static let now = Date(timeIntervalSince1970: 1_794_823_200)  // 2026-11-16 10:00 UTC

  static let catalog = Catalog(plans: [
    Plan(
      id: "res-micro", name: "Micro", product: .residential, rank: 1, allowance: .gb(5), price: .units(75),
      includedProxyUsers: 1, refundable: false),
    Plan(
      id: "res-starter", name: "Starter", product: .residential, rank: 2, allowance: .gb(20),
      price: .units(200), includedProxyUsers: 3, refundable: true),
    Plan(
      id: "res-regular", name: "Regular", product: .residential, rank: 3, allowance: .gb(50),
      price: .units(400), includedProxyUsers: 5, refundable: true),
    Plan(
      id: "res-advanced", name: "Advanced", product: .residential, rank: 4, allowance: .gb(100),
      price: .units(700), includedProxyUsers: 10, refundable: true),
    Plan(
      id: "dc-basic", name: "Basic", product: .datacenter, rank: 1, allowance: .gb(50), price: .units(50),
      includedProxyUsers: 2, refundable: true),
    Plan(
      id: "dc-clever", name: "Clever", product: .datacenter, rank: 2, allowance: .gb(100), price: .units(90),
      includedProxyUsers: 5, refundable: true),
  ])

  static let taxRates = TaxRates(countries: [
    .init(code: "NL", name: "Netherlands", vat: .percent(21), eu: true),
    .init(code: "DE", name: "Germany", vat: .percent(19), eu: true),
    .init(code: "US", name: "United States", vat: .zero, eu: false),
  ])

  static let coupons = CouponBook(coupons: [
    Coupon(code: "WELCOME10", discount: .percent(.percent(10)), recurring: false)
  ])

  static let card = PaymentMethod.card(
    StoredCard(
      brand: .visa, last4: "4242", expiryMonth: 12, expiryYear: 2028, holder: "Ava Jansen",
      token: "tok_visa_4242"))

  static var checkout: Checkout {
    Checkout(catalog: catalog, coupons: coupons, taxRates: taxRates, policy: .standard)
  }

  /// A Regular customer in NL who bought `daysAgo` days ago and used `usedGB`.
  static func customer(planID: String = "res-regular", daysAgo: Double = 28, usedGB: Double = 44) -> Account {
    var account = Account(
      id: "acct-ava", email: "ava@example.com", profile: BillingProfile(name: "Ava Jansen", country: "NL"),
      createdAt: now.addingTimeInterval(-400 * 86_400))
    let bought = now.addingTimeInterval(-daysAgo * 86_400)
    do {
      let quote = try checkout.quote(
        planID: planID, for: account, paymentMethod: card, couponCode: nil, now: bought)
      account = checkout.apply(quote, to: account, now: bought).account
    } catch {
      Issue.record("fixture purchase failed: \(error)")
    }
    account.subscriptions[0].used = .gb(fraction: usedGB)
    return account
  }

  static func snapshot(_ account: Account) -> Snapshot {
    Snapshot(
      account: account, catalog: catalog, taxRates: taxRates, coupons: coupons, policy: .standard, now: now)
  }

  /// A logged-in dashboard on `account`, at `width`×`height`, showing `section`.
  static func state(
    _ account: Account = customer(), width: Int = 80, height: Int = 24, section: Section = .account
  ) -> AppState {
    var state = AppState(width: width, height: height)
    _ = state.apply(.loggedIn(snapshot(account)))
    state.section = section
    state.banner = nil
    return state
  }

  /// Presses keys through the pure update, each after the frame before it was shown
  /// (as the terminal loop reads them); returns the effects of the last key.
  @discardableResult
  static func press(_ keys: [Key], on state: inout AppState) -> [Effect] {
    var effects: [Effect] = []
    for key in keys {
      effects = state.apply(.key(key))
      _ = state.markFrameShown()
    }
    return effects
  }
}
