import Foundation
import Storage
import Testing

/// R33 through the real binary: the issue's two processes on one account (an upgrade
/// from Pricing, 2 proxy users from Account settings), confirmed at the same moment on
/// a fresh copy of one store each round. Whichever wins, every payment the gateway
/// approved has its order or its refund, and nothing is left open.
@Suite struct PaymentRaceBinaryTests {
  @Test func R33_twoBinariesPayingOnOneAccountLeaveNoMoneyWithoutRecord() throws {
    let folder = try Binary.temporaryFolder("race")
    defer { try? FileManager.default.removeItem(at: folder) }
    let pristine = folder.appendingPathComponent("pristine")
    let made = try Binary.run([
      "init", pristine.path, "--from", Binary.repository.appendingPathComponent("demo-data").path,
    ])
    try #require(made.status == 0, "init failed: \(made.error)")
    let upgrade = folder.appendingPathComponent("upgrade.pdscript")
    try "press 2 Down Enter\npress y\n".write(to: upgrade, atomically: true, encoding: .utf8)
    let users = folder.appendingPathComponent("users.pdscript")
    try "press 3 b\ntype \"2\"\npress Tab Enter\n".write(to: users, atomically: true, encoding: .utf8)
    for round in 0..<12 {
      let store = folder.appendingPathComponent("store\(round)")
      try FileManager.default.copyItem(at: pristine, to: store)
      let runs = Runs()
      let group = DispatchGroup()
      for script in [upgrade, users] {
        DispatchQueue.global().async(group: group) {
          let run = try? Binary.run([
            "script", script.path, "--data", store.path, "--account", "ava@example.com",
            "--now", "2026-11-16T10:00:00Z",
          ])
          runs.append(run)
        }
      }
      group.wait()
      #expect(runs.all.count == 2 && runs.all.allSatisfy { $0?.status == 0 }, "round \(round)")
      try Self.expectMoneyTrailComplete(in: store, round: round)
    }
  }

  static func expectMoneyTrailComplete(in folder: URL, round: Int) throws {
    let store = try Store.open(at: folder)
    defer { store.close() }
    try store.read { session in
      let charges = try session.charges()
      #expect(
        charges.allSatisfy { $0.status != .intent && $0.status != .refunding }, "round \(round)")
      let byKey = Dictionary(uniqueKeysWithValues: charges.map { ($0.idempotencyKey, $0) })
      let refunded = Set(try session.gatewayRefundedKeys())
      for key in try session.gatewayApprovedKeys() {
        let charge = byKey[key]
        switch charge?.status {
        case .approved?:
          let orders = try session.account(id: charge?.accountID ?? "")?.account.orders ?? []
          #expect(
            orders.contains { $0.id == charge?.orderID && $0.wasCharged },
            "round \(round): \(key) approved without its order")
        case .refunded?:
          #expect(refunded.contains(key), "round \(round): \(key) refunded without the gateway")
        default:
          Issue.record("round \(round): \(key) approved, ended \(String(describing: charge?.status))")
        }
      }
    }
  }
}

/// The two children's results, gathered from two threads.
private final class Runs: @unchecked Sendable {
  private let lock = NSLock()
  private var runs: [Binary.Run?] = []

  func append(_ run: Binary.Run?) { lock.withLock { runs.append(run) } }
  var all: [Binary.Run?] { lock.withLock { runs } }
}
