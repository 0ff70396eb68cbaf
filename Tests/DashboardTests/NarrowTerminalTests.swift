import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// At 80×24 a customer still reads every figure and sees every tab whole.
@Suite struct NarrowTerminalTests {
  /// The demo catalog's widest entries: a 12-letter name, four-digit GB and dollars.
  static let wideCatalog = Catalog(
    plans: Fixtures.catalog.plans + [
      Plan(
        id: "res-professional", name: "Professional", product: .residential, rank: 6,
        allowance: .gb(500), price: .units(2_500), includedProxyUsers: 20, refundable: true),
      Plan(
        id: "res-corporate", name: "Corporate", product: .residential, rank: 8, allowance: .gb(2_000),
        price: .units(7_000), includedProxyUsers: 50, refundable: true),
    ])

  @Test(arguments: [(80, 24), (100, 30), (120, 40)])
  func pricingShowsEveryPlanWhole(width: Int, height: Int) {
    let account = Fixtures.customer()
    let snapshot = Snapshot(
      account: account, catalog: Self.wideCatalog, taxRates: Fixtures.taxRates, coupons: Fixtures.coupons,
      policy: .standard, now: Fixtures.now)
    var state = AppState(width: width, height: height)
    _ = state.apply(.loggedIn(snapshot))
    state.section = .pricing
    let screen = state.render()
    #expect(!screen.contains("…"))
    // $7,000 for 2,000 GB = $3.50 per GB; $2,500 for 500 GB = $5.00 per GB (R3).
    #expect(
      screen.lines.contains {
        $0.contains("Corporate") && $0.contains("2,000 GB") && $0.contains("$7,000.00")
      })
    #expect(
      screen.lines.contains { $0.contains("Professional") && $0.contains("500 GB") && $0.contains("$5.00") })
  }

  @Test func settingsShowsEveryTabWithTwoSubscriptions() throws {
    var account = Fixtures.customer()
    let quote = try Fixtures.checkout.quote(
      planID: "dc-clever", for: account, paymentMethod: Fixtures.card, couponCode: nil, now: Fixtures.now)
    account = Fixtures.checkout.apply(quote, to: account, now: Fixtures.now).account
    let wide = Fixtures.state(account, width: 120, height: 40).render()
    #expect(wide.contains("Residential: Regular"))
    #expect(wide.contains("Datacenter: Clever"))
    let narrow = Fixtures.state(account, width: 80, height: 24).render()
    // Without the product names the four tabs fit beside the sidebar.
    #expect(narrow.lines[2].hasSuffix(" Regular   Clever   Billing history   Profile"))
  }

  @Test func R15_checkoutPreviewWrapsInsteadOfCutting() {
    let snapshot = Snapshot(
      account: Fixtures.customer(), catalog: Self.wideCatalog, taxRates: Fixtures.taxRates,
      coupons: Fixtures.coupons, policy: .standard, now: Fixtures.now)
    var state = AppState(width: 80, height: 24)
    _ = state.apply(.loggedIn(snapshot))
    state.section = .pricing
    // Regular is focused; Advanced, then Professional below it.
    Fixtures.press([.down, .down, .enter], on: &state)
    let screen = state.render()
    #expect(screen.contains("Change: Upgrade"))
    #expect(!screen.contains("…"))
    // Professional $2,500.00 + NL VAT 21 % ($525.00) = $3,025.00.
    #expect(screen.contains("$2,500.00"))
    #expect(screen.contains("$525.00"))
    #expect(screen.contains("Total: $3,025.00"))
  }

  @Test(arguments: Section.allCases)
  func theHelpKeyIsAlwaysHinted(section: Section) {
    var state = AppState(width: 80, height: 24, isDemo: true)
    _ = state.apply(.loggedIn(Fixtures.snapshot(Fixtures.customer())))
    state.section = section
    let bottom = state.render().lines[23]
    #expect(bottom.contains("? help"), "\(section.title): \(bottom)")
  }
}

/// `?` in the demo at 80×24 lists more keys than its box holds: it scrolls instead of
/// dropping the last ones (the demo's `R reset` was cut).
@Suite struct HelpScrollTests {
  @Test func helpScrollsToItsLastRow() {
    var state = AppState(width: 80, height: 24, isDemo: true)
    _ = state.apply(.loggedIn(Fixtures.snapshot(Fixtures.customer())))
    state.section = .account
    Fixtures.press([.character("?")], on: &state)
    #expect(!state.render().contains("Reset the demo data"))
    #expect(state.render().lines[23].contains("↑/↓ scroll"))
    Fixtures.press(Array(repeating: Key.down, count: 30), on: &state)
    let screen = state.render()
    #expect(screen.contains("Reset the demo data"))
    // Scrolled to the end: the last row shown is the last row there is.
    let footer = screen.lines.first { $0.contains("rows ") } ?? ""
    let numbers = footer.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    #expect(numbers.count == 3 && numbers[1] == numbers[2], "\(footer)")
    #expect(screen.lines.filter { $0.contains("│") }.allSatisfy { !$0.contains("…") })
    Fixtures.press([.escape], on: &state)
    #expect(state.overlay == nil)
  }
}

/// A help line longer than the box wraps under itself instead of being cut (issue 15:
/// Pricing's `Enter` line lost its end at 80×24).
@Suite struct HelpWrapTests {
  @Test func pricingsEnterLineIsShownWholeAt80x24() {
    var state = Fixtures.state(width: 80, height: 24, section: .pricing)
    Fixtures.press([.character("?")], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Buy, upgrade, renew or downgrade: opens checkout"), "\(screen)")
    // The explanation goes on under itself, in its own column, to its last word.
    #expect(screen.contains("│                 preview"), "the end of the line: \(screen)")
  }
}
