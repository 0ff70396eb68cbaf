import Billing
import Foundation
import Storage
import Testing

@testable import Services

@Suite struct BillingStepTests {
  @Test func R6_renewalChargesAndLedgersEveryEventOnce() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(3600))
    let events = try world.service.runBillingStep(accountID: account.id)
    #expect(events.map(\.kind) == [.reminderSent, .renewed])
    #expect(try world.service.runBillingStep(accountID: account.id).isEmpty)
    let stored = try world.service.account(id: account.id)
    #expect(stored.orders.map(\.kind) == [.purchase(.newPurchase), .renewal])
    #expect(stored.subscriptions[0].periodIndex == 1)
    #expect(
      try world.service.events(accountID: account.id).map(\.kind) == [.reminderSent, .renewed])
    let charges = try world.charges(account.id)
    #expect(charges.map(\.status) == [.approved, .approved])
    #expect(Set(charges.compactMap(\.orderID)) == Set(stored.orders.map(\.id)))
    let kinds = try world.service.outbox(accountID: account.id).map(\.kind)
    #expect(kinds.filter { $0 == .renewalReminder }.count == 1)
    #expect(kinds.filter { $0 == .renewalReceipt }.count == 1)
  }

  @Test func R16a_updatingThePaymentMethodRetriesAPastDueRenewalAtOnce() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    let subscriptionID = bought.subscription.id
    #expect(
      try world.service.updatePaymentMethod(
        accountID: account.id, subscriptionID: subscriptionID, input: .card(TestWorld.badCard)
      ).isEmpty)
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    let failed = try world.service.runBillingStep(accountID: account.id)
    #expect(failed.map(\.kind) == [.reminderSent, .renewalFailed])
    #expect(try world.service.account(id: account.id).subscriptions[0].state == .pastDue)
    world.clock.advance(by: 3600)
    let retried = try world.service.updatePaymentMethod(
      accountID: account.id, subscriptionID: subscriptionID, input: .card(TestWorld.goodCard))
    #expect(retried.map(\.kind) == [.retrySucceeded])
    let stored = try world.service.account(id: account.id)
    #expect(stored.subscriptions[0].state == .active)
    #expect(stored.subscriptions[0].periodStart == world.clock.now)
    #expect(stored.orders.map(\.status) == [.paid, .declined, .paid])
    let charges = try world.charges(account.id)
    #expect(
      charges.map(\.status).sorted { $0.rawValue < $1.rawValue } == [
        .approved, .approved, .declined,
      ])
  }

  @Test func R16a_btcUpdateFilesASupportRequest() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    expectError(.billing(.btcThroughSupport)) { () throws(ServiceError) in
      try world.service.updatePaymentMethod(
        accountID: account.id, subscriptionID: bought.subscription.id, input: .btc)
    }
    #expect(try world.service.outbox(accountID: account.id).first?.kind == .supportRequest)
    #expect(
      try world.service.account(id: account.id).subscriptions[0].paymentMethod
        == bought.subscription.paymentMethod)
  }

  @Test func R7b_chargeLeftAsIntentIsSettledOnTheNextOpen() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    world.service.faultHook = { point in if point == .afterIntent { throw SimulatedCrash() } }
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.runBillingStep(accountID: account.id)
      } != nil)
    #expect(try world.charges(account.id).map(\.status) == [.approved, .intent])
    let restarted = try world.reopened()
    #expect(try restarted.store.read { try $0.pendingCharges() }.isEmpty)
    let stored = try restarted.account(id: account.id)
    #expect(stored.orders.map(\.kind) == [.purchase(.newPurchase), .renewal])
    #expect(try restarted.runBillingStep(accountID: account.id).isEmpty)
  }
}

struct SimulatedCrash: Error {}

@Suite struct SettlementTests {
  @Test func R16b_aChargeSettledByAnotherProcessIsNotAppliedTwice() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let method = try world.card(for: account)
    let quote = try world.service.quotePlan(
      accountID: account.id, planID: "res-starter", paymentMethod: method, couponCode: nil)
    world.service.faultHook = { point in if point == .afterGateway { throw SimulatedCrash() } }
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "k")
      } != nil)
    let intent = try #require(try world.charges(account.id).first)
    #expect(intent.status == .intent)
    // Another process opens the store and settles the charge.
    let other = try world.reopened()
    #expect(try other.account(id: account.id).orders.count == 1)
    // The first process finishing late changes nothing.
    world.service.faultHook = nil
    guard
      case .settledElsewhere(let settled) = try world.service.complete(intent, outcome: .approved)
    else {
      Issue.record("expected settledElsewhere")
      return
    }
    #expect(settled.status == .approved)
    let again = try world.service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "k")
    #expect(again.account.orders.count == 1)
    #expect(try world.gatewayApprovedKeys().count == 1)
  }

  /// Log-in runs the billing step; with nothing due it must not wait for another
  /// instance's write (it used to open a write transaction and give up as "busy").
  @Test func R7b_nothingDueDoesNotWaitForAnotherWriter() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    let other = try world.reopened()
    let events = try other.store.write { session in
      try session.setMeta("holder", "other instance")  // takes the write lock
      return try world.service.runBillingStep(accountID: account.id)
    }
    #expect(events.isEmpty)
  }
}
