import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// Issue 15: the reason a customer gives when cancelling is kept with the cancellation
/// and repeated in its email (R22, R26), with support's offer to help.
@Suite struct CancelReasonTests {
  @Test func R22_theCancelReasonIsStoredAndInTheConfirmationEmail() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    _ = try world.service.cancel(
      accountID: account.id, subscriptionID: bought.subscription.id, reason: .switchingProvider)
    // Read back by another process: the reason is in the store, not only in memory.
    let other = try world.reopened()
    defer { other.store.close() }
    let stored = try other.account(id: account.id).subscription(id: bought.subscription.id)
    #expect(stored?.state == .cancelled)
    #expect(stored?.cancelReason == .switchingProvider)
    let email = try #require(
      try other.outbox(accountID: account.id).first { $0.kind == .cancellationConfirmed })
    #expect(email.body.contains("Reason you gave: Switching provider."))
    #expect(email.body.contains(Support.email))
  }

  @Test func R22_noReasonIsAsBeforeAndResumingForgetsTheReason() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    let id = bought.subscription.id
    _ = try world.service.cancel(accountID: account.id, subscriptionID: id)
    let plain = try #require(
      try world.service.outbox(accountID: account.id).first { $0.kind == .cancellationConfirmed })
    #expect(!plain.body.contains("Reason you gave"))
    #expect(try world.service.account(id: account.id).subscription(id: id)?.cancelReason == nil)

    _ = try world.service.resume(accountID: account.id, subscriptionID: id)
    _ = try world.service.cancel(accountID: account.id, subscriptionID: id, reason: .tooExpensive)
    #expect(try world.service.account(id: account.id).subscription(id: id)?.cancelReason == .tooExpensive)
    // R22a: resumed, the cancellation and its reason no longer stand.
    _ = try world.service.resume(accountID: account.id, subscriptionID: id)
    #expect(try world.service.account(id: account.id).subscription(id: id)?.cancelReason == nil)
  }

  /// R22 past due: cancelling ends it at once; the reason goes with it all the same.
  @Test func R22_aPastDueCancellationKeepsItsReason() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)
    let id = bought.subscription.id
    _ = try world.service.updatePaymentMethod(
      accountID: account.id, subscriptionID: id, input: .card(TestWorld.badCard))
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    _ = try world.service.runBillingStep(accountID: account.id)
    #expect(try world.service.account(id: account.id).subscription(id: id)?.state == .pastDue)
    _ = try world.service.cancel(accountID: account.id, subscriptionID: id, reason: .technicalProblems)
    let ended = try world.service.account(id: account.id).subscription(id: id)
    #expect(ended?.state == .ended)
    #expect(ended?.cancelReason == .technicalProblems)
    let email = try #require(
      try world.service.outbox(accountID: account.id).first { $0.kind == .cancellationConfirmed })
    #expect(email.body.contains("Reason you gave: Technical problems."))
  }
}

/// R16: choosing BTC files a support request that names what support is to charge.
@Suite struct BTCSupportRequestTests {
  @Test func R16_aBTCCheckoutRequestNamesThePlanAndTheAmount() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    expectError(.billing(.btcThroughSupport)) { () throws(ServiceError) in
      try world.service.storedMethod(from: .btc, accountID: account.id, forPlan: "res-starter")
    }
    let request = try #require(try world.service.outbox(accountID: account.id).first)
    #expect(request.kind == .supportRequest)
    // Starter is $100 a month; US VAT is 0 %: $100.00 in all.
    #expect(request.subject == "Support request: pay Starter ($100.00) with BTC")
    #expect(request.body.contains("the Starter plan (Residential proxies), $100.00 including VAT,"))
  }

  @Test func R16a_aBTCPaymentMethodRequestNamesTheSubscriptionAndItsMonthlyFee() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    // The recurring 10 % coupon does not apply to BTC (R17): support charges the full fee.
    let bought = try world.buy("res-regular", for: account, coupon: "TEN")
    expectError(.billing(.btcThroughSupport)) { () throws(ServiceError) in
      try world.service.updatePaymentMethod(
        accountID: account.id, subscriptionID: bought.subscription.id, input: .btc)
    }
    let request = try #require(
      try world.service.outbox(accountID: account.id).first { $0.kind == .supportRequest })
    // Regular is $200 a month, 0 % VAT, no coupon with BTC: $200.00.
    #expect(request.subject == "Support request: pay Regular ($200.00 a month) with BTC")
    #expect(
      request.body.contains("your Regular subscription (Residential proxies), $200.00 a month including VAT,")
    )
  }
}
