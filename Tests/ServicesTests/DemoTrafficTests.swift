import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// A store made from the repository's demo-data, on a clock that only moves when told;
/// removed when the test ends.
final class DemoWorld {
  let directory: URL
  let clock: FixedClock
  let service: ProxyDashService
  let dataset: DemoDataset

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-demo-traffic-\(UUID().uuidString)")
    dataset = try ProxyDashService.createDemoStore(
      at: directory, from: DemoSetupTests.demoFolder, passwordIterations: 1_000)
    clock = FixedClock(dataset.now)
    service = try ProxyDashService.open(directory: directory, clock: clock, passwordIterations: 1_000)
  }

  deinit {
    service.store.close()
    try? FileManager.default.removeItem(at: directory)
  }

  func id(_ email: String) throws -> String { try service.accountID(email: email) }

  func subscription(_ email: String, _ product: Product = .residential) throws -> Subscription {
    try #require(try service.account(id: id(email)).liveSubscription(of: product))
  }

  /// The demo clock's `]`: a day on, the persona brought up to it.
  @discardableResult
  func advance(_ email: String, days: Double = 1) throws -> [BillingEvent] {
    clock.advance(by: days * 86_400)
    return try service.catchUpDemo(accountID: id(email))
  }

  func lastDay(_ email: String) throws -> UsageReport {
    try service.usage(accountID: id(email), product: .residential, range: .last24Hours)
  }

  /// The emails of `kind` sent in the current period of the persona's `product`.
  func emails(_ email: String, kind: NoticeKind, _ product: Product = .residential) throws
    -> [OutboxMessage]
  {
    let since = try subscription(email, product).periodStart
    return try service.outbox(accountID: id(email)).filter { $0.kind == kind && $0.date >= since }
  }
}

private let gigabyte = Double(Traffic.bytesPerGB)

@Suite struct DemoTrafficTests {
  /// `]` adds the day's hourly traffic of every proxy user, at the persona's rhythm:
  /// ava's history runs at about 1.5 GB a day (44 GB in the 29 days of her period).
  @Test func theDemoClockMakesHourlyTrafficPerProxyUser() throws {
    let world = try DemoWorld()
    let before = try world.subscription("ava@example.com")
    #expect(try world.lastDay("ava@example.com").byUser.count == 3)
    let beforeDay = try world.lastDay("ava@example.com").total
    try world.advance("ava@example.com")
    let after = try world.subscription("ava@example.com")
    let added = after.used - before.used
    // 44 GB / 29 days = 1.52 GB a day; a day's noise keeps it within half of that.
    #expect(Double(added.bytes) / gigabyte > 0.75 && Double(added.bytes) / gigabyte < 2.3, "\(added)")
    let day = try world.lastDay("ava@example.com")
    #expect(day.total == added, "the day's records are what was counted")
    #expect(day.total != beforeDay)
    #expect(Set(day.byUser.map(\.proxyUser)).count == 3, "each proxy user has traffic")
    let hours = day.buckets.filter { $0.traffic > .zero }
    #expect(hours.count == 24, "one record an hour")
    // The daily rhythm: Amsterdam's small hours (02:00-05:00, 01:00-04:00 UTC) are
    // quieter than its afternoon (14:00-17:00, 13:00-16:00 UTC).
    let calendar = BillingCalendar.utc
    func hourOfDay(_ bucket: UsageBucket) -> Int { calendar.hour(bucket.start) }
    let night = hours.filter { (1...4).contains(hourOfDay($0)) }.reduce(Traffic.zero) { $0 + $1.traffic }
    let afternoon = hours.filter { (13...16).contains(hourOfDay($0)) }.reduce(Traffic.zero) {
      $0 + $1.traffic
    }
    #expect(night < afternoon)
  }

  /// The same moves give the same bytes, and one jump gives what 24 one-hour steps give:
  /// the traffic after now is the history's generator going on, not a fresh draw.
  @Test func demoTrafficIsDeterministicWhateverTheSteps() throws {
    let once = try DemoWorld()
    try once.advance("ben@example.com")
    let hourly = try DemoWorld()
    for _ in 0..<24 { try hourly.advance("ben@example.com", days: 1.0 / 24) }
    for product in [Product.residential, .datacenter] {
      let a = try once.subscription("ben@example.com", product)
      let b = try hourly.subscription("ben@example.com", product)
      #expect(a.used == b.used, "\(product)")
      #expect(
        a.used
          > (try #require(
            once.dataset.persona(email: "ben@example.com")?.account.liveSubscription(of: product))).used)
    }
  }

  /// R6 with traffic: the two days to ava's renewal are used in the old period, the rest
  /// expires; the new period starts at 0 and the 80 % email (R8a, R26) goes out once,
  /// when 40 of its 50 GB are used, before the next renewal.
  @Test func R8a_demoTrafficSendsTheEightyPercentEmailThroughTheNormalPath() throws {
    let world = try DemoWorld()
    let old = try world.subscription("ava@example.com")
    #expect(try world.emails("ava@example.com", kind: .trafficWarning).count == 1, "sent before 44 GB")
    world.clock.set(old.periodEnd)
    let events = try world.service.catchUpDemo(accountID: world.id("ava@example.com"))
    let renewal = try #require(events.first { $0.kind == .renewed })
    let renewed = try world.subscription("ava@example.com")
    #expect(renewed.periodStart == old.periodEnd)
    #expect(renewed.used == .zero)
    // What expired is what the two days left of the 6 GB (50 - 44).
    #expect(renewal.summary.contains("expired"))
    #expect(!renewal.summary.contains("6.0 GB expired"), "\(renewal.summary)")
    #expect(try world.emails("ava@example.com", kind: .trafficWarning).isEmpty)
    var days = 0
    while try world.emails("ava@example.com", kind: .trafficWarning).isEmpty && days < 40 {
      try world.advance("ava@example.com")
      days += 1
    }
    let warning = try #require(try world.emails("ava@example.com", kind: .trafficWarning).last)
    #expect(warning.subject == "You have used 80 % of your Regular traffic")
    #expect(warning.date < renewed.periodEnd, "crossed within the period, after \(days) days")
    let now = try world.subscription("ava@example.com")
    #expect(now.warningsSent == [80])
    #expect(now.used.bytes * 100 >= now.available.bytes * 80)
  }

  /// hal is out of traffic (R8a): his proxies serve nothing until extra traffic (R8,
  /// residential only once used up); then the clock uses it up again, and the 100 %
  /// email, sent once this period, is not sent twice.
  @Test func R8_halOutOfTrafficServesAgainOnlyWithExtraTraffic() throws {
    let world = try DemoWorld()
    let hal = try world.id("hal@example.com")
    let start = try world.subscription("hal@example.com")
    #expect(start.used == start.available)
    #expect(start.warningsSent == [80, 100])
    #expect(try world.emails("hal@example.com", kind: .trafficExhausted).count == 1)
    try world.advance("hal@example.com")
    #expect(try world.subscription("hal@example.com").used == start.used, "paused proxies serve nothing")
    #expect(try world.lastDay("hal@example.com").total == .zero)

    let quote = try world.service.quoteExtraTraffic(
      accountID: hal, subscriptionID: start.id, gigabytes: 5)
    _ = try world.service.buyExtra(accountID: hal, quote: quote, idempotencyKey: "hal-extra")
    try world.advance("hal@example.com")
    let serving = try world.subscription("hal@example.com")
    #expect(serving.used > start.used && serving.used < serving.available)
    try world.advance("hal@example.com", days: 6)
    let again = try world.subscription("hal@example.com")
    #expect(again.used == again.available, "5 GB at about 1.3 GB a day last under 6 days")
    #expect(try world.emails("hal@example.com", kind: .trafficExhausted).count == 1)
  }

  /// Only a persona of an imported demo has a traffic plan: any other account's clock
  /// move is the plain billing step, and no usage appears.
  @Test func anAccountWithoutATrafficPlanGetsNoInventedTraffic() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-regular", for: account)
    world.clock.advance(by: 3 * 86_400)
    #expect(try world.service.catchUpDemo(accountID: account.id).isEmpty)
    let report = try world.service.usage(
      accountID: account.id, product: .residential, range: .last7Days)
    #expect(report.total == .zero)
    #expect(
      try world.service.account(id: account.id).liveSubscription(of: .residential)?.used
        == bought.subscription.used)
  }
}
