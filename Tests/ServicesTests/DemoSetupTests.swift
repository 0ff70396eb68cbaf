import Billing
import Foundation
import Storage
import Testing

@testable import Services

@Suite struct DemoSetupTests {
  static let demoFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("demo-data", isDirectory: true)

  /// What a demo does before its first frame only reads, so a demo start copies nothing
  /// (README, Performance); the first write then moves the service to its own copy.
  @Test func aDemoStartReadsTheTemplateWithoutCopyingIt() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pd-demo-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let template = root.appendingPathComponent("store")
    let dataset = try ProxyDashService.createDemoStore(
      at: template, from: Self.demoFolder, passwordIterations: 1_000)
    try Store.sealTemplate(at: template)
    let scratch = root.appendingPathComponent("run-0")
    let service = try ProxyDashService.openTemplate(
      template, copyingOnFirstWriteTo: scratch, clock: FixedClock(dataset.now))
    for persona in dataset.personas {
      let id = try service.accountID(email: persona.account.email)
      #expect(try service.runBillingStep(accountID: id).isEmpty)
      let account = try service.account(id: id)
      _ = try service.proxyUsers(accountID: id)
      _ = try service.outbox(accountID: id)
      for subscription in account.subscriptions {
        _ = try service.usage(for: account, product: subscription.product, range: .currentPeriod)
      }
    }
    #expect(service.store.isUncopiedTemplate)
    #expect(!FileManager.default.fileExists(atPath: scratch.path))
    let ava = try service.accountID(email: "ava@example.com")
    let message = try #require(try service.outbox(accountID: ava).first { !$0.read })
    try service.markRead(accountID: ava, messageID: message.id)
    #expect(!service.store.isUncopiedTemplate)
    #expect(try service.outbox(accountID: ava).first { $0.id == message.id }?.read == true)
    let reopened = try ProxyDashService.openTemplate(
      template, copyingOnFirstWriteTo: root.appendingPathComponent("run-1"), clock: FixedClock(dataset.now))
    #expect(try reopened.outbox(accountID: ava).first { $0.id == message.id }?.read == false)
  }

  @Test func initBuildsAStoreFromDemoDataAndRefusesToOverwriteIt() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-demo-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
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
