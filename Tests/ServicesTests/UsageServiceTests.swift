import Billing
import Foundation
import Storage
import Testing

@testable import Services

@Suite struct UsageServiceTests {
  @Test func R8a_recordedUsageCountsAgainstThePeriodAndWarnsOnce() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let bought = try world.buy("res-starter", for: account)  // 20 GB
    let hour = TestWorld.start.addingTimeInterval(3600)
    let sixteen = UsageRecord(proxyUser: "bot", hour: hour, bytes: 16 * Traffic.bytesPerGB)
    try world.service.recordUsage(accountID: account.id, product: .residential, records: [sixteen])
    var stored = try world.service.account(id: account.id)
    #expect(stored.subscription(id: bought.subscription.id)?.used == .gb(16))
    #expect(stored.subscription(id: bought.subscription.id)?.warningsSent == [80])
    let one = UsageRecord(
      proxyUser: "bot", hour: hour.addingTimeInterval(3600), bytes: Traffic.bytesPerGB)
    try world.service.recordUsage(accountID: account.id, product: .residential, records: [one])
    stored = try world.service.account(id: account.id)
    #expect(stored.subscriptions[0].used == .gb(17))
    let warnings = try world.service.outbox(accountID: account.id).filter {
      $0.kind == .trafficWarning
    }
    #expect(warnings.count == 1)

    world.clock.set(hour.addingTimeInterval(5 * 3600))
    let report = try world.service.usage(
      accountID: account.id, product: .residential, range: .last24Hours)
    #expect(report.total == .gb(17))
    #expect(report.byUser.map(\.proxyUser) == ["bot"])
    let path = try world.service.exportUsage(
      accountID: account.id, product: .residential, range: .last24Hours)
    let csv = try String(contentsOfFile: path, encoding: .utf8)
    #expect(csv.hasPrefix("kind,start,proxy_user,bytes,gb"))
    #expect(csv.contains("user,,(removed),17000000000,"))  // "bot" is no proxy user of the account
  }

  @Test func R27_badUsageRecordsAreRefusedWhole() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    let good = UsageRecord(proxyUser: "bot", hour: TestWorld.start, bytes: 5)
    let bad = UsageRecord(proxyUser: "bot", hour: TestWorld.start, bytes: -1)
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.recordUsage(
          accountID: account.id, product: .residential, records: [good, bad])
      } != nil)
    #expect(try world.service.account(id: account.id).subscriptions[0].used == .zero)
  }
}
