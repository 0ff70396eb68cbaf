import Billing
import Foundation
import GRDB

@testable import Storage

/// A small, seeded generator (SplitMix64) so a failing random case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

enum UsageFixture {
  /// A store over a fresh in-memory database with the usage migration applied.
  static func store() throws -> (UsageStore, DatabaseQueue) {
    let queue = try DatabaseQueue()
    var migrator = DatabaseMigrator()
    UsageStore.registerMigrations(in: &migrator)
    try migrator.migrate(queue)
    return (UsageStore(database: queue), queue)
  }

  /// 1 Jan 2026 00:00 UTC.
  static let newYear = Date(timeIntervalSince1970: 1_767_225_600)

  static func utc(_ text: String) -> Date {
    // "2026-03-29 01:00"
    let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap {
      Int($0)
    }
    var components = DateComponents()
    components.year = parts[0]
    components.month = parts[1]
    components.day = parts[2]
    components.hour = parts.count > 3 ? parts[3] : 0
    components.minute = parts.count > 4 ? parts[4] : 0
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .gmt
    return calendar.date(from: components) ?? .distantPast
  }
}

extension Store {
  /// Closes a store made by `Store.temporary()` and removes its folder, so a test run
  /// leaves nothing behind in the temporary folder.
  func discard() {
    close()
    try? FileManager.default.removeItem(at: directory)
  }
}
