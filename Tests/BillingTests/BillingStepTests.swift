import Billing
import Foundation
import Testing

@Suite struct BillingStepTests {
  let bought = Fixture.utc(2026, 11, 1, 10)

  /// Regular bought Nov 1 10:00 by Visa in the US (no VAT), 44 GB used.
  func regularAccount(country: String = "US", coupon: String? = nil) throws -> Account {
    let outcome = try Fixture.buy(
      "res-regular", for: Fixture.account(country: country), coupon: coupon, at: bought)
    return Fixture.setUsed(.gb(44), subscriptionID: outcome.subscription.id, in: outcome.account)
  }

  @Test func R6_autoRenewalChargesTheFeeAndStartsAFreshPeriod() throws {
    let account = try regularAccount()
    let result = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10))
    #expect(result.events.map(\.kind) == [.reminderSent, .renewed])
    let renewal = try #require(result.account.orders.last)
    #expect(renewal.kind == .renewal)
    #expect(renewal.status == .paid)
    #expect(renewal.total == .units(400))
    #expect(renewal.createdAt == Fixture.utc(2026, 12, 1, 10))
    #expect(renewal.paymentMethod == Fixture.visa)
    let subscription = try #require(result.account.liveSubscription(of: .residential))
    #expect(subscription.state == .active)
    #expect(subscription.periodStart == Fixture.utc(2026, 12, 1, 10))
    #expect(subscription.periodEnd == Fixture.utc(2027, 1, 1, 10))
    #expect(subscription.allowance == .gb(50))
    #expect(subscription.used == .zero)
    #expect(subscription.transferred == .zero)
    #expect(subscription.extra == .zero)
    // Unused traffic (50 - 44 = 6 GB) expires at an automatic renewal.
    #expect(result.events.last?.summary.contains("6.0 GB expired") == true)
    let receipt = try #require(result.notices.first { $0.kind == .renewalReceipt })
    #expect(receipt.body.contains("Unused traffic of the last period expired: 6.0 GB"))
    #expect(result.account.netCharged == .units(800))
  }

  @Test func R6_renewalFeeIsPlanPlusUsersMinusRecurringDiscountPlusVAT() throws {
    // NL (21 %), Regular $400 + 2 purchased users at $5 = $410; WELCOME10: -$41.00;
    // net $369.00; VAT 21 % = $77.49; total $446.49.
    var account = try regularAccount(country: "NL", coupon: "WELCOME10")
    let index = try #require(account.subscriptions.firstIndex { $0.state == .active })
    account.subscriptions[index].extraProxyUsers = 2
    var requested: [Money] = []
    let result = Fixture.step.advance(account, to: Fixture.utc(2026, 12, 1, 10)) { request in
      requested.append(request.amount)
      return .approved
    }
    #expect(requested == [Money(minorUnits: 44_649)])
    #expect(result.account.orders.last?.total == Money(minorUnits: 44_649))
    #expect(result.account.orders.last?.invoice.vatLabel == "VAT 21 %")
  }

  @Test func R7_reminderThreeDaysBeforeStatesDateAmountMethodAndOptOut() throws {
    let account = try regularAccount()
    let early = Fixture.advance(account, to: Fixture.utc(2026, 11, 28, 9, 59))
    #expect(early.events.isEmpty)
    #expect(early.account == account)

    let result = Fixture.advance(account, to: Fixture.utc(2026, 11, 28, 10))
    #expect(result.events.map(\.kind) == [.reminderSent])
    #expect(result.events.first?.date == Fixture.utc(2026, 11, 28, 10))
    let reminder = try #require(result.notices.first)
    #expect(reminder.kind == .renewalReminder)
    #expect(reminder.subject.contains("1 Dec 2026"))
    #expect(reminder.body.contains("1 Dec 2026"))
    #expect(reminder.body.contains("$400.00"))
    #expect(reminder.body.contains("Visa ending 4242"))
    #expect(reminder.body.contains("opt out"))
    // R6: the warning before unused traffic expires says how much.
    #expect(reminder.body.contains("Unused traffic (6.0 GB) expires at the renewal"))

    let later = Fixture.advance(result.account, to: Fixture.utc(2026, 11, 30, 23))
    #expect(later.events.isEmpty)
    #expect(later.account == result.account)
  }

  @Test func R7a_declinedRenewalPausesTrafficAndEmails() throws {
    let account = try regularAccount()
    let result = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10), approving: false)
    #expect(result.events.map(\.kind) == [.reminderSent, .renewalFailed])
    let subscription = try #require(result.account.liveSubscription(of: .residential))
    #expect(subscription.state == .pastDue)
    #expect(subscription.servesTraffic == false)
    #expect(subscription.pastDueSince == Fixture.utc(2026, 12, 1, 10))
    #expect(result.account.orders.last?.status == .declined)
    #expect(result.account.netCharged == .units(400))
    let failed = try #require(result.notices.first { $0.kind == .paymentFailed })
    #expect(failed.body.contains("We will retry on 2 Dec 2026"))
  }

  @Test func R7a_pastDueThroughEveryRetryEnds() throws {
    let account = try regularAccount()
    var attempts: [Date] = []
    let result = Fixture.step.advance(account, to: Fixture.utc(2027, 3, 1)) { _ in
      .declined(reason: "card declined")
    }
    for event in result.events where event.kind != .reminderSent { attempts.append(event.date) }
    #expect(
      result.events.map(\.kind) == [
        .reminderSent, .renewalFailed, .retryFailed, .retryFailed, .ended,
      ])
    // Retries at +1, +3 and +5 days after the failed renewal.
    #expect(
      attempts == [
        Fixture.utc(2026, 12, 1, 10), Fixture.utc(2026, 12, 2, 10), Fixture.utc(2026, 12, 4, 10),
        Fixture.utc(2026, 12, 6, 10),
      ])
    let subscription = try #require(result.account.subscriptions.first)
    #expect(subscription.state == .ended)
    #expect(subscription.endedAt == Fixture.utc(2026, 12, 6, 10))
    #expect(result.account.liveSubscription(of: .residential) == nil)
    #expect(result.notices.map(\.kind).last == .subscriptionEnded)
    #expect(result.account.netCharged == .units(400))
    #expect(result.account.orders.filter { $0.status == .declined }.count == 4)
  }

  @Test func R7a_successfulRetryRestoresServiceWithAFullPeriod() throws {
    let account = try regularAccount()
    let failed = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10), approving: false)
    let result = Fixture.advance(failed.account, to: Fixture.utc(2026, 12, 2, 10))
    #expect(result.events.map(\.kind) == [.retrySucceeded])
    let subscription = try #require(result.account.liveSubscription(of: .residential))
    #expect(subscription.state == .active)
    #expect(subscription.servesTraffic)
    // Interpretation: a late payment buys a full month from the payment (new anchor).
    #expect(subscription.anchor == Fixture.utc(2026, 12, 2, 10))
    #expect(subscription.periodEnd == Fixture.utc(2027, 1, 2, 10))
    #expect(subscription.used == .zero)
    #expect(subscription.retriesDone == 0)
    #expect(subscription.pastDueSince == nil)
    #expect(result.account.orders.map(\.status) == [.paid, .declined, .paid])
    #expect(result.account.netCharged == .units(800))
  }

  @Test func R7a_secondRetrySucceedsAfterOneFailedRetry() throws {
    let account = try regularAccount()
    let failed = Fixture.advance(account, to: Fixture.utc(2026, 12, 2, 10), approving: false)
    #expect(failed.account.subscriptions.first?.retriesDone == 1)
    let result = Fixture.advance(failed.account, to: Fixture.utc(2026, 12, 5))
    #expect(result.events.map(\.kind) == [.retrySucceeded])
    #expect(result.events.first?.date == Fixture.utc(2026, 12, 4, 10))
  }

  @Test func R7b_programClosedThreeMonthsCatchesUpInOrderOnce() throws {
    let account = try regularAccount()
    var charged: [String] = []
    let now = Fixture.utc(2027, 2, 15)
    let result = Fixture.step.advance(account, to: now) { request in
      charged.append(request.orderID)
      return .approved
    }
    #expect(
      result.events.map(\.kind) == [
        .reminderSent, .renewed, .reminderSent, .renewed, .reminderSent, .renewed,
      ])
    #expect(
      result.events.map(\.date) == [
        Fixture.utc(2026, 11, 28, 10), Fixture.utc(2026, 12, 1, 10),
        Fixture.utc(2026, 12, 29, 10), Fixture.utc(2027, 1, 1, 10),
        Fixture.utc(2027, 1, 29, 10), Fixture.utc(2027, 2, 1, 10),
      ])
    #expect(
      result.notices.map(\.kind) == [
        .renewalReminder, .renewalReceipt, .renewalReminder, .renewalReceipt, .renewalReminder,
        .renewalReceipt,
      ])
    #expect(charged == ["acct-o2", "acct-o3", "acct-o4"])
    #expect(result.account.orders.map(\.id) == ["acct-o1", "acct-o2", "acct-o3", "acct-o4"])
    #expect(result.account.netCharged == .units(1600))

    // Running the step again with the same now changes nothing.
    let again = Fixture.step.advance(result.account, to: now) { _ in
      Issue.record("no charge expected")
      return .approved
    }
    #expect(again.events.isEmpty)
    #expect(again.notices.isEmpty)
    #expect(again.account == result.account)
  }

  @Test func R7b_dayByDayEqualsOneJump() throws {
    let account = try regularAccount()
    let end = Fixture.utc(2027, 2, 15)
    let jump = Fixture.advance(account, to: end)
    var stepped = account
    var events: [BillingEvent] = []
    var day = bought
    while day < end {
      day = min(end, BillingCalendar.utc.adding(days: 1, to: day))
      let result = Fixture.advance(stepped, to: day)
      stepped = result.account
      events += result.events
    }
    #expect(stepped == jump.account)
    #expect(events == jump.events)
  }

  @Test func R7b_twoSubscriptionsInterleaveInTimeOrder() throws {
    var account = try regularAccount()
    account = try Fixture.buy(
      "dc-clever", for: account, with: Fixture.payPal, at: Fixture.utc(2026, 11, 15, 8)
    ).account
    // Residential renews Dec 1 and Jan 1, datacenter Dec 15 and Jan 15, each reminded
    // three days before.
    let result = Fixture.advance(account, to: Fixture.utc(2027, 1, 16))
    let dates = result.events.map(\.date)
    #expect(dates == dates.sorted())
    #expect(
      result.events.filter { $0.kind == .renewed }.map(\.date) == [
        Fixture.utc(2026, 12, 1, 10), Fixture.utc(2026, 12, 15, 8), Fixture.utc(2027, 1, 1, 10),
        Fixture.utc(2027, 1, 15, 8),
      ])
    #expect(result.events.filter { $0.kind == .reminderSent }.count == 4)
    // $400 + $90 at purchase, then two renewals of each.
    #expect(result.account.netCharged == .units(1470))
  }

  @Test func R7b_staleItemsApplyOnce() throws {
    // A service that applies `nextDue` twice (a retried request) must not charge twice.
    let account = try regularAccount()
    let now = Fixture.utc(2026, 12, 1, 10)
    let reminded = Fixture.advance(account, to: Fixture.utc(2026, 11, 28, 10)).account
    let item = try #require(Fixture.step.nextDue(for: reminded, now: now))
    #expect(item.kind == .renewal(subscriptionID: "acct-s1"))
    #expect(Fixture.step.chargeRequest(for: item, in: reminded)?.orderID == "acct-o2")
    let once = Fixture.step.apply(item, to: reminded, charge: .approved)
    #expect(once.account.orders.count == 2)
    #expect(Fixture.step.chargeRequest(for: item, in: once.account) == nil)
    let twice = Fixture.step.apply(item, to: once.account, charge: .approved)
    #expect(twice.account == once.account)
    #expect(twice.events.isEmpty)
  }

  @Test func R7b_nextEventDateForTheDemoClock() throws {
    let account = try regularAccount()
    #expect(
      Fixture.step.nextEventDate(for: account, after: bought) == Fixture.utc(2026, 11, 28, 10))
    let reminded = Fixture.advance(account, to: Fixture.utc(2026, 11, 28, 10)).account
    #expect(
      Fixture.step.nextEventDate(for: reminded, after: Fixture.utc(2026, 11, 28, 10))
        == Fixture.utc(2026, 12, 1, 10))
  }
}
