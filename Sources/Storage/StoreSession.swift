import Billing
import Foundation
import GRDB

/// One transaction (or read snapshot) on the store. Services work only through this
/// type, so no GRDB type leaks above the Storage layer.
public final class StoreSession {
  let store: Store
  var db: Database?
  /// Message files written in this transaction, deleted again if it does not commit.
  private(set) var writtenFiles: [URL] = []

  init(store: Store) { self.store = store }

  var database: Database {
    get throws {
      guard let db else {
        throw StoreError.failed("The store session was used outside its transaction.")
      }
      return db
    }
  }

  func recordWrittenFile(_ url: URL) { writtenFiles.append(url) }

  func discardWrittenFiles() {
    for url in writtenFiles { try? FileManager.default.removeItem(at: url) }
    writtenFiles = []
  }

  // MARK: Small helpers

  func execute(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
    try database.execute(sql: sql, arguments: arguments)
  }

  func rows(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> [Row] {
    try Row.fetchAll(database, sql: sql, arguments: arguments)
  }

  func row(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> Row? {
    try Row.fetchOne(database, sql: sql, arguments: arguments)
  }

  func scalarText(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws
    -> String?
  {
    try String.fetchOne(database, sql: sql, arguments: arguments)
  }

  func scalarInt(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws
    -> Int?
  {
    try Int.fetchOne(database, sql: sql, arguments: arguments)
  }

  var changesCount: Int { (try? database.changesCount) ?? 0 }

  // MARK: Meta

  /// A small named value (the demo's "now", the policy) kept with the store.
  public func meta(_ key: String) throws -> String? {
    try scalarText("SELECT value FROM meta WHERE key = ?", [key])
  }

  public func setMeta(_ key: String, _ value: String?) throws {
    if let value {
      try execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value])
    } else {
      try execute("DELETE FROM meta WHERE key = ?", [key])
    }
  }

  public func policy() throws -> BillingPolicy? {
    guard let text = try meta("policy") else { return nil }
    return try JSONColumn.decode(BillingPolicy.self, from: text)
  }

  public func setPolicy(_ policy: BillingPolicy) throws {
    try setMeta("policy", try JSONColumn.encode(policy))
  }

  /// `PRAGMA integrity_check` inside this session.
  public func integrityCheck() throws -> String {
    try scalarText("PRAGMA integrity_check") ?? "no answer"
  }
}

/// Instants as REAL seconds since the reference date: exact round-trips.
enum Instant {
  static func value(_ date: Date) -> Double { date.timeIntervalSinceReferenceDate }
  static func value(_ date: Date?) -> Double? { date?.timeIntervalSinceReferenceDate }

  static func date(_ row: Row, _ column: String) throws -> Date {
    Date(timeIntervalSinceReferenceDate: try row.decode(Double.self, forColumn: column))
  }

  static func optionalDate(_ row: Row, _ column: String) throws -> Date? {
    try row.decode(Double?.self, forColumn: column).map(Date.init(timeIntervalSinceReferenceDate:))
  }
}

/// JSON columns for nested values that are read whole (invoice lines, order kinds).
enum JSONColumn {
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
    do {
      return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
      throw StoreError.failed("A stored \(type) is damaged: \(error.localizedDescription)")
    }
  }

  static func decode<T: Decodable>(_ type: T.Type, _ row: Row, _ column: String) throws -> T {
    try decode(type, from: try row.decode(String.self, forColumn: column))
  }

  static func decodeIfPresent<T: Decodable>(_ type: T.Type, _ row: Row, _ column: String) throws
    -> T?
  {
    guard let text = try row.decode(String?.self, forColumn: column) else { return nil }
    return try decode(type, from: text)
  }
}

/// Decodes a raw-value enum column, with a clear error for a damaged value.
func enumValue<T: RawRepresentable>(_ type: T.Type, _ row: Row, _ column: String) throws -> T
where T.RawValue == String {
  let raw = try row.decode(String.self, forColumn: column)
  guard let value = T(rawValue: raw) else {
    throw StoreError.failed("The store holds an unknown \(column) \"\(raw)\".")
  }
  return value
}
