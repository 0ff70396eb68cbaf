import Billing
import Foundation
import Testing

@testable import Storage

/// R25a in the store: the demo carries endpoints like a provider's store, and the
/// whitelist table keeps one row per address whatever its spelling.
@Suite struct WhitelistStoreTests {
  @Test func R25a_demoDataNamesAnEndpointPerProduct() throws {
    let data = try loadedDemoDataset.get()
    #expect(data.endpoints.map(\.product) == [.residential, .datacenter])
    #expect(data.endpoints.first?.host == "res.proxydash.example")
  }

  @Test func R25a_aBadDemoEndpointFileIsRefusedWithItsEntry() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("demo-data-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("demo-data")
    try FileManager.default.copyItem(at: source, to: folder)
    try Data(
      #"{"endpoints": [{"product": "residential", "host": "a b", "rotatingPort": 1, "stickyPorts": [2, 3]}]}"#
        .utf8
    ).write(to: folder.appendingPathComponent("endpoints.json"))
    let failure = #expect(throws: DemoDataError.self) { try DemoDataset.load(from: folder) }
    #expect(failure?.message.contains("endpoints[0] residential") == true)
  }

  @Test func R25a_oneRowPerAddressPerAccountAndProduct() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("pd-whitelist-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try Store.open(at: folder)
    defer { store.close() }
    let address = try WhitelistRules.checked("2001:DB8::5").get()
    let now = Date(timeIntervalSince1970: 1_794_823_200)
    try store.write { session in
      _ = try session.insertAccount(Account(id: "a1", email: "a@example.com", createdAt: now))
      try session.insertWhitelisted(address, accountID: "a1", product: .residential, at: now)
      try session.insertWhitelisted(address, accountID: "a1", product: .datacenter, at: now)
    }
    #expect(throws: StoreError.conflict("2001:db8::5 is already whitelisted.")) {
      try store.write { session in
        try session.insertWhitelisted(
          try WhitelistRules.checked("2001:db8:0::5").get(), accountID: "a1",
          product: .residential, at: now)
      }
    }
    let stored = try store.read {
      try $0.rows("SELECT address FROM ip_whitelist ORDER BY product").map {
        try $0.decode(String.self, forColumn: "address")
      }
    }
    #expect(stored == ["2001:db8::5", "2001:db8::5"])
  }
}
