import Billing
import Foundation
import Testing

@Suite struct RefundTests {
  /// Friday 20 Nov 2026, 10:00 UTC.
  let paid = Fixture.utc(2026, 11, 20, 10)

  func starter(_ planID: String = "res-starter", method: PaymentMethod = Fixture.visa) throws
    -> Account
  {
    try Fixture.buy(planID, for: Fixture.account(), with: method, at: paid).account
  }

  func verdict(_ account: Account, _ id: String = "acct-s1", at now: Date) -> RefundEligibility {
    Refunds.eligibility(
      of: id, in: account, catalog: Fixture.catalog, policy: Fixture.policy, now: now)
  }

  @Test func R20_eligibleAt71h59mNotAt72h() throws {
    let account = try starter()
    let deadline = Fixture.utc(2026, 11, 23, 10)
    let justIn = paid.addingTimeInterval(71 * 3600 + 59 * 60)
    #expect(verdict(account, at: justIn) == .eligible(until: deadline, amount: .units(200)))
    #expect(
      verdict(account, at: justIn).label(in: .utc) == "Refund: eligible until 23 Nov 2026 10:00 UTC"
    )
    let exactly72h = paid.addingTimeInterval(72 * 3600)
    #expect(verdict(account, at: exactly72h) == .notAvailable(.windowEnded(deadline)))
    #expect(
      verdict(account, at: exactly72h).label(in: .utc)
        == "Refund: not available (3-day window ended 23 Nov 2026)")
  }

  @Test func R20_atMostFiveGBUsed() throws {
    var account = try starter()
    let now = Fixture.utc(2026, 11, 21)
    account = Fixture.setUsed(.gb(5), subscriptionID: "acct-s1", in: account)
    #expect(verdict(account, at: now).isEligible)
    let over = Traffic(bytes: 5_000_000_001)
    account = Fixture.setUsed(over, subscriptionID: "acct-s1", in: account)
    #expect(
      verdict(account, at: now) == .notAvailable(.trafficOverLimit(used: over, limit: .gb(5))))
    #expect(
      verdict(account, at: now).label(in: .utc) == "Refund: not available (5.00 GB used, over 5 GB)"
    )
  }

  @Test func R20_microIsNotCovered() throws {
    let account = try starter("res-micro")
    #expect(
      verdict(account, at: Fixture.utc(2026, 11, 21)) == .notAvailable(.planNotCovered("Micro")))
  }

  @Test func R20_btcIsNotRefundable() {
    let account = Fixture.btcAccount(paidAt: paid)
    #expect(verdict(account, at: Fixture.utc(2026, 11, 21)) == .notAvailable(.paidWithBTC))
  }

  @Test func R20_payPalIsRefundable() throws {
    let account = try starter(method: Fixture.payPal)
    #expect(verdict(account, at: Fixture.utc(2026, 11, 21)).isEligible)
  }

  @Test func R20_onlyTheAccountsFirstOrder() throws {
    let account = try Fixture.buy("dc-basic", for: starter(), at: Fixture.utc(2026, 11, 20, 11))
      .account
    #expect(
      verdict(account, "acct-s2", at: Fixture.utc(2026, 11, 21)) == .notAvailable(.notFirstOrder))
    #expect(verdict(account, "acct-s1", at: Fixture.utc(2026, 11, 21)).isEligible)
  }

  @Test func R20_amountIsWhatTheFirstOrderPaidNothingLater() throws {
    var account = try starter()
    let users = try Fixture.checkout.quoteProxyUsers(
      count: 2, subscriptionID: "acct-s1", for: account)
    account = try Fixture.buyExtra(users, for: account, at: Fixture.utc(2026, 11, 20, 12))
    #expect(account.netCharged == .units(210))
    let result = try Refunds.request(
      for: "acct-s1", in: account, catalog: Fixture.catalog, policy: Fixture.policy,
      now: Fixture.utc(2026, 11, 21))
    #expect(result.refund.amount == .units(200))
    #expect(result.account.netCharged == .units(10))
  }

  @Test func R20_onlyOneRefundEver() throws {
    let account = try starter()
    let refunded = try Refunds.request(
      for: "acct-s1", in: account, catalog: Fixture.catalog, policy: Fixture.policy,
      now: Fixture.utc(2026, 11, 20, 11)
    ).account
    let again = try Fixture.buy("res-starter", for: refunded, at: Fixture.utc(2026, 11, 20, 12))
      .account
    #expect(again.liveSubscription(of: .residential)?.id == "acct-s2")
    #expect(
      verdict(again, "acct-s2", at: Fixture.utc(2026, 11, 20, 13))
        == .notAvailable(.alreadyRefunded(Fixture.utc(2026, 11, 20, 11))))
  }

  @Test func R20_refusedRequestSaysWhichConditionFailed() throws {
    let account = try starter("res-micro")
    #expect(throws: BillingError.refundNotAvailable(.planNotCovered("Micro"))) {
      try Refunds.request(
        for: "acct-s1", in: account, catalog: Fixture.catalog, policy: Fixture.policy,
        now: Fixture.utc(2026, 11, 21))
    }
    #expect(
      BillingError.refundNotAvailable(.planNotCovered("Micro")).description
        == "The Micro plan is not covered by the money-back guarantee.")
  }

  @Test func R21_refundEndsAtOnceAndCompletesInFiveBusinessDays() throws {
    let account = try starter()
    let requested = Fixture.utc(2026, 11, 20, 11)
    let result = try Refunds.request(
      for: "acct-s1", in: account, catalog: Fixture.catalog, policy: Fixture.policy, now: requested)
    let subscription = try #require(result.account.subscription(id: "acct-s1"))
    #expect(subscription.state == .refunded)
    #expect(subscription.servesTraffic == false)
    #expect(subscription.autoRenew == false)
    #expect(subscription.endedAt == requested)
    #expect(result.refund.status == .approved)
    #expect(result.refund.paymentMethod == Fixture.visa)
    // Friday 11:00 + 5 business days = the next Friday 11:00.
    #expect(result.refund.completesAt == Fixture.utc(2026, 11, 27, 11))
    #expect(result.notices.map(\.kind) == [.refundRequested, .refundApproved])
    #expect(result.account.orders.first?.status == .refunded)
    #expect(result.account.netCharged == .zero())

    let before = Fixture.advance(result.account, to: Fixture.utc(2026, 11, 27, 10, 59))
    #expect(before.events.isEmpty)
    let done = Fixture.advance(result.account, to: Fixture.utc(2026, 11, 27, 11))
    #expect(done.events.map(\.kind) == [.refundCompleted])
    #expect(done.notices.map(\.kind) == [.refundCompleted])
    #expect(done.account.refunds.first?.status == .refunded)
    #expect(done.account.refunds.first?.completedAt == Fixture.utc(2026, 11, 27, 11))
    // Nothing renews or repeats afterwards.
    let later = Fixture.advance(done.account, to: Fixture.utc(2027, 3, 1))
    #expect(later.events.isEmpty)
    #expect(later.account == done.account)
  }
}
