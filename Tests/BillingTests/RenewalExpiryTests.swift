import Billing
import Foundation
import Testing

/// R6's warning of traffic expiring at an automatic renewal, from R27's trailing rate.
@Suite struct RenewalExpiryTests {
  static let now = Fixture.utc(2026, 11, 16, 10)

  static func subscription(
    boughtDaysAgo: Double, endsInDays: Double, allowanceGB: Int64, usedGB: Double, autoRenew: Bool = true
  ) -> Subscription {
    let anchor = now.addingTimeInterval(-boughtDaysAgo * 86_400)
    return Subscription(
      id: "s1", product: .residential, planID: "res-regular", anchor: anchor, periodStart: anchor,
      periodEnd: now.addingTimeInterval(endsInDays * 86_400), autoRenew: autoRenew,
      paymentMethod: Fixture.visa, allowance: .gb(allowanceGB), used: .gb(fraction: usedGB),
      originOrderID: "o1")
  }

  static func expiring(_ subscription: Subscription, lastSevenDays: Traffic) -> Traffic? {
    UsageMath.expiringAtRenewal(
      of: subscription, lastSevenDays: lastSevenDays, now: now, policy: .standard, calendar: .utc)
  }

  @Test func R6_warnsOfWhatTheTrailingRateLeavesUnused() {
    // 44 of 50 GB used, 6 GB left; 7 GB in 7 days is 1 GB a day; 3 days left use 3 GB,
    // so 6 − 3 = 3 GB expire.
    let subscription = Self.subscription(boughtDaysAgo: 27, endsInDays: 3, allowanceGB: 50, usedGB: 44)
    #expect(Self.expiring(subscription, lastSevenDays: .gb(7)) == .gb(3))
    // 14 GB in 7 days is 2 GB a day: 6 GB go in 3 days, nothing expires.
    #expect(Self.expiring(subscription, lastSevenDays: .gb(14)) == nil)
  }

  @Test func R6_aNewBuyersFirstHoursWarnOfNothing() {
    // Bought 2 hours ago, nothing used: less than a day of data, and 30 days to go.
    let subscription = Self.subscription(boughtDaysAgo: 2.0 / 24, endsInDays: 30, allowanceGB: 20, usedGB: 0)
    #expect(Self.expiring(subscription, lastSevenDays: .zero) == nil)
  }

  @Test func R27_aDayOldSubscriptionsRateIsNotDividedBySeven() {
    // Bought a day ago, 1.2 GB used: the window is that day (86,400 s), not 7 days, so
    // 1.2 GB a day × 29 days = 34.8 GB > the 18.8 GB left: nothing expires.
    let subscription = Self.subscription(boughtDaysAgo: 1, endsInDays: 29, allowanceGB: 20, usedGB: 1.2)
    #expect(UsageMath.trailingWindow(for: subscription, now: Self.now) == 86_400)
    #expect(Self.expiring(subscription, lastSevenDays: .gb(fraction: 1.2)) == nil)
    // The forecast reads the same day: 18.8 / 1.2 = 15.67 days, before the period ends;
    // spread over a week (1.2 / 7 GB a day) it would have said 110 days, past the end.
    let day = UsageMath.forecast(
      remaining: subscription.remaining, lastSevenDays: .gb(fraction: 1.2), now: Self.now,
      periodEnd: subscription.periodEnd, window: UsageMath.trailingWindow(for: subscription, now: Self.now))
    guard case .runsOut(let date, true) = day else {
      Issue.record("\(day)")
      return
    }
    #expect(abs(date.timeIntervalSince(Self.now) - 18.8 / 1.2 * 86_400) < 1)
    let week = UsageMath.forecast(
      remaining: subscription.remaining, lastSevenDays: .gb(fraction: 1.2), now: Self.now,
      periodEnd: subscription.periodEnd)
    guard case .runsOut(_, false) = week else {
      Issue.record("\(week)")
      return
    }
  }

  @Test func R6_noWarningWithoutAnAutomaticRenewal() {
    let cancelled = Self.subscription(
      boughtDaysAgo: 27, endsInDays: 3, allowanceGB: 50, usedGB: 44, autoRenew: false)
    #expect(Self.expiring(cancelled, lastSevenDays: .gb(7)) == nil)
  }
}
