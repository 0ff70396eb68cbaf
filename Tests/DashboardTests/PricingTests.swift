import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

@Suite struct PricingTests {
  @Test func pricingFocusesTheCurrentPlanAndLabelsEveryOther() {
    let state = Fixtures.state(section: .pricing)
    let screen = state.render().text
    #expect(screen.contains("● Regular"))
    #expect(screen.contains("your current plan"))
    #expect(screen.contains("Upgrade"))
    #expect(screen.contains("Downgrade"))
    // Regular: $400 for 50 GB = $8.00 per GB (R3).
    #expect(screen.contains("$8.00"))
    #expect(screen.contains("Buy"))
  }

  @Test func R15_upgradePreviewShowsEveryConsequence() {
    var state = Fixtures.state(section: .pricing)
    Fixtures.press([.down, .enter], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Change: Upgrade"))
    // 50 GB − 44 GB used = 6 GB carried over (R11).
    #expect(screen.contains("Unused traffic: 6.0 GB transferred"))
    // Advanced $700 + 21 % VAT ($147.00) = $847.00.
    #expect(screen.contains("Total: $847.00"))
  }

  @Test func R11_downgradePreviewSaysTheTrafficIsLost() {
    var state = Fixtures.state(section: .pricing)
    Fixtures.press([.up, .enter], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Change: Downgrade"))
    #expect(screen.contains("Unused traffic: 6.0 GB lost"))
    // Starter $200 + 21 % = $242.00.
    #expect(screen.contains("Total: $242.00"))
  }

  @Test func R17_couponOnASecondOrderIsRefusedAtOnce() {
    var state = Fixtures.state(section: .pricing)
    Fixtures.press([.enter], on: &state)
    // Focus: method row, then the coupon field (a saved card needs no fields).
    Fixtures.press([.tab], on: &state)
    for character in "welcome10" { Fixtures.press([.character(character)], on: &state) }
    let screen = state.render().text
    #expect(screen.contains("applies only to an account's first"))
  }

  @Test func R16b_confirmCarriesOneKeyPerCheckout() {
    var state = Fixtures.state(section: .pricing)
    // Only the Confirm button pays (R32): Tab past the coupon to it.
    Fixtures.press([.down, .enter, .tab, .tab], on: &state)
    let first = Fixtures.press([.character("y")], on: &state)
    guard case .buyPlan(let planID, _, _, let key)? = first.first else {
      Issue.record("expected a purchase, got \(first)")
      return
    }
    #expect(planID == "res-advanced")
    #expect(!key.isEmpty)
  }
}

@Suite struct ExtraTrafficTests {
  @Test func R8_residentialExtraBlockedBeforeExhaustion() {
    var state = Fixtures.state(Fixtures.customer(usedGB: 44))
    Fixtures.press([.character("t")], on: &state)
    #expect(state.render().text.contains("once this period's"))
  }

  @Test func R8_residentialExtraPricedOnceExhausted() {
    // 50 GB used of Regular's 50 GB: traffic stopped (R8a), extra traffic is offered.
    var state = Fixtures.state(Fixtures.customer(usedGB: 50))
    #expect(state.render().text.contains("Traffic: 50.0 GB used of 50.0 GB · 0.0 GB left"))
    Fixtures.press([.character("t")], on: &state)
    for character in "5" { Fixtures.press([.character(character)], on: &state) }
    let screen = state.render().text
    // 5 GB at Regular's $8.00/GB = $40.00 + NL VAT 21 % ($8.40) = $48.40 (R3, R8).
    #expect(screen.contains("$40.00"), "\(screen)")
    #expect(screen.contains("Total: $48.40"))
    let effects = Fixtures.press([.tab, .enter], on: &state)
    guard case .buyExtra(_, .traffic(let gigabytes), _)? = effects.first else {
      Issue.record("expected an extra-traffic purchase, got \(effects)")
      return
    }
    #expect(gigabytes == 5)
  }
}

/// A catalog longer than the screen scrolls: the focused plan always shows.
@Suite struct PricingScrollTests {
  @Test func R1_focusedPlanStaysInViewInALongCatalog() {
    var snapshot = Fixtures.snapshot(Fixtures.customer())
    let extra: [Plan] = (1...20).map { (number: Int) -> Plan in
      let gigabytes = Int64(200 + number)
      return Plan(
        id: "dc-x\(number)", name: "Extra \(number)", product: .datacenter, rank: 10 + number,
        allowance: .gb(gigabytes), price: .units(Int64(100 + number)), includedProxyUsers: 5, refundable: true
      )
    }
    snapshot.catalog = Catalog(plans: Fixtures.catalog.plans + extra)
    var state = AppState(width: 80, height: 24)
    _ = state.apply(.loggedIn(snapshot))
    state.section = .pricing
    let count = snapshot.catalog.plans.count
    Fixtures.press(Array(repeating: Key.down, count: count), on: &state)
    let lines = state.render().lines
    #expect(lines.contains { $0.contains("Extra 20") }, "the last plan, focused, is shown")
    #expect(!lines.contains { $0.contains("  Micro ") }, "the first plans scrolled away")
    #expect(lines.contains { $0.contains("Plan ") && $0.contains("Action") }, "the header stays")
    Fixtures.press(Array(repeating: Key.up, count: count), on: &state)
    #expect(state.render().lines.contains { $0.contains("  Micro ") })
  }
}
