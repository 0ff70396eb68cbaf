import Billing
import Foundation
import Testing

@Suite struct UsageMathTests {
  let now = Fixture.utc(2026, 11, 21)
  let periodEnd = Fixture.utc(2026, 12, 1)

  func record(_ user: String, _ day: Int, _ hour: Int, gb: Int64) -> UsageRecord {
    UsageRecord(
      proxyUser: user, hour: Fixture.utc(2026, 11, day, hour), bytes: Traffic.gb(gb).bytes)
  }

  // MARK: R27

  @Test func R27_totalsCountTheHalfOpenRange() {
    let records = [
      record("alpha", 19, 23, gb: 1), record("alpha", 20, 0, gb: 2), record("beta", 20, 23, gb: 4),
      record("beta", 21, 0, gb: 8),
    ]
    let day = DateInterval(start: Fixture.utc(2026, 11, 20), end: Fixture.utc(2026, 11, 21))
    #expect(UsageMath.total(records, in: day) == .gb(6))
    #expect(UsageMath.total([], in: day) == .zero)
  }

  @Test func R27_dailyBucketsAreZeroFilledInOrder() {
    let records = [record("a", 15, 3, gb: 1), record("b", 15, 5, gb: 2), record("a", 18, 0, gb: 1)]
    let interval = UsageRange.last7Days.interval(now: now, periodStart: now, calendar: .utc)
    let buckets = UsageMath.buckets(records, in: interval, hourly: false, calendar: .utc)
    #expect(buckets.map(\.start) == (14...20).map { Fixture.utc(2026, 11, $0) })
    #expect(buckets.map(\.traffic) == [.zero, .gb(3), .zero, .zero, .gb(1), .zero, .zero])
  }

  @Test func R27_hourlyBucketsForTheLastDay() {
    let records = [
      record("a", 20, 5, gb: 1), record("a", 20, 5, gb: 1), record("a", 19, 23, gb: 9),
    ]
    let interval = UsageRange.last24Hours.interval(now: now, periodStart: now, calendar: .utc)
    #expect(UsageRange.last24Hours.chartsHours)
    #expect(!UsageRange.last7Days.chartsHours)
    let buckets = UsageMath.buckets(records, in: interval, hourly: true, calendar: .utc)
    #expect(buckets.count == 24)
    #expect(buckets[5].traffic == .gb(2))
    #expect(buckets.filter { $0.traffic != .zero }.count == 1)
  }

  @Test func R27_daysFollowTheAccountsTimeZone() {
    // Amsterdam is UTC+1 in November: its 20 Nov runs 19 Nov 23:00 to 20 Nov 23:00 UTC.
    let amsterdam = BillingCalendar(timeZoneIdentifier: "Europe/Amsterdam")
    let day = Fixture.utc(2026, 11, 20, 12)
    let interval = UsageRange.custom(from: day, to: day).interval(
      now: now, periodStart: now, calendar: amsterdam)
    #expect(interval.start == Fixture.utc(2026, 11, 19, 23))
    #expect(interval.end == Fixture.utc(2026, 11, 20, 23))
    let records = [
      record("a", 19, 23, gb: 1), record("a", 20, 22, gb: 2), record("a", 20, 23, gb: 4),
    ]
    let buckets = UsageMath.buckets(records, in: interval, hourly: false, calendar: amsterdam)
    #expect(buckets.count == 1)
    #expect(buckets.first?.traffic == .gb(3))
  }

  @Test func R27_rangesCoverWhatTheirNamesSay() {
    let start = Fixture.utc(2026, 11, 5, 10)
    #expect(
      UsageRange.last24Hours.interval(now: now, periodStart: start, calendar: .utc).duration
        == 86_400)
    #expect(
      UsageRange.last30Days.interval(now: now, periodStart: start, calendar: .utc).start
        == Fixture.utc(2026, 10, 22))
    #expect(
      UsageRange.currentPeriod.interval(now: now, periodStart: start, calendar: .utc)
        == DateInterval(start: start, end: now))
    let custom = UsageRange.custom(
      from: Fixture.utc(2026, 11, 20, 15), to: Fixture.utc(2026, 11, 22, 1))
    #expect(
      custom.interval(now: now, periodStart: start, calendar: .utc)
        == DateInterval(start: Fixture.utc(2026, 11, 20), end: Fixture.utc(2026, 11, 23)))
    // A reversed custom range is empty, not negative.
    let reversed = UsageRange.custom(from: Fixture.utc(2026, 11, 22), to: Fixture.utc(2026, 11, 20))
    #expect(reversed.interval(now: now, periodStart: start, calendar: .utc).duration == 0)
  }

  @Test func R27_byProxyUserLargestFirstThenByName() {
    let records = [
      record("carol", 20, 1, gb: 2), record("alice", 20, 2, gb: 5), record("bob", 20, 3, gb: 2),
      record("alice", 20, 4, gb: 1), record("dave", 10, 4, gb: 50),
    ]
    let day = DateInterval(start: Fixture.utc(2026, 11, 20), end: Fixture.utc(2026, 11, 21))
    let users = UsageMath.byUser(records, in: day)
    #expect(users.map(\.proxyUser) == ["alice", "bob", "carol"])
    #expect(users.map(\.traffic) == [.gb(6), .gb(2), .gb(2)])
  }

  @Test func R27_forecastSteadyUseLastsPastThePeriodEnd() {
    // 20 GB left at 1 GB a day (7 GB in 7 days): runs out in 20 days, on 11 Dec.
    let forecast = UsageMath.forecast(
      remaining: .gb(20), lastSevenDays: .gb(7), now: now, periodEnd: periodEnd)
    #expect(forecast == .runsOut(on: Fixture.utc(2026, 12, 11), beforePeriodEnd: false))
    #expect(
      forecast.label(periodEnd: periodEnd, calendar: .utc)
        == "Forecast: lasts past the period end 1 Dec 2026 (at this rate, 11 Dec 2026)")
  }

  @Test func R27_forecastRisingUseRunsOutBeforeThePeriodEnd() {
    // 20 GB left at 4 GB a day (28 GB in 7 days): runs out in 5 days, on 26 Nov.
    let forecast = UsageMath.forecast(
      remaining: .gb(20), lastSevenDays: .gb(28), now: now, periodEnd: periodEnd)
    #expect(forecast == .runsOut(on: Fixture.utc(2026, 11, 26), beforePeriodEnd: true))
    #expect(
      forecast.label(periodEnd: periodEnd, calendar: .utc)
        == "Forecast: runs out 26 Nov 2026, before the period ends 1 Dec 2026")
  }

  @Test func R27_forecastWithoutRecentUseOrWhenExhausted() {
    #expect(
      UsageMath.forecast(remaining: .gb(20), lastSevenDays: .zero, now: now, periodEnd: periodEnd)
        == .noRecentUse)
    #expect(
      UsageMath.forecast(remaining: .zero, lastSevenDays: .gb(7), now: now, periodEnd: periodEnd)
        == .alreadyExhausted)
    #expect(
      Forecast.alreadyExhausted.label(periodEnd: periodEnd, calendar: .utc)
        == "Forecast: traffic used up; add traffic or change plan")
    #expect(
      Forecast.noRecentUse.label(periodEnd: periodEnd, calendar: .utc).hasPrefix("Forecast: no use")
    )
  }

  // MARK: R8a

  @Test func R8a_warningsAt80And100PercentOncePerPeriodEach() throws {
    let bought = Fixture.utc(2026, 11, 1, 10)
    let start = try Fixture.buy("res-regular", for: Fixture.account(), at: bought)
    var subscription = start.subscription
    var kinds: [[NoticeKind]] = []
    for gb: Int64 in [39, 1, 1, 8, 1, 5] {
      let (next, notices) = TrafficWarnings.record(
        .gb(gb), on: subscription, planName: "Regular", policy: Fixture.policy,
        at: Fixture.utc(2026, 11, 10))
      subscription = next
      kinds.append(notices.map(\.kind))
    }
    // 39 GB = 78 %; 40 GB = 80 %; 41; 49; 50 GB = 100 %; 55.
    #expect(kinds == [[], [.trafficWarning], [], [], [.trafficExhausted], []])
    #expect(subscription.warningsSent == [80, 100])
    #expect(subscription.isExhausted)
    #expect(subscription.remaining == .zero)
    #expect(subscription.usedPercent == 110)

    var account = start.account
    account.subscriptions[0] = subscription
    let renewed = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10)).account
    #expect(renewed.subscriptions[0].warningsSent.isEmpty)
    let (_, again) = TrafficWarnings.record(
      .gb(40), on: renewed.subscriptions[0], planName: "Regular", policy: Fixture.policy,
      at: Fixture.utc(2026, 12, 2))
    #expect(again.map(\.kind) == [.trafficWarning])
  }

  @Test func R8a_oneBigJumpSendsBothWarningsInOrder() throws {
    let start = try Fixture.buy("dc-basic", for: Fixture.account(), at: Fixture.utc(2026, 11, 1))
    let (subscription, notices) = TrafficWarnings.record(
      .gb(60), on: start.subscription, planName: "Basic", policy: Fixture.policy,
      at: Fixture.utc(2026, 11, 2))
    #expect(notices.map(\.kind) == [.trafficWarning, .trafficExhausted])
    #expect(notices.first?.subject == "You have used 80 % of your Basic traffic")
    #expect(subscription.servesTraffic == false)
  }
}
