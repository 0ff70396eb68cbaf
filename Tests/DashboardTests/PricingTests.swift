import Billing
import Foundation
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
    Fixtures.press([.down, .enter], on: &state)
    let first = Fixtures.press([.character("y")], on: &state)
    guard case .buyPlan(let planID, _, _, let key)? = first.first else {
      Issue.record("expected a purchase, got \(first)")
      return
    }
    #expect(planID == "res-advanced")
    #expect(!key.isEmpty)
  }
}
