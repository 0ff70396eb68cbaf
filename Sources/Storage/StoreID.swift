import GRDB

/// Each store's random id, which Message-IDs carry (R26): the outbox ids (`ava-m1`)
/// repeat in every store made from the same demo data, the store's id does not. A copy
/// of a demo template keeps the template's id, being the same store's lineage.
extension StoreSchema {
  /// The meta key of the store's random id.
  static let storeIDKey = "storeID"

  /// 128 random bits in hex: two stores made alike (two `init`s from the demo data)
  /// still differ.
  static func newStoreID() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<2).map { _ in
      let value = generator.next() as UInt64
      let hex = String(value, radix: 16)
      return String(repeating: "0", count: 16 - hex.count) + hex
    }.joined()
  }

  /// Every store gets its own id, an older one too when it is migrated.
  static func addStoreID(_ db: Database) throws {
    try db.execute(
      sql: "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
      arguments: [storeIDKey, newStoreID()])
  }
}

extension StoreSession {
  /// The store's random id (`StoreSchema`'s `store-id`), made here if a store somehow
  /// lacks it: Message-IDs carry it so that no two stores write the same one.
  func storeID() throws -> String {
    if let id = try meta(StoreSchema.storeIDKey) { return id }
    let id = StoreSchema.newStoreID()
    try setMeta(StoreSchema.storeIDKey, id)
    return id
  }
}
