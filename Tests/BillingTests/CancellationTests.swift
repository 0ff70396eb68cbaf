import Billing
import Foundation
import Testing

@Suite struct CancellationTests {
  let bought = Fixture.utc(2026, 11, 1, 10)
  let cancelled = Fixture.utc(2026, 11, 10, 12)

  func regular(coupon: String? = nil, used: Traffic = .gb(20)) throws -> Account {
    let account = try Fixture.buy("res-regular", for: Fixture.account(), coupon: coupon, at: bought)
      .account
    return Fixture.setUsed(used, subscriptionID: "acct-s1", in: account)
  }

  func cancel(_ account: Account) throws -> (account: Account, notices: [Notice]) {
    try Cancellation.cancel("acct-s1", in: account, planName: "Regular", now: cancelled)
  }

  @Test func R22_cancelTurnsAutoRenewalOffAndKeepsThePeriod() throws {
    let account = try regular(coupon: "WELCOME10")
    let result = try cancel(account)
    let subscription = try #require(result.account.subscription(id: "acct-s1"))
    #expect(subscription.state == .cancelled)
    #expect(subscription.autoRenew == false)
    #expect(subscription.coupon == nil)
    #expect(subscription.servesTraffic, "usable until the period's last day")
    #expect(subscription.remaining == .gb(30))
    #expect(subscription.periodEnd == Fixture.utc(2026, 12, 1, 10))
    #expect(result.account.orders == account.orders)
    let notice = try #require(result.notices.first)
    #expect(notice.kind == .cancellationConfirmed)
    #expect(notice.body.contains("1 Dec 2026"))
    #expect(notice.body.contains("30.0 GB"))
    #expect(notice.body.contains("not deleted"))
  }

  @Test func R22_popUpStatesWhatCancellingMeans() throws {
    let account = try regular(coupon: "WELCOME10")
    let subscription = try #require(account.subscription(id: "acct-s1"))
    let lines = Cancellation.consequences(of: subscription, planName: "Regular", calendar: .utc)
    let text = lines.joined(separator: "\n")
    #expect(text.contains("No further payments"))
    #expect(text.contains("1 Dec 2026"))
    #expect(text.contains("30.0 GB"))
    #expect(text.contains("not deleted"))
    #expect(text.contains("WELCOME10 is lost"))
    // Showing the pop-up is pure: dismissing it leaves the account as it was.
    #expect(account.subscription(id: "acct-s1")?.state == .active)
  }

  @Test func R22_cancellingTwiceOrAnEndedSubscriptionIsRefused() throws {
    let once = try cancel(regular()).account
    #expect(throws: BillingError.alreadyCancelled) { try cancel(once) }
    let ended = Fixture.advance(once, to: Fixture.utc(2026, 12, 2)).account
    #expect(throws: BillingError.subscriptionNotLive(.ended)) { try cancel(ended) }
    #expect(throws: BillingError.unknownSubscription("x")) {
      try Cancellation.cancel("x", in: once, planName: "Regular", now: cancelled)
    }
  }

  @Test func R23_cancelledSubscriptionEndsAtItsPeriodEndWithoutCharge() throws {
    let account = try cancel(regular()).account
    let result = Fixture.step.advance(account, to: Fixture.utc(2027, 2, 1)) { _ in
      Issue.record("a cancelled subscription is never charged")
      return .approved
    }
    #expect(result.events.map(\.kind) == [.ended])
    #expect(result.events.first?.date == Fixture.utc(2026, 12, 1, 10))
    #expect(result.notices.map(\.kind) == [.subscriptionEnded])
    let subscription = try #require(result.account.subscription(id: "acct-s1"))
    #expect(subscription.state == .ended)
    #expect(subscription.endedAt == Fixture.utc(2026, 12, 1, 10))
    // The account and its history remain; buying again is a new purchase.
    #expect(result.account.orders.count == 1)
    #expect(result.account.visibleSubscriptions.map(\.id) == ["acct-s1"])
    let plan = try #require(Fixture.catalog.plan(id: "res-regular"))
    #expect(Fixture.checkout.kind(ofBuying: plan, for: result.account) == .newPurchase)
  }

  @Test func R23_noReminderForACancelledSubscription() throws {
    let account = try cancel(regular()).account
    let result = Fixture.advance(account, to: Fixture.utc(2026, 11, 30))
    #expect(result.events.isEmpty)
    #expect(result.notices.isEmpty)
  }

  @Test func R14_cancelThenRenewBeforeTheEndTransfersUnusedTraffic() throws {
    let account = try cancel(regular()).account
    let renewAt = Fixture.utc(2026, 11, 30, 9)
    let quote = try Fixture.checkout.quote(
      planID: "res-regular", for: account, paymentMethod: Fixture.visa, couponCode: nil,
      now: renewAt)
    #expect(quote.kind == .renew)
    #expect(quote.unusedTraffic == .transferred(.gb(30)))
    #expect(quote.autoRenew)
    let outcome = Fixture.checkout.apply(quote, to: account, now: renewAt)
    #expect(outcome.subscription.transferred == .gb(30))
    #expect(outcome.subscription.available == .gb(80))
    #expect(outcome.subscription.autoRenew)
    #expect(outcome.account.subscription(id: "acct-s1")?.state == .ended)
    // The old period end no longer ends anything: the new subscription renews on 30 Dec.
    let later = Fixture.advance(outcome.account, to: Fixture.utc(2026, 12, 30, 9))
    #expect(later.events.map(\.kind) == [.reminderSent, .renewed])
  }

  @Test func R14_cancelThenUpgradeBeforeTheEndTransfersUnusedTraffic() throws {
    let account = try cancel(regular()).account
    let outcome = try Fixture.buy("res-advanced", for: account, at: Fixture.utc(2026, 11, 30))
    #expect(outcome.order.kind == .purchase(.upgrade))
    #expect(outcome.subscription.transferred == .gb(30))
  }

  @Test func R14_afterTheEndNothingTransfers() throws {
    let account = try cancel(regular()).account
    let ended = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10)).account
    let outcome = try Fixture.buy("res-regular", for: ended, at: Fixture.utc(2026, 12, 1, 11))
    #expect(outcome.order.kind == .purchase(.newPurchase))
    #expect(outcome.subscription.transferred == .zero)
    #expect(outcome.subscription.available == .gb(50))
  }

  // MARK: R22 past due, R22a resume

  /// A Regular whose renewal on 1 Dec was declined: past due, retries from 2 Dec.
  func pastDue() throws -> Account {
    Fixture.advance(try regular(), to: Fixture.utc(2026, 12, 1, 12), approving: false).account
  }

  @Test func R22_pastDueCanBeCancelledAndStopsItsRetries() throws {
    let account = try pastDue()
    #expect(account.subscription(id: "acct-s1")?.state == .pastDue)
    let at = Fixture.utc(2026, 12, 1, 13)
    let result = try Cancellation.cancel("acct-s1", in: account, planName: "Regular", now: at)
    let subscription = try #require(result.account.subscription(id: "acct-s1"))
    #expect(subscription.state == .ended)
    #expect(subscription.endedAt == at)
    #expect(subscription.autoRenew == false)
    #expect(result.notices.map(\.kind) == [.cancellationConfirmed])
    #expect(result.notices.first?.body.contains("retries have stopped") == true)
    // The +1/+3/+5 day retries are gone: nothing is due and nothing is charged again.
    #expect(Fixture.step.pending(for: result.account).isEmpty)
    let later = Fixture.step.advance(result.account, to: Fixture.utc(2027, 3, 1)) { _ in
      Issue.record("a cancelled past-due subscription is never charged")
      return .approved
    }
    #expect(later.events.isEmpty)
    #expect(later.account.orders == account.orders)
  }

  @Test func R22_pastDuePopUpSaysTheRetriesStop() throws {
    let subscription = try #require(try pastDue().subscription(id: "acct-s1"))
    let text = Cancellation.consequences(of: subscription, planName: "Regular", calendar: .utc)
      .joined(separator: "\n")
    #expect(text.contains("retries stop now"))
    #expect(!text.contains("use your proxies until"))
  }

  @Test func R22a_resumeKeepsPeriodAndTrafficFreeOfCharge() throws {
    let account = try cancel(regular(coupon: "WELCOME10")).account
    let at = Fixture.utc(2026, 11, 20)
    let result = try Cancellation.resume("acct-s1", in: account, planName: "Regular", now: at)
    let before = try #require(account.subscription(id: "acct-s1"))
    let subscription = try #require(result.account.subscription(id: "acct-s1"))
    #expect(subscription.state == .active)
    #expect(subscription.autoRenew)
    #expect(subscription.periodStart == before.periodStart)
    #expect(subscription.periodEnd == Fixture.utc(2026, 12, 1, 10))
    #expect(subscription.remaining == .gb(30))
    #expect(subscription.coupon == nil, "the coupon lost at cancelling stays lost")
    #expect(result.account.orders == account.orders, "resuming is free")
    #expect(result.notices.map(\.kind) == [.subscriptionResumed])
    // It renews again at the period end, at the full price: Regular $400.00, US 0 % VAT.
    let renewed = Fixture.step.advance(result.account, to: Fixture.utc(2026, 12, 1, 10)) {
      request in
      #expect(request.amount == .units(400))
      return .approved
    }
    #expect(renewed.events.map(\.kind) == [.reminderSent, .renewed])
  }

  @Test func R22a_onlyACancelledSubscriptionWithinItsPeriodResumes() throws {
    let active = try regular()
    #expect(throws: BillingError.notCancelled(.active)) {
      try Cancellation.resume("acct-s1", in: active, planName: "Regular", now: cancelled)
    }
    let account = try cancel(active).account
    #expect(throws: BillingError.subscriptionNotLive(.ended)) {
      try Cancellation.resume(
        "acct-s1", in: account, planName: "Regular", now: Fixture.utc(2026, 12, 1, 10))
    }
    let ended = Fixture.advance(account, to: Fixture.utc(2026, 12, 2)).account
    #expect(throws: BillingError.notCancelled(.ended)) {
      try Cancellation.resume("acct-s1", in: ended, planName: "Regular", now: Fixture.utc(2026, 12, 2))
    }
  }

  @Test func R22a_resumeTermsSayFreeSamePeriodAndTheNextCharge() throws {
    let account = try cancel(regular()).account
    let subscription = try #require(account.subscription(id: "acct-s1"))
    let text = Cancellation.resumeTerms(
      of: subscription, planName: "Regular", monthlyFee: .units(400), calendar: .utc
    ).joined(separator: "\n")
    #expect(text.contains("nothing is charged now"))
    #expect(text.contains("1 Dec 2026"))
    #expect(text.contains("30.0 GB"))
    #expect(text.contains("$400.00"))
  }
}
