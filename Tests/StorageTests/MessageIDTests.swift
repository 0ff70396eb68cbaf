import Billing
import Foundation
import Testing

@testable import Storage

/// R26: a Message-ID names one message in the world, so no two messages of any stores
/// share one, even stores made alike from the same demo data.
@Suite struct MessageIDTests {
  /// Every Message-ID in the store's outbox files, one per file.
  static func messageIDs(_ store: Store) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: store.outboxURL.path).sorted().map { name in
      let data = try Data(contentsOf: store.outboxURL.appendingPathComponent(name))
      let headers = try #require(MailReader.headers(data), "\(name) has no header block")
      return try #require(MailReader.value("Message-ID", in: headers), "\(name) has no Message-ID")
    }
  }

  static func storeWithMessages() throws -> Store {
    let store = try Store.temporary()
    try store.write { session in
      try session.insertAccount(
        Account(id: "ava", email: "ava@example.com", createdAt: Date(timeIntervalSince1970: 0)))
      let notices = (1...3).map {
        Notice(kind: .welcome, date: Date(timeIntervalSince1970: 0), subject: "Hi \($0)", body: "")
      }
      try session.queueNotices(notices, accountID: "ava", email: "ava@example.com")
      try session.queueNotices(notices, accountID: "ava", email: "ava@example.com")
    }
    return store
  }

  @Test func R26_messageIDsAreUniqueWithinAStoreAndAcrossStores() throws {
    let first = try Self.storeWithMessages()
    defer { first.discard() }
    let second = try Self.storeWithMessages()
    defer { second.discard() }
    defer {
      for store in [first, second] { try? FileManager.default.removeItem(at: store.directory) }
    }
    let firstIDs = try Self.messageIDs(first)
    let secondIDs = try Self.messageIDs(second)
    #expect(firstIDs.count == 6)
    #expect(Set(firstIDs).count == firstIDs.count)
    #expect(Set(secondIDs).count == secondIDs.count)
    #expect(Set(firstIDs).isDisjoint(with: secondIDs))
    let id = try #require(firstIDs.first)
    #expect(id.wholeMatch(of: /<ava-m[0-9]+\.[0-9a-f]{32}@proxydash\.example>/) != nil, "\(id)")
  }

  /// The demo template is built once and copied, so its copies share its ids (one
  /// lineage); two stores imported from the demo data do not.
  @Test func R26_twoStoresFromTheDemoDataShareNoMessageID() throws {
    var dataset = try loadedDemoDataset.get()
    // A year of hourly usage is most of an import and has no part in the emails.
    for index in dataset.personas.indices { dataset.personas[index].usage = [:] }
    let hash = PasswordHash(algorithm: "test", iterations: 1, salt: Data(), hash: Data())
    var stores: [Store] = []
    defer { for store in stores { store.discard() } }
    for _ in 0..<2 {
      let store = try Store.temporary()
      stores.append(store)
      try store.importDemo(dataset, accountPassword: hash) { _ in hash }
    }
    let first = try Self.messageIDs(stores[0])
    let second = try Self.messageIDs(stores[1])
    #expect(first.count == dataset.personas.map(\.notices.count).reduce(0, +))
    #expect(first.count > 7)
    #expect(Set(first).count == first.count)
    #expect(Set(second).count == second.count)
    #expect(Set(first).isDisjoint(with: second))
  }

  @Test func R26_eachStoreHasItsOwnRandomID() throws {
    let first = try Store.temporary()
    defer { first.discard() }
    let second = try Store.temporary()
    defer { second.discard() }
    defer {
      for store in [first, second] { try? FileManager.default.removeItem(at: store.directory) }
    }
    let ids = try [first, second].map { store in
      try #require(try store.read { try $0.meta(StoreSchema.storeIDKey) })
    }
    #expect(ids.allSatisfy { $0.wholeMatch(of: /[0-9a-f]{32}/) != nil })
    #expect(ids[0] != ids[1])
    // Reopening keeps it: the id is the store's, not the process's.
    first.close()
    let reopened = try Store.open(at: first.directory)
    #expect(try reopened.read { try $0.meta(StoreSchema.storeIDKey) } == ids[0])
  }
}
