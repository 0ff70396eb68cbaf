import Billing
import Foundation
import Storage
import Testing

@testable import Services

@Suite struct DemoSetupTests {
  static let demoFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("demo-data", isDirectory: true)

  @Test func initBuildsAStoreFromDemoDataAndRefusesToOverwriteIt() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-demo-\(UUID().uuidString)")
    let dataset = try ProxyDashService.createDemoStore(
      at: directory, from: Self.demoFolder, passwordIterations: 1_000)
    let service = try ProxyDashService.open(
      directory: directory, clock: FixedClock(dataset.now), passwordIterations: 1_000)
    #expect(service.demoNow() == dataset.now)
    #expect(service.catalog == dataset.catalog)
    let ids = try service.store.read { try $0.accountIDs() }
    #expect(ids.count == dataset.personas.count)
    for persona in dataset.personas {
      let stored = try service.account(id: persona.account.id)
      #expect(stored == persona.account)
      #expect(try service.outbox(accountID: stored.id).count == persona.notices.count)
      #expect(try service.proxyUsers(accountID: stored.id).count == persona.proxyUsers.count)
      // Replayed up to now: nothing is due.
      #expect(try service.runBillingStep(accountID: stored.id).isEmpty)
      let paid = stored.orders.filter(\.wasCharged).map(\.id)
      let charged = try service.store.read { try $0.charges(accountID: stored.id) }.filter {
        $0.status == .approved
      }
      #expect(Set(charged.compactMap(\.orderID)) == Set(paid))
    }
    let ava = try service.logIn(email: "ava@example.com", password: dataset.password)
    #expect(try service.outbox(accountID: ava.id).contains { $0.kind == .renewalReminder })
    let usage = try service.usage(accountID: ava.id, product: .residential, range: .currentPeriod)
    #expect(usage.total > .zero)
    #expect(try service.store.integrityCheck() == "ok")

    expectError(
      .invalidInput("\(directory.path) already holds a ProxyDash store: choose an empty folder.")
    ) {
      () throws(ServiceError) in
      try ProxyDashService.createDemoStore(
        at: directory, from: Self.demoFolder, passwordIterations: 1_000)
    }
  }

  @Test func initWithAMissingDemoFolderCreatesNothing() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-demo-\(UUID().uuidString)")
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent(
      "no-such-demo-\(UUID().uuidString)")
    #expect(
      thrownError { () throws(ServiceError) in
        try ProxyDashService.createDemoStore(
          at: directory, from: missing, passwordIterations: 1_000)
      } != nil)
    #expect(!FileManager.default.fileExists(atPath: directory.path))
  }
}
