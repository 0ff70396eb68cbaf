import Billing
import Foundation
import Testing

@testable import Services
@testable import Storage

/// The billing rules the FAQ settled (R19, R22, R22a, R25) through the services: what is
/// charged, stored and emailed.
@Suite struct BillingRuleServiceTests {
  @Test func R22_cancellingAPastDueSubscriptionStopsItsRetries() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    let id = bought.subscription.id
    _ = try world.service.updatePaymentMethod(
      accountID: account.id, subscriptionID: id, input: .card(TestWorld.badCard))
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    _ = try world.service.runBillingStep(accountID: account.id)
    #expect(try world.service.account(id: account.id).subscriptions[0].state == .pastDue)
    let chargesBefore = try world.charges(account.id).count

    let cancelled = try world.service.cancel(accountID: account.id, subscriptionID: id)
    #expect(cancelled.subscriptions[0].state == .ended)
    #expect(try world.service.outbox(accountID: account.id).first?.kind == .cancellationConfirmed)
    // The +1, +3 and +5 day retries never run: no charge, no event.
    world.clock.advance(by: 10 * 86_400)
    #expect(try world.service.runBillingStep(accountID: account.id).isEmpty)
    #expect(try world.charges(account.id).count == chargesBefore)
    #expect(world.service.billingStep.pending(for: try world.service.account(id: account.id)).isEmpty)
  }

  @Test func R22a_resumeIsFreeAndRenewsAtThePeriodEnd() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    let id = bought.subscription.id
    _ = try world.service.cancel(accountID: account.id, subscriptionID: id)
    world.clock.advance(by: 5 * 86_400)
    let resumed = try world.service.resume(accountID: account.id, subscriptionID: id)
    let subscription = try #require(resumed.subscription(id: id))
    #expect(subscription.state == .active)
    #expect(subscription.autoRenew)
    #expect(subscription.periodEnd == bought.subscription.periodEnd)
    #expect(try world.charges(account.id).count == 1, "resuming charges nothing")
    #expect(try world.service.outbox(accountID: account.id).first?.kind == .subscriptionResumed)
    expectError(.billing(.notCancelled(.active))) { () throws(ServiceError) in
      try world.service.resume(accountID: account.id, subscriptionID: id)
    }
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    #expect(
      try world.service.runBillingStep(accountID: account.id).map(\.kind) == [
        .reminderSent, .renewed,
      ])
  }

  @Test func R19_renewNowChargesTheDiscountedMonth() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-regular", for: account, coupon: "TEN")
    // Regular $200.00 − 10 % = $180.00, US 0 % VAT: what the next renewal charges too.
    let renewed = try world.buy("res-regular", for: account)
    #expect(renewed.order.kind == .purchase(.renew))
    #expect(renewed.order.total == .units(180))
    #expect(try world.charges(account.id).last?.amount == .units(180))
    #expect(renewed.subscription.coupon?.coupon.code == "TEN")
  }

  @Test func R25_downgradePausesTheNewestUsersAndTheCustomerPicks() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-regular", for: account)  // 3 included users
    var ids: [String] = []
    for name in ["first", "second", "third"] {
      ids.append(
        try world.service.addProxyUser(
          accountID: account.id, product: .residential, name: name, password: "secret-pass",
          limit: nil
        ).id)
    }
    let method = try world.card(for: account)
    let quote = try world.service.quotePlan(
      accountID: account.id, planID: "res-micro", paymentMethod: method, couponCode: nil)
    #expect(quote.kind == .downgrade)
    #expect(quote.proxyUsersPaused == 2)  // Micro includes 1
    _ = try world.service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "down")
    func serving() throws -> [String] {
      try world.service.proxyUsers(accountID: account.id).filter { !$0.paused }.map(\.name)
    }
    #expect(try serving() == ["first"])

    // The customer picks "third": the newest serving one ("first") is paused for it.
    _ = try world.service.swapPausedProxyUser(accountID: account.id, proxyUserID: ids[2])
    #expect(try serving() == ["third"])
    // Buying a user brings the oldest paused one back.
    let micro = try #require(try world.service.account(id: account.id).liveSubscription(of: .residential))
    let users = try world.service.quoteProxyUsers(
      accountID: account.id, subscriptionID: micro.id, count: 1)
    _ = try world.service.buyExtra(accountID: account.id, quote: users, idempotencyKey: "u1")
    #expect(try serving() == ["first", "third"])
    // Removing a serving user frees its place for the last paused one.
    try world.service.removeProxyUser(accountID: account.id, proxyUserID: ids[0])
    #expect(try serving() == ["second", "third"])
  }

  @Test func R25_usersOfAnOlderStoreServeAfterThePausedMigration() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-regular", for: account)
    let user = try world.service.addProxyUser(
      accountID: account.id, product: .residential, name: "old-user", password: "secret-pass",
      limit: nil)
    try world.service.store.write { session in
      // Back to the proxy_users table before the flag, then the migration again.
      try session.execute("ALTER TABLE proxy_users DROP COLUMN paused")
      try PausedProxyUsersSchema.migrate(try session.database)
    }
    let users = try world.service.proxyUsers(accountID: account.id)
    #expect(users.map(\.id) == [user.id])
    #expect(users.first?.paused == false)
  }

  @Test func R16a_aCardInPlaceOfBTCTurnsAutoRenewalOn() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    // Support set the subscription to BTC, paid by hand: no auto-renewal (R16).
    try world.service.store.write { session in
      guard let loaded = try session.account(id: account.id) else { return }
      var btc = loaded.account
      btc.subscriptions[0].paymentMethod = .btc
      btc.subscriptions[0].autoRenew = false
      _ = try session.saveAccount(btc, expectedVersion: loaded.version)
    }
    // A service that has not seen the account yet, as after support's change.
    let service = try world.reopened()
    defer { service.store.close() }
    _ = try service.updatePaymentMethod(
      accountID: account.id, subscriptionID: bought.subscription.id,
      input: .card(TestWorld.goodCard))
    let subscription = try service.account(id: account.id).subscriptions[0]
    #expect(subscription.autoRenew)
    let email = try #require(try service.outbox(accountID: account.id).first)
    #expect(email.kind == .paymentMethodUpdated)
    #expect(email.body.contains("Auto-renewal is now on"))
    // It renews at its period end instead of ending there.
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    #expect(
      try service.runBillingStep(accountID: account.id).map(\.kind) == [
        .reminderSent, .renewed,
      ])
  }
}
