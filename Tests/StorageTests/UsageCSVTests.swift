import Billing
import Foundation
import Testing

@testable import Storage

@Suite struct UsageCSVTests {
  @Test func R27_csvHasHeaderBucketsThenUsersQuoted() throws {
    let (store, _) = try UsageFixture.store()
    let day = UsageFixture.utc("2026-03-10")
    try store.insert(
      [
        UsageRecord(
          proxyUser: "ops, \"night\"", hour: day.addingTimeInterval(3_600), bytes: 1_500_000_000),
        UsageRecord(
          proxyUser: "alice", hour: day.addingTimeInterval(86_400 + 7_200), bytes: 250_000_000),
      ], accountID: "a", product: .residential)
    let report = try store.report(
      accountID: "a", product: .residential,
      range: .custom(from: day, to: day.addingTimeInterval(86_400)),
      now: day.addingTimeInterval(5 * 86_400),
      periodStart: day, calendar: .utc)
    let csv = store.csv(for: report, calendar: .utc)
    #expect(
      csv == """
        kind,start,proxy_user,bytes,gb\r
        day,2026-03-10,,1500000000,1.500\r
        day,2026-03-11,,250000000,0.250\r
        user,,"ops, ""night\""",1500000000,1.500\r
        user,,alice,250000000,0.250\r

        """)
  }

  @Test func R27_hourlyCsvShowsLocalHours() throws {
    let (store, _) = try UsageFixture.store()
    let calendar = BillingCalendar(timeZoneIdentifier: "Asia/Kolkata")
    // 14:30 UTC is 20:00 in Kolkata (+5:30).
    let hour = UsageFixture.utc("2026-03-10 14:30")
    try store.insert(
      [UsageRecord(proxyUser: "alice", hour: hour, bytes: 12_345)], accountID: "a",
      product: .datacenter)
    let report = try store.report(
      accountID: "a", product: .datacenter, range: .last24Hours, now: hour.addingTimeInterval(600),
      periodStart: hour, calendar: calendar)
    let lines = store.csv(for: report, calendar: calendar).components(separatedBy: "\r\n")
    // Header, 25 hours (20:00 the day before through 20:00), one user, the final CRLF.
    #expect(lines.count == 1 + 25 + 1 + 1)
    #expect(lines[1] == "hour,2026-03-09 20:00,,0,0.000")
    #expect(lines[25] == "hour,2026-03-10 20:00,,12345,0.000")
    #expect(lines[26] == "user,,alice,12345,0.000")
  }
}
