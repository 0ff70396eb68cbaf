import Billing
import DashboardRuntime
import Foundation
import Services
import Testing

@testable import Dashboard

/// An open dashboard keeps time (R28): when a due moment passes while it waits for a
/// key, the interactive loop's tick runs the billing step and the screen shows it.
@Suite struct KeepsTimeTests {
  @Test func R28_anOpenDashboardCrossingARenewalRunsTheBillingStepAndRedraws() throws {
    let clock = FixedClock(Fixtures.now)
    let service = try ProxyDashService.temporary(clock: clock)
    defer {
      service.store.close()
      try? FileManager.default.removeItem(at: service.store.directory)
    }
    try service.setCatalog(Fixtures.catalog, taxRates: Fixtures.taxRates, coupons: Fixtures.coupons)
    let account = try service.signUp(email: "ava@example.com", password: "correct horse 42", country: "US")
    let method = try service.storedMethod(
      from: .card(
        CardEntry(
          number: "4242 4242 4242 4242", expiry: "12/30", securityCode: "123", holder: "Ava")),
      accountID: account.id)
    let quote = try service.quotePlan(
      accountID: account.id, planID: "res-regular", paymentMethod: method, couponCode: nil)
    let bought = try service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "k1")
    // The real clock (no demo clock): only time passing can move it.
    let runtime = Runtime(state: AppState(width: 100, height: 30), service: service)
    try runtime.logIn(as: "ava@example.com")
    let periodEnd = bought.subscription.periodEnd
    #expect(runtime.nextDueDate == BillingPolicy.standard.nextDueDate(for: bought.account))

    // Before the moment a tick does nothing.
    runtime.tick()
    #expect(runtime.state.snapshot?.account.orders.count == 1)

    clock.set(periodEnd.addingTimeInterval(1))
    #expect(runtime.state.snapshot?.account.subscriptions.first?.periodIndex == 0)
    runtime.tick()
    let subscription = try #require(runtime.state.snapshot?.account.subscriptions.first)
    #expect(subscription.periodIndex == 1)
    #expect(subscription.periodStart == periodEnd)
    #expect(runtime.state.banner?.text.contains("Renewed Regular") == true)
    #expect(runtime.render().text.contains("Renewed Regular"))
    #expect(runtime.nextDueDate.map { $0 > clock.now } == true)
  }
}
