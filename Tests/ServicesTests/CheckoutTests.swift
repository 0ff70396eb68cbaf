import Billing
import Foundation
import Storage
import Testing

@testable import Services

@Suite struct CheckoutTests {
  @Test func R10_buyingAPlanChargesOnceAndStartsASubscription() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let outcome = try world.buy("res-starter", for: account)
    #expect(outcome.order.status == .paid)
    #expect(outcome.order.total == .units(100))
    #expect(outcome.subscription.state == .active)
    #expect(outcome.subscription.periodStart == TestWorld.start)
    #expect(outcome.notices.map(\.kind) == [.orderReceipt])
    let stored = try world.service.account(id: account.id)
    #expect(stored == outcome.account)
    let charges = try world.charges(account.id)
    #expect(charges.count == 1)
    #expect(charges.first?.status == .approved)
    #expect(charges.first?.orderID == outcome.order.id)
    #expect(try world.gatewayApprovedKeys() == [charges[0].idempotencyKey])
    let receipt = try #require(try world.service.outbox(accountID: account.id).first)
    #expect(receipt.kind == .orderReceipt)
    #expect(FileManager.default.fileExists(atPath: world.service.messageFile(receipt).path))
  }

  @Test func R16b_sameIdempotencyKeyChargesOnce() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let method = try world.card(for: account)
    let quote = try world.service.quotePlan(
      accountID: account.id, planID: "res-starter", paymentMethod: method, couponCode: nil)
    let first = try world.service.buyPlan(
      accountID: account.id, quote: quote, idempotencyKey: "confirm-1")
    let second = try world.service.buyPlan(
      accountID: account.id, quote: quote, idempotencyKey: "confirm-1")
    #expect(first.order.id == second.order.id)
    #expect(second.account.orders.count == 1)
    #expect(try world.charges(account.id).count == 1)
    #expect(try world.gatewayApprovedKeys().count == 1)
    #expect(try world.service.account(id: account.id).subscriptions.count == 1)
  }

  /// A repeated upgrade confirmation answers with the upgrade as stored: the order, the
  /// new plan's subscription and the carried traffic, not the quote applied a second time.
  @Test func R16b_repeatedUpgradeConfirmationReturnsTheStoredUpgrade() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    let method = try world.card(for: account)
    let quote = try world.service.quotePlan(
      accountID: account.id, planID: "res-regular", paymentMethod: method, couponCode: nil)
    let first = try world.service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "up")
    let second = try world.service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "up")
    #expect(second.order == first.order)
    #expect(second.subscription == first.subscription)
    #expect(second.subscription.planID == "res-regular")
    // Starter's 20 GB unused carries over (R11): 50 + 20 GB in the new period.
    #expect(second.subscription.available == .gb(70))
    #expect(second.notices.isEmpty)
    #expect(try world.charges(account.id).count == 2)
  }

  @Test func R16b_declinedCardLeavesEverythingUnchanged() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let before = try world.service.account(id: account.id)
    let mailBefore = try world.service.outbox(accountID: account.id)
    let method = try world.card(TestWorld.badCard, for: account)
    let quote = try world.service.quotePlan(
      accountID: account.id, planID: "res-starter", paymentMethod: method, couponCode: nil)
    expectError(.billing(.paymentDeclined(method.summary))) { () throws(ServiceError) in
      try world.service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "k")
    }
    #expect(try world.service.account(id: account.id) == before)
    #expect(try world.service.outbox(accountID: account.id) == mailBefore)
    #expect(try world.charges(account.id).map(\.status) == [.declined])
    #expect(try world.gatewayApprovedKeys().isEmpty)
    // Confirming again with the same key gives the same answer, still no change.
    expectError(.billing(.paymentDeclined(method.summary))) { () throws(ServiceError) in
      try world.service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "k")
    }
    #expect(try world.service.account(id: account.id) == before)
  }

  @Test func R16_cardEntryIsCheckedAndOnlyTheTokenIsKept() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let method = try world.card(for: account)
    guard case .card(let card) = method else {
      Issue.record("expected a card")
      return
    }
    #expect(card.token == "tok_visa_4242")
    #expect(card.last4 == "4242")
    let bad = CardEntry(
      number: "4242 4242 4242 4241", expiry: "12/30", securityCode: "123", holder: "Ava")
    let error = thrownError { () throws(ServiceError) in
      try world.service.storedMethod(from: .card(bad), accountID: account.id)
    }
    guard case .cardRejected(let rejection) = error else {
      Issue.record("expected cardRejected, got \(String(describing: error))")
      return
    }
    #expect(rejection.problems.keys.sorted { $0.rawValue < $1.rawValue } == [.number])
    _ = try world.buy("res-starter", for: account)
    let raw = try Data(contentsOf: world.service.store.databaseURL)
    #expect(raw.range(of: Data("4242424242424242".utf8)) == nil)
  }

  @Test func R16_payPalIsCheckedForForm() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    #expect(
      try world.service.storedMethod(
        from: .payPal(email: " ben@example.com "), accountID: account.id)
        == .payPal(email: "ben@example.com"))
    expectError(.billing(.invalidPayPalEmail("ben"))) { () throws(ServiceError) in
      try world.service.storedMethod(from: .payPal(email: "ben"), accountID: account.id)
    }
  }

  @Test func R16_btcFilesASupportRequest() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    expectError(.billing(.btcThroughSupport)) { () throws(ServiceError) in
      try world.service.storedMethod(from: .btc, accountID: account.id)
    }
    let mail = try world.service.outbox(accountID: account.id)
    #expect(mail.first?.kind == .supportRequest)
    #expect(mail.first?.body.contains(Support.email) == true)
  }

  @Test func R11_upgradeCarriesUnusedTrafficAndEndsTheOldSubscription() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let first = try world.buy("res-starter", for: account)
    world.clock.advance(by: 86_400)
    let method = try world.card(for: account)
    let quote = try world.service.quotePlan(
      accountID: account.id, planID: "res-regular", paymentMethod: method, couponCode: nil)
    #expect(quote.kind == .upgrade)
    #expect(quote.unusedTraffic == .transferred(.gb(20)))
    let outcome = try world.service.buyPlan(
      accountID: account.id, quote: quote, idempotencyKey: "up")
    #expect(outcome.subscription.available == .gb(70))
    let stored = try world.service.account(id: account.id)
    #expect(stored.subscription(id: first.subscription.id)?.state == .ended)
    #expect(stored.firstPlanChangeAt == TestWorld.start.addingTimeInterval(86_400))
  }

  @Test func R17_couponsAreCheckedAndRedeemedOnce() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let method = try world.card(for: account)
    expectError(.billing(.couponUnknown("NOPE"))) { () throws(ServiceError) in
      try world.service.quotePlan(
        accountID: account.id, planID: "res-starter", paymentMethod: method, couponCode: "NOPE")
    }
    let outcome = try world.buy("res-starter", for: account, coupon: "ten")
    #expect(outcome.order.total == .units(90))
    #expect(
      try world.service.store.read { try $0.couponRedemptions(accountID: account.id) } == ["TEN"])
    expectError(.billing(.couponNotFirstOrder("TEN"))) { () throws(ServiceError) in
      try world.service.quotePlan(
        accountID: account.id, planID: "dc-clever", paymentMethod: method, couponCode: "TEN")
    }
  }

  @Test func R8_extraTrafficAndProxyUsersArePaidExtras() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let clever = try world.buy("dc-clever", for: account)
    let traffic = try world.service.quoteExtraTraffic(
      accountID: account.id, subscriptionID: clever.subscription.id, gigabytes: 10)
    #expect(traffic.total == .units(5))  // $50 / 100 GB × 10 GB
    let bought = try world.service.buyExtra(
      accountID: account.id, quote: traffic, idempotencyKey: "t1")
    #expect(bought.subscription.extra == .gb(10))
    _ = try world.service.buyExtra(accountID: account.id, quote: traffic, idempotencyKey: "t1")
    let users = try world.service.quoteProxyUsers(
      accountID: account.id, subscriptionID: clever.subscription.id, count: 2)
    #expect(users.total == .units(10))
    _ = try world.service.buyExtra(accountID: account.id, quote: users, idempotencyKey: "u1")
    let stored = try world.service.account(id: account.id)
    #expect(stored.subscriptions[0].extra == .gb(10))
    #expect(stored.subscriptions[0].extraProxyUsers == 2)
    #expect(stored.orders.count == 3)
    #expect(try world.charges(account.id).filter { $0.status == .approved }.count == 3)

    let starter = try world.buy("res-starter", for: account)
    expectError(.billing(.extraTrafficNotYet(remaining: .gb(20)))) { () throws(ServiceError) in
      try world.service.quoteExtraTraffic(
        accountID: account.id, subscriptionID: starter.subscription.id, gigabytes: 5)
    }
  }

  @Test func R22_cancelTurnsAutoRenewalOffOnce() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    let cancelled = try world.service.cancel(
      accountID: account.id, subscriptionID: bought.subscription.id)
    #expect(cancelled.subscriptions[0].state == .cancelled)
    #expect(cancelled.subscriptions[0].autoRenew == false)
    #expect(try world.service.outbox(accountID: account.id).first?.kind == .cancellationConfirmed)
    expectError(.billing(.alreadyCancelled)) { () throws(ServiceError) in
      try world.service.cancel(accountID: account.id, subscriptionID: bought.subscription.id)
    }
    expectError(.billing(.unknownSubscription("x"))) { () throws(ServiceError) in
      try world.service.cancel(accountID: account.id, subscriptionID: "x")
    }
  }

  @Test func R20_refundWithinTheWindowThenNeverAgain() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    world.clock.advance(by: 3600)
    let eligibility = try world.service.refundEligibility(
      accountID: account.id, subscriptionID: bought.subscription.id)
    #expect(
      eligibility
        == .eligible(until: TestWorld.start.addingTimeInterval(72 * 3600), amount: .units(100)))
    let refund = try world.service.requestRefund(
      accountID: account.id, subscriptionID: bought.subscription.id)
    #expect(refund.amount == .units(100))
    #expect(refund.status == .approved)
    let stored = try world.service.account(id: account.id)
    #expect(stored.subscriptions[0].state == .refunded)
    #expect(stored.refunds == [refund])
    let kinds = try world.service.outbox(accountID: account.id).map(\.kind)
    #expect(kinds.contains(.refundRequested) && kinds.contains(.refundApproved))
    expectError(.billing(.refundNotAvailable(.alreadyRefunded(refund.requestedAt)))) {
      () throws(ServiceError) in
      try world.service.requestRefund(accountID: account.id, subscriptionID: bought.subscription.id)
    }
  }

  @Test func R20_refundRefusedAfterTheWindow() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    world.clock.advance(by: 73 * 3600)
    let deadline = TestWorld.start.addingTimeInterval(72 * 3600)
    expectError(.billing(.refundNotAvailable(.windowEnded(deadline)))) { () throws(ServiceError) in
      try world.service.requestRefund(accountID: account.id, subscriptionID: bought.subscription.id)
    }
  }
}
