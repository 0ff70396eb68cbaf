import Billing
import Foundation
import Services
import Storage
import Testing

/// The provider's commands through the real binary (DESIGN.md's command line; SPEC
/// R28, R29): `billing run|status`, `catalog show|import`, and a brand-new store.
@Suite struct ProviderCLITests {
  static let renewalMoment = "2026-11-19T12:00:00Z"

  /// A store made by `init` from the demo data, in a folder the test removes.
  static func initStore(_ name: String) throws -> (folder: URL, store: URL) {
    let folder = try Binary.temporaryFolder(name)
    let store = folder.appendingPathComponent("store")
    let made = try Binary.run([
      "init", store.path, "--from", Binary.repository.appendingPathComponent("demo-data").path,
    ])
    try #require(made.status == 0, "init failed: \(made.error)")
    return (folder, store)
  }

  /// The JSON object on the last line of a run's stdout.
  static func summary(_ run: Binary.Run) throws -> [String: Any] {
    let last = try #require(run.output.split(separator: "\n").last)
    return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
  }

  /// Every paid renewal order of the store, and how many approved charges each has.
  static func renewals(in store: URL) throws -> (orders: [Order], chargesPerOrder: [String: Int]) {
    let service = try ProxyDashService.open(
      directory: store, clock: FixedClock(Date()), passwordIterations: 1_000)
    defer { service.store.close() }
    let ids = try service.store.read { try $0.accountIDs() }
    let orders = try ids.flatMap { try service.account(id: $0).orders }
      .filter { $0.kind == .renewal && $0.status == .paid }
    var counts: [String: Int] = [:]
    for charge in try service.store.read({ try $0.charges() }) where charge.status == .approved {
      if let order = charge.orderID { counts[order, default: 0] += 1 }
    }
    return (orders, counts)
  }

  @Test(arguments: ScriptTests.names(in: ScriptTests.scripts.appendingPathComponent("fresh")))
  func R29_freshStoreScript(_ name: String) throws {
    let folder = try Binary.temporaryFolder("fresh")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = ScriptTests.scripts.appendingPathComponent("fresh").appendingPathComponent(name)
    let run = try Binary.run([
      "script", file.path, "--data", folder.appendingPathComponent("new").path, "--size", "120x40",
      "--now", "2026-11-16T10:00:00Z",
    ])
    #expect(run.status == 0, "\(name) failed:\n\(run.error)\n\(run.output)")
  }

  @Test func R28_billingRunRenewsAvaAndASecondRunChargesNothing() throws {
    let (folder, store) = try Self.initStore("billing")
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try Binary.run([
      "billing", "run", "--data", store.path, "--now", Self.renewalMoment, "--json",
    ])
    #expect(first.status == 0, "\(first.error)")
    #expect(first.output.contains("Billing run at 2026-11-19T12:00:00Z"))
    let one = try Self.summary(first)
    let renewed = try #require(one["renewed"] as? Int)
    #expect(renewed >= 1)
    #expect((one["chargedCents"] as? Int ?? 0) >= 48_400, "ava's Regular: $400 + 21 % VAT")
    for key in ["accounts", "renewed", "declined", "reminders", "ended", "chargedCents"] {
      #expect(one[key] is Int, "\(key) is an integer field")
    }
    let (orders, _) = try Self.renewals(in: store)
    #expect(orders.contains { $0.id.hasPrefix("ava-") && $0.total == .units(484) })
    let second = try Binary.run([
      "billing", "run", "--data", store.path, "--now", Self.renewalMoment, "--json",
    ])
    #expect(second.status == 0)
    let two = try Self.summary(second)
    #expect(two["renewed"] as? Int == 0)
    #expect(two["chargedCents"] as? Int == 0)
    #expect(second.output.contains("0 renewed"))
  }

  @Test func R28_twoRunnersStartedTogetherRenewAsManyAsOneWithNoOrderChargedTwice() throws {
    let (singleFolder, single) = try Self.initStore("single")
    defer { try? FileManager.default.removeItem(at: singleFolder) }
    let alone = try Binary.run(["billing", "run", "--data", single.path, "--now", Self.renewalMoment])
    #expect(alone.status == 0)
    let expected = try Self.renewals(in: single).orders.count

    let (folder, store) = try Self.initStore("pair")
    defer { try? FileManager.default.removeItem(at: folder) }
    let processes = (0..<2).map { _ in
      let process = Process()
      process.executableURL = Binary.proxydash
      process.arguments = ["billing", "run", "--data", store.path, "--now", Self.renewalMoment, "--json"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      return process
    }
    for process in processes { try process.run() }
    for process in processes { process.waitUntilExit() }
    #expect(processes.allSatisfy { $0.terminationStatus == 0 })
    let (orders, charges) = try Self.renewals(in: store)
    #expect(orders.count == expected)
    #expect(Set(orders.map(\.id)).count == orders.count)
    for order in orders {
      #expect(charges[order.id] == 1, "\(order.id) is charged exactly once")
    }
  }

  @Test func R28_billingStatusShowsWhatIsDueAndWhoIsPastDue() throws {
    let (folder, store) = try Self.initStore("status")
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Binary.run(["billing", "status", "--data", store.path, "--now", "2026-11-16T10:00:00Z"])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.output.contains("Due next:"))
    #expect(run.output.contains("ava@example.com"))
    #expect(run.output.contains("Past due: 1"))
    #expect(run.output.contains("gil@example.com"))
    #expect(run.output.contains("next retry"))
    let missing = try Binary.run(["billing", "run", "--data", folder.appendingPathComponent("none").path])
    #expect(missing.status == 1)
    #expect(missing.error.contains("no ProxyDash store"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path))
  }

  @Test func R29_catalogShowAndABadImportIsRefusedWithTheEntryNamedAndNothingChanged() throws {
    let folder = try Binary.temporaryFolder("catalog")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store").path
    let shown = try Binary.run(["catalog", "show", "--data", store])
    #expect(shown.status == 0, "\(shown.error)")
    #expect(shown.output.contains("VAT rates (30 countries)"))
    #expect(shown.output.contains("DE  Germany"))
    #expect(shown.output.contains("Corporate"))
    #expect(shown.output.contains("res.proxydash.example"))

    let bad = folder.appendingPathComponent("plans.json")
    try """
    {"plans": [{"id": "res-micro", "name": "Micro", "product": "residential", "rank": 1, "gb": 5, "priceCents": -1, "includedProxyUsers": 1, "refundable": false}]}
    """.write(to: bad, atomically: true, encoding: .utf8)
    let refused = try Binary.run(["catalog", "import", bad.path, "--data", store])
    #expect(refused.status == 1)
    #expect(refused.error.contains("plan \"res-micro\""))
    #expect(refused.error.contains("nothing changed"))
    #expect(try Binary.run(["catalog", "show", "--data", store]).output == shown.output)

    let cheaper = folder.appendingPathComponent("rates.json")
    try #"{"countries": [{"code": "DE", "vat": 7, "eu": true}, {"code": "US", "vat": 0, "eu": false}]}"#
      .write(to: cheaper, atomically: true, encoding: .utf8)
    let imported = try Binary.run(["catalog", "import", cheaper.path, "--data", store])
    #expect(imported.status == 0, "\(imported.error)")
    let after = try Binary.run(["catalog", "show", "--data", store]).output
    #expect(after.contains("VAT rates (2 countries)"))
    #expect(after.contains("Corporate"), "a file replaces only its own part")
  }

  /// R26a, R29: a new store's catalog names the Merchant of Record as invoice seller, and
  /// `catalog import` of a seller file replaces only that part.
  @Test func R26a_catalogShowNamesTheInvoiceSellerAndImportReplacesIt() throws {
    let folder = try Binary.temporaryFolder("seller")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store").path
    let shown = try Binary.run(["catalog", "show", "--data", store])
    #expect(shown.status == 0, "\(shown.error)")
    #expect(shown.output.contains("Invoice seller:\n  Paddle.com\n  Merchant of Record"))

    let seller = folder.appendingPathComponent("seller.json")
    try
      #"{"seller": {"name": "Reseller Ltd", "role": "Merchant of Record for ProxyDash", "address": ["1 Main St", "London"], "vatID": "GB123456789"}}"#
      .write(to: seller, atomically: true, encoding: .utf8)
    let imported = try Binary.run(["catalog", "import", seller.path, "--data", store])
    #expect(imported.status == 0, "\(imported.error)")
    #expect(imported.output.contains("the invoice seller (Reseller Ltd)"))
    let after = try Binary.run(["catalog", "show", "--data", store]).output
    #expect(
      after.contains(
        "  Reseller Ltd\n  Merchant of Record for ProxyDash\n  1 Main St\n  London\n  VAT id GB123456789"))
    #expect(after.contains("res.proxydash.example"), "a file replaces only its own part")
  }
}
