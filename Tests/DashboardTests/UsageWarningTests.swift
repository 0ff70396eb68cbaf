import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Usage stats warns of expiring traffic only when the forecast says some will be left
/// (R6, R27), and says once what a GB is (R0.2).
@Suite struct UsageWarningTests {
  static func usage(
    _ account: Account, lastSevenDays: Traffic, range: UsageRange = .currentPeriod, width: Int = 80,
    height: Int = 24
  ) -> AppState {
    var state = AppState(width: width, height: height)
    _ = state.apply(.loggedIn(Fixtures.snapshot(account)))
    let start = account.subscriptions[0].periodStart
    _ = state.apply(
      .usage(
        UsageReport(
          range: range, interval: DateInterval(start: start, end: Fixtures.now),
          total: account.subscriptions[0].used, buckets: [UsageBucket(start: start, traffic: .gb(1))],
          byUser: [UserUsage(proxyUser: "u1", traffic: account.subscriptions[0].used)],
          lastSevenDays: lastSevenDays)))
    state.section = .usage
    state.banner = nil
    return state
  }

  @Test func R6_aNewBuyerIsNotToldTheirTrafficWillExpire() {
    // Bought two hours ago, nothing used yet: no rate to judge by.
    let fresh = Self.usage(
      Fixtures.customer(planID: "res-starter", daysAgo: 2.0 / 24, usedGB: 0), lastSevenDays: .zero)
    #expect(!fresh.render().text.contains("will expire"), "\(fresh.render().text)")
    // Bought a day ago, 1.2 GB used that day: 1.2 GB a day for the 29 days left is 34.8 GB,
    // more than the 18.8 GB of 20 GB left, so none is forecast to expire.
    let dayOne = Self.usage(
      Fixtures.customer(planID: "res-starter", daysAgo: 1, usedGB: 1.2), lastSevenDays: .gb(fraction: 1.2))
    let screen = dayOne.render().text
    #expect(!screen.contains("will expire"), "\(screen)")
    // The forecast reads the same day's rate, not a seventh of it: 18.8 / 1.2 = 15.7 days
    // from 16 Nov 10:00 is 2 Dec 2026, before the period ends on 15 Dec.
    #expect(screen.contains("Forecast: runs out 2 Dec 2026"), "\(screen)")
  }

  @Test func R6_expiryIsWarnedWhenTheRateLeavesTrafficUnused() {
    // 44 of 50 GB used, 6 GB left; 7 GB in the last 7 days is 1 GB a day; the period ends
    // 19 Nov 10:00, 3 days on, so 3 GB will be used and 6 − 3 = 3.0 GB expire.
    let state = Self.usage(Fixtures.customer(), lastSevenDays: .gb(7), width: 120, height: 30)
    let screen = state.render().text
    #expect(
      screen.contains("At this rate about 3.0 GB will expire at the renewal on 19 Nov 2026"), "\(screen)")
    // 14 GB in 7 days is 2 GB a day: 6 GB go in the 3 days left, nothing expires.
    let busy = Self.usage(Fixtures.customer(), lastSevenDays: .gb(14), width: 120, height: 30)
    #expect(!busy.render().text.contains("will expire"))
  }

  @Test(arguments: [(80, 24), (120, 30)])
  func R0_2_usageSaysOnceThatAGigabyteIsABillionBytes(width: Int, height: Int) {
    let screen = Self.usage(Fixtures.customer(), lastSevenDays: .gb(7), width: width, height: height)
      .render().text
    #expect(screen.components(separatedBy: "1 GB = 1,000,000,000 bytes").count == 2, "\(screen)")
  }

  @Test func customRangeTabIsShownWhole() {
    var state = Self.usage(Fixtures.customer(), lastSevenDays: .gb(7))
    let calendar = BillingCalendar.utc
    let from = Fixtures.now.addingTimeInterval(-15 * 86_400)
    state[UsageView.self].range = .custom(from: from, to: Fixtures.now)
    let screen = state.render().text
    let title = "\(calendar.shortDayText(from))–\(calendar.shortDayText(Fixtures.now))"
    let tabs = screen.split(separator: "\n").first { $0.contains("24 hours") } ?? ""
    #expect(tabs.contains(title), "\(screen)")
    #expect(!tabs.contains("…"), "\(screen)")
  }
}
