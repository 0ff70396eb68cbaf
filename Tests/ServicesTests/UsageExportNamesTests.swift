import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// Issue 15: the CSV export names proxy users as the dashboard does, not by internal id.
@Suite struct UsageExportNamesTests {
  @Test func R27_usageExportNamesProxyUsers() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    let user = try world.service.addProxyUser(
      accountID: account.id, product: .residential, name: "scraper-main", password: "correct-horse-9",
      limit: nil)
    let hour = TestWorld.start.addingTimeInterval(3600)
    try world.service.recordUsage(
      accountID: account.id, product: .residential,
      records: [UsageRecord(proxyUser: user.id, hour: hour, bytes: 2 * Traffic.bytesPerGB)])
    world.clock.set(hour.addingTimeInterval(5 * 3600))
    let path = try world.service.exportUsage(
      accountID: account.id, product: .residential, range: .last24Hours)
    let csv = try String(contentsOfFile: path, encoding: .utf8)
    #expect(csv.contains("user,,scraper-main,2000000000,2.000"), "\(csv)")
    #expect(!csv.contains(user.id), "\(csv)")
  }
}
