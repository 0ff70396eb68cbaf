import Billing
import Foundation
import Services
import Storage
import Testing

/// R28 with real processes: `proxydash billing run` killed with SIGKILL mid-run leaves
/// nothing half done, and the next run completes it, charging no order twice.
@Suite struct BillingKillTests {
  static let now = Date(timeIntervalSince1970: 1_795_267_800)  // 2026-11-21 13:30 UTC

  /// A store of `count` card-paid accounts whose period ended an hour before `now`.
  static func storeWithRenewalsDue(_ count: Int, in folder: URL) throws {
    let store = try Store.open(at: folder)
    defer { store.close() }
    let plan = Plan(
      id: "res-starter", name: "Starter", product: .residential, rank: 2, allowance: .gb(20),
      price: .units(200), includedProxyUsers: 3, refundable: true)
    let card = PaymentMethod.card(
      StoredCard(
        brand: .visa, last4: "4242", expiryMonth: 12, expiryYear: 2030, holder: "Kill",
        token: "tok_visa_4242"))
    try store.write { session in
      try session.setCatalog(Catalog(plans: [plan]))
      try session.setTaxRates(
        TaxRates(countries: [TaxRates.Country(code: "US", vat: .zero, eu: false)]))
      for index in 0..<count {
        let end = now.addingTimeInterval(-3600)
        let start = BillingCalendar.utc.adding(months: -1, to: end)
        try session.insertAccount(
          Account(
            id: "k\(index)", email: "k\(index)@example.com", createdAt: start,
            subscriptions: [
              Subscription(
                id: "k\(index)-s1", product: .residential, planID: plan.id, anchor: start,
                periodStart: start, periodEnd: end, autoRenew: true, paymentMethod: card,
                allowance: plan.allowance, reminderSentForPeriodEnd: end,
                originOrderID: "k\(index)-o1")
            ]))
      }
    }
  }

  /// How many accounts hold a renewal order, read without settling anything.
  /// Polls the outbox until the run has written `progress` receipts or ended (at most a
  /// minute): the kill then lands at that point of the run, whatever the machine's speed.
  static func waitWhile(_ process: Process, hasWrittenFewerThan progress: Int, receiptsIn folder: URL) {
    guard progress > 0 else { return }
    let outbox = folder.appendingPathComponent("outbox").path
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline {
      let written = (try? FileManager.default.contentsOfDirectory(atPath: outbox))?.count ?? 0
      if written >= progress { return }
      usleep(500)
    }
  }

  static func renewedAccounts(in folder: URL) throws -> Int {
    let store = try Store.open(at: folder)
    defer { store.close() }
    return try store.read { session in
      try session.accountIDs().filter { id in
        try session.account(id: id)?.account.orders.isEmpty == false
      }.count
    }
  }

  @Test func R28_aBillingRunKilledWithSIGKILLIsCompletedByTheNextRun() throws {
    let count = 120
    var killed = 0
    var midRun = 0
    // Each round kills the run once it has written `progress` receipts (one a renewal):
    // at its start, early, midway and near its end. Progress, not a delay, picks the
    // moment, so a faster build (the release binary CI runs) is killed at the same points.
    for (round, progress) in [0, 5, 50, 110].enumerated() {
      let folder = try Binary.temporaryFolder("kill-\(round)")
      defer { try? FileManager.default.removeItem(at: folder) }
      try Self.storeWithRenewalsDue(count, in: folder)
      let process = Process()
      process.executableURL = Binary.proxydash
      process.arguments = [
        "billing", "run", "--data", folder.path, "--now", ISO8601DateFormatter().string(from: Self.now),
      ]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Self.waitWhile(process, hasWrittenFewerThan: progress, receiptsIn: folder)
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killed += 1
      }
      process.waitUntilExit()
      let renewedBeforeTheKill = try Self.renewedAccounts(in: folder)
      if renewedBeforeTheKill > 0 && renewedBeforeTheKill < count { midRun += 1 }

      // The next run, an hour later by the lease clock: the dead runner's leases expired.
      let service = try ProxyDashService.open(
        directory: folder, clock: FixedClock(Self.now), passwordIterations: 1_000)
      defer { service.store.close() }
      let summary = try service.runBilling(
        runner: BillingRunner(name: "next", leaseClock: FixedClock(Date().addingTimeInterval(3600))))
      #expect(summary.failed.isEmpty, "round \(round): \(summary.failed)")
      let ids = try service.store.read { try $0.accountIDs() }
      let orders = try ids.flatMap { try service.account(id: $0).orders }
      #expect(orders.count == count, "round \(round): each account renewed exactly once")
      #expect(orders.allSatisfy { $0.kind == .renewal && $0.status == .paid })
      let charges = try service.store.read { try $0.charges() }
      #expect(!charges.contains { $0.status == .intent }, "round \(round): nothing half done")
      let approved = charges.filter { $0.status == .approved }.compactMap(\.orderID)
      #expect(approved.sorted() == orders.map(\.id).sorted(), "round \(round): one charge per order")
      let keys = try service.store.read { try $0.gatewayApprovedKeys() }
      #expect(Set(keys) == Set(orders.map(\.id)), "round \(round): the gateway took each once")
      #expect(try service.runBilling().chargedCents == 0)
    }
    #expect(killed >= 3, "most rounds must kill a run that is still going")
    #expect(midRun >= 1, "at least one kill must land between two renewals")
  }
}
