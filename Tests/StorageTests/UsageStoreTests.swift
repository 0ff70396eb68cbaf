import Billing
import Foundation
import GRDB
import Testing

@testable import Storage

/// The store against `UsageMath` (R27): whatever the SQL reads from the roll-ups must equal
/// the brute-force sums over the raw records.
@Suite struct UsageStoreTests {
  static let zones = ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/New_York", "Europe/London"]

  /// Random records around the year's clock changes: hours on the UTC hour and on the half
  /// hour (a +5:30 zone's hour starts), repeated keys, zero-byte records, several users.
  static func randomRecords(_ generator: inout SeededGenerator, count: Int) -> [UsageRecord] {
    let users = ["alice", "bob", "carol,ops", "dave \"d\"", "eve", "zed"]
    return (0..<count).map { _ in
      let halfHours = Int.random(in: 0..<(2 * 24 * 400), using: &generator)
      let onHour = Bool.random(using: &generator) || Bool.random(using: &generator)
      let seconds = onHour ? halfHours / 2 * 3600 : halfHours * 1800
      let bytes: Int64 =
        Int.random(in: 0..<10, using: &generator) == 0
        ? 0 : Int64.random(in: 1...5_000_000_000, using: &generator)
      return UsageRecord(
        proxyUser: users[Int.random(in: 0..<users.count, using: &generator)],
        hour: UsageFixture.newYear.addingTimeInterval(TimeInterval(seconds - 30 * 86_400)),
        bytes: bytes)
    }
  }

  /// A time inside the data, sometimes on a day or hour boundary, sometimes with a fraction.
  static func randomTime(_ generator: inout SeededGenerator) -> Date {
    let base = UsageFixture.newYear.addingTimeInterval(-40 * 86_400)
    let days = Double(Int.random(in: 0..<420, using: &generator)) * 86_400
    switch Int.random(in: 0..<4, using: &generator) {
    case 0: return base.addingTimeInterval(days)
    case 1:
      return base.addingTimeInterval(
        days + Double(Int.random(in: 0..<24, using: &generator)) * 3600)
    case 2:
      return base.addingTimeInterval(days + Double(Int.random(in: 0..<86_400, using: &generator)))
    default: return base.addingTimeInterval(days + Double.random(in: 0..<86_400, using: &generator))
    }
  }

  static func randomRange(_ generator: inout SeededGenerator) -> UsageRange {
    switch Int.random(in: 0..<6, using: &generator) {
    case 0: return .last24Hours
    case 1: return .last7Days
    case 2: return .last30Days
    case 3: return .currentPeriod
    case 4:
      // Usually forwards; sometimes backwards, which is an empty range.
      let from = randomTime(&generator)
      return .custom(
        from: from,
        to: from.addingTimeInterval(Double.random(in: -86_400...200 * 86_400, using: &generator)))
    default:
      let from = randomTime(&generator)
      return .custom(from: from, to: randomTime(&generator))
    }
  }

  static func expectedReport(
    _ records: [UsageRecord], range: UsageRange, now: Date, periodStart: Date,
    calendar: BillingCalendar
  ) -> UsageReport {
    let interval = range.interval(now: now, periodStart: periodStart, calendar: calendar)
    return UsageReport(
      range: range, interval: interval, total: UsageMath.total(records, in: interval),
      buckets: UsageMath.buckets(
        records, in: interval, hourly: range.chartsHours, calendar: calendar),
      byUser: UsageMath.byUser(records, in: interval),
      lastSevenDays: UsageMath.total(
        records, in: DateInterval(start: now.addingTimeInterval(-7 * 86_400), end: now)))
  }

  @Test(arguments: zip(zones, 1...UInt64(zones.count)))
  func R27_reportEqualsUsageMath(zone: String, seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let calendar = BillingCalendar(timeZoneIdentifier: zone)
    let (store, _) = try UsageFixture.store()
    let records = Self.randomRecords(&generator, count: 1_500)
    // Several batches, so accumulation across inserts is part of what is compared.
    for batch in stride(from: 0, to: records.count, by: 250) {
      try store.insert(
        Array(records[batch..<min(batch + 250, records.count)]), accountID: "acct-1",
        product: .residential)
    }
    // Noise in another account and product must never show up.
    try store.insert(
      Self.randomRecords(&generator, count: 200), accountID: "acct-2", product: .residential)
    try store.insert(
      Self.randomRecords(&generator, count: 200), accountID: "acct-1", product: .datacenter)

    for _ in 0..<120 {
      let now = Self.randomTime(&generator)
      let periodStart = now.addingTimeInterval(
        -Double.random(in: -2 * 86_400...40 * 86_400, using: &generator))
      let range = Self.randomRange(&generator)
      let report = try store.report(
        accountID: "acct-1", product: .residential, range: range, now: now,
        periodStart: periodStart,
        calendar: calendar)
      let expected = Self.expectedReport(
        records, range: range, now: now, periodStart: periodStart, calendar: calendar)
      #expect(report == expected, "zone \(zone), range \(range), now \(now)")
    }
  }

  @Test func R27_totalEqualsUsageMathOverRandomIntervals() throws {
    var generator = SeededGenerator(seed: 42)
    let (store, _) = try UsageFixture.store()
    let records = Self.randomRecords(&generator, count: 2_000)
    try store.insert(records, accountID: "acct-1", product: .datacenter)
    var nonEmpty = 0
    for _ in 0..<400 {
      let start = Self.randomTime(&generator)
      let length: TimeInterval =
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: 0
        case 1: Double.random(in: 0..<86_400, using: &generator)
        case 2: Double(Int.random(in: 1...60, using: &generator)) * 86_400
        default: Double.random(in: 0..<400 * 86_400, using: &generator)
        }
      let interval = DateInterval(start: start, duration: length)
      let expected = UsageMath.total(records, in: interval)
      if expected.bytes > 0 { nonEmpty += 1 }
      #expect(
        try store.total(accountID: "acct-1", product: .datacenter, interval: interval) == expected,
        "interval \(interval)")
    }
    // The comparison must not pass only because most intervals were empty.
    #expect(nonEmpty > 200)
  }

  @Test func R27_sameHourAddsUp() throws {
    let (store, _) = try UsageFixture.store()
    let hour = UsageFixture.utc("2026-03-10 14:00")
    try store.insert(
      [UsageRecord(proxyUser: "alice", hour: hour, bytes: 300)], accountID: "a",
      product: .residential)
    try store.insert(
      [
        UsageRecord(proxyUser: "alice", hour: hour, bytes: 200),
        UsageRecord(proxyUser: "alice", hour: hour, bytes: 1),
        UsageRecord(proxyUser: "bob", hour: hour, bytes: 7),
      ], accountID: "a", product: .residential)
    try store.insert(
      [UsageRecord(proxyUser: "alice", hour: hour, bytes: 1_000)], accountID: "b",
      product: .residential)
    try store.insert(
      [UsageRecord(proxyUser: "alice", hour: hour, bytes: 5_000)], accountID: "a",
      product: .datacenter)

    let report = try store.report(
      accountID: "a", product: .residential, range: .last24Hours,
      now: hour.addingTimeInterval(1800), periodStart: hour, calendar: .utc)
    // 300 + 200 + 1 for alice, 7 for bob; account b and the datacenter product stay apart.
    #expect(report.total == Traffic(bytes: 508))
    #expect(report.byUser.map(\.proxyUser) == ["alice", "bob"])
    #expect(report.byUser.map(\.traffic.bytes) == [501, 7])
    // From 14:00 the day before (the start of the hour holding now - 24 h) to 14:00 today.
    #expect(report.buckets.count == 25)
    #expect(report.buckets.last?.start == hour)
    #expect(report.buckets.last?.traffic == Traffic(bytes: 508))
    #expect(report.buckets.dropLast().allSatisfy { $0.traffic == .zero })
    #expect(report.lastSevenDays == Traffic(bytes: 508))
  }

  @Test func R27_rollupsStayInStepAfterSeveralInserts() throws {
    var generator = SeededGenerator(seed: 7)
    let (store, queue) = try UsageFixture.store()
    for batch in 0..<6 {
      try store.insert(
        Self.randomRecords(&generator, count: 300), accountID: batch % 2 == 0 ? "a" : "b",
        product: batch % 3 == 0 ? .datacenter : .residential)
    }
    try queue.read { db in
      let hourlyRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_hourly") ?? 0
      #expect(hourlyRows > 1_000)
      // Each roll-up equals the same grouping recomputed from the hourly rows, row for row.
      let dailyMismatches = try Int.fetchOne(
        db,
        sql: """
          SELECT COUNT(*) FROM (
            SELECT account_id, product, proxy_user, hour - hour % 86400 AS day, SUM(bytes) AS bytes
              FROM usage_hourly GROUP BY 1, 2, 3, 4
            EXCEPT SELECT account_id, product, proxy_user, day, bytes FROM usage_daily
            UNION ALL
            SELECT account_id, product, proxy_user, day, bytes FROM usage_daily
            EXCEPT SELECT account_id, product, proxy_user, hour - hour % 86400, SUM(bytes)
              FROM usage_hourly GROUP BY 1, 2, 3, 4)
          """)
      #expect(dailyMismatches == 0)
      let dailyRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_daily") ?? 0
      let expectedDailyRows = try Int.fetchOne(
        db,
        sql:
          "SELECT COUNT(*) FROM (SELECT DISTINCT account_id, product, proxy_user, hour - hour % 86400 FROM usage_hourly)"
      )
      #expect(dailyRows == expectedDailyRows)
      let totals = try Row.fetchAll(
        db,
        sql: """
          SELECT
            (SELECT COUNT(*) FROM usage_daily_total),
            (SELECT COUNT(*) FROM (SELECT DISTINCT account_id, product, day FROM usage_daily)),
            (SELECT COUNT(*) FROM (SELECT t.day FROM usage_daily_total t WHERE t.bytes !=
              (SELECT SUM(bytes) FROM usage_daily d WHERE d.account_id = t.account_id
                AND d.product = t.product AND d.day = t.day))),
            (SELECT COUNT(*) FROM usage_hourly_total),
            (SELECT COUNT(*) FROM (SELECT DISTINCT account_id, product, hour FROM usage_hourly)),
            (SELECT COUNT(*) FROM (SELECT t.hour FROM usage_hourly_total t WHERE t.bytes !=
              (SELECT SUM(bytes) FROM usage_hourly h WHERE h.account_id = t.account_id
                AND h.product = t.product AND h.hour = t.hour)))
          """)
      let row = try #require(totals.first)
      #expect(row[0] as Int == row[1] as Int)
      #expect(row[2] as Int == 0)
      #expect(row[3] as Int == row[4] as Int)
      #expect(row[5] as Int == 0)
      // Each hour's running sum is the user's traffic in that hour and all earlier ones.
      let wrongRunningSums = try Int.fetchOne(
        db,
        sql: """
          SELECT COUNT(*) FROM usage_hourly h WHERE h.cumulative_bytes != (
            SELECT SUM(e.bytes) FROM usage_hourly e WHERE e.account_id = h.account_id
              AND e.product = h.product AND e.proxy_user = h.proxy_user AND e.hour <= h.hour)
          """)
      #expect(wrongRunningSums == 0)
      let users = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_users")
      let distinctUsers = try Int.fetchOne(
        db,
        sql:
          "SELECT COUNT(*) FROM (SELECT DISTINCT account_id, product, proxy_user FROM usage_hourly)"
      )
      let listedUsers = try Int.fetchOne(
        db,
        sql: """
          SELECT COUNT(*) FROM usage_users u WHERE EXISTS (SELECT 1 FROM usage_hourly h
            WHERE h.account_id = u.account_id AND h.product = u.product AND h.proxy_user = u.proxy_user)
          """)
      #expect(users == distinctUsers)
      #expect(listedUsers == distinctUsers)
    }
  }

  @Test func R27_refusedBatchWritesNothing() throws {
    let (store, queue) = try UsageFixture.store()
    let hour = UsageFixture.utc("2026-03-10 14:00")
    let good = UsageRecord(proxyUser: "alice", hour: hour, bytes: 5)
    #expect(throws: UsageStoreError.negativeTraffic(proxyUser: "bob", hour: hour)) {
      try store.insert(
        [good, UsageRecord(proxyUser: "bob", hour: hour, bytes: -1)], accountID: "a",
        product: .residential)
    }
    let fraction = hour.addingTimeInterval(0.5)
    #expect(throws: UsageStoreError.hourNotWholeSecond(proxyUser: "alice", hour: fraction)) {
      try store.insert(
        [good, UsageRecord(proxyUser: "alice", hour: fraction, bytes: 1)], accountID: "a",
        product: .residential)
    }
    let rows = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_hourly")
    }
    #expect(rows == 0)
  }

  @Test func R27_migrationIsUsageV1() throws {
    let queue = try DatabaseQueue()
    var migrator = DatabaseMigrator()
    UsageStore.registerMigrations(in: &migrator)
    try migrator.migrate(queue)
    let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
    #expect(applied == ["usage-v1"])
    let tables = try queue.read { db in
      try String.fetchAll(
        db,
        sql:
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'usage%' ORDER BY name"
      )
    }
    #expect(
      tables == [
        "usage_daily", "usage_daily_total", "usage_hourly", "usage_hourly_total", "usage_users",
      ])
  }
}

@Suite struct UsageStoreEdgeTests {
  /// `UsageMath.byUser` lists a proxy user whose records in the range carry no traffic; the
  /// store must too, also when the record sits on a whole day read from the roll-up.
  @Test func R27_userWithOnlyZeroTrafficStillListed() throws {
    let (store, _) = try UsageFixture.store()
    let day = UsageFixture.utc("2026-03-10")
    try store.insert(
      [
        UsageRecord(proxyUser: "idle", hour: day.addingTimeInterval(5 * 3600), bytes: 0),
        UsageRecord(proxyUser: "busy", hour: day.addingTimeInterval(6 * 3600), bytes: 9),
        UsageRecord(proxyUser: "gone", hour: day.addingTimeInterval(-20 * 86_400), bytes: 4),
      ], accountID: "a", product: .residential)
    let report = try store.report(
      accountID: "a", product: .residential,
      range: .custom(from: day.addingTimeInterval(-86_400), to: day.addingTimeInterval(86_400)),
      now: day.addingTimeInterval(3 * 86_400), periodStart: day, calendar: .utc)
    #expect(report.byUser.map(\.proxyUser) == ["busy", "idle"])
    #expect(report.byUser.map(\.traffic.bytes) == [9, 0])
    #expect(report.total == Traffic(bytes: 9))
  }

  /// Hours added before existing ones (a late feed) must move every later running sum.
  @Test func R27_backfilledHoursCountInLaterRanges() throws {
    let (store, _) = try UsageFixture.store()
    let day = UsageFixture.utc("2026-03-10")
    try store.insert(
      [UsageRecord(proxyUser: "alice", hour: day.addingTimeInterval(10 * 86_400), bytes: 100)],
      accountID: "a", product: .residential)
    try store.insert(
      [UsageRecord(proxyUser: "alice", hour: day.addingTimeInterval(2 * 86_400 + 3600), bytes: 20)],
      accountID: "a", product: .residential)
    try store.insert(
      [UsageRecord(proxyUser: "alice", hour: day.addingTimeInterval(3600), bytes: 3)],
      accountID: "a", product: .residential)
    // Whole days 11 Mar .. 20 Mar: 20 + 100, not the 3 on 10 Mar.
    let report = try store.report(
      accountID: "a", product: .residential,
      range: .custom(from: day.addingTimeInterval(86_400), to: day.addingTimeInterval(10 * 86_400)),
      now: day.addingTimeInterval(30 * 86_400), periodStart: day, calendar: .utc)
    #expect(report.byUser.map(\.traffic.bytes) == [120])
    #expect(report.total == Traffic(bytes: 120))
  }
}
